import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { Kysely } from 'kysely';
import { Value } from 'typebox/value';
import { type Actor, systemActor } from '../core/auth/actor.js';
import {
  type NeedResult,
  PLAN_METHODS,
  type PlanComparison,
  type PlanMethodName,
  type PlanRun,
} from '../core/planning/plan.schema.js';
import { createPlanService, type PlanService } from '../core/planning/plan.service.js';
import { startPlanJobs } from '../core/planning/plan-jobs.js';
import { explainSchemaErrors } from '../core/shared/field-messages.js';
import { createResolver, needNames, type Resolver, requireId } from '../core/shared/resolve.js';
import type { Database } from '../db/schema.js';
import { PRIORITY_WEIGHT } from '../planning/model/types.js';
import { type Scenario, ScenarioSchema } from '../planning/scenario.js';
import { dataAsOfLine } from './data-as-of.js';
import { withDatabase } from './database.js';
import { CliError, count, formatNumber, printResult } from './output.js';
import { type Column, formatTable } from './report.command.js';

const CLI: Actor = systemActor('cli');
const WEEK = /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/;

const integerIn = (option: string, min: number, max: number) => (text: string) => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new InvalidArgumentError(`${option} must be a whole number from ${min} to ${max}`);
  }
  return value;
};

const weekArgument = (text: string) => {
  if (!WEEK.test(text)) throw new InvalidArgumentError('write an ISO week, e.g. 2023-W18');
  return text;
};

/** Reads a what-if scenario file; any problem is one line naming the file. */
async function readScenario(file: string): Promise<Scenario> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(`--scenario ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [first] = explainSchemaErrors([...Value.Errors(ScenarioSchema, parsed)]);
  if (first) throw new CliError(`--scenario ${file}: ${first.field}: ${first.message}`);
  return parsed as Scenario;
}

/** The run as one flat JSON summary: what `plan run --json` and `plan show --json` print. */
function summaryOf(run: PlanRun) {
  return {
    id: run.id,
    status: run.status,
    method: run.method,
    solved_by: run.solved_by,
    start_week: run.start_week,
    horizon: run.horizon,
    lateness: run.lateness,
    objective: run.summary?.objective ?? null,
    unmet_weighted: run.summary?.unmet_weighted ?? null,
    unmet_quantity: run.summary?.unmet_quantity ?? null,
    late_weighted: run.summary?.late_weighted ?? null,
    lots: run.summary?.lots ?? null,
    needs: run.summary?.needs ?? null,
    arcs: run.summary?.arcs ?? null,
    allocations: run.summary?.allocations ?? null,
    timings: run.timings,
    error: run.error,
    accepted_at: run.accepted_at,
  };
}

type Row = { readonly key: string; readonly value: string | number | null };
const KEY_VALUE: readonly Column<Row>[] = [
  { field: 'key', title: 'run', value: (r) => r.key },
  { field: 'value', title: '', value: (r) => r.value, width: 60 },
];

function runTable(run: PlanRun): string {
  const s = summaryOf(run);
  const rows: Row[] = [
    { key: 'id', value: s.id },
    { key: 'status', value: s.status },
    { key: 'solver', value: s.solved_by ?? s.method },
    { key: 'weeks', value: `${s.start_week} + ${s.horizon} (lateness ${s.lateness})` },
    { key: 'objective', value: s.objective },
    { key: 'unmet (weighted)', value: s.unmet_weighted },
    { key: 'unmet quantity', value: s.unmet_quantity },
    { key: 'late (weighted)', value: s.late_weighted },
    {
      key: 'lots / needs / arcs',
      value:
        s.lots === null
          ? null
          : `${formatNumber(s.lots)} / ${formatNumber(s.needs ?? 0)} / ${formatNumber(s.arcs ?? 0)}`,
    },
    { key: 'allocations', value: s.allocations },
    { key: 'time (ms)', value: s.timings.total_ms ?? null },
  ];
  if (run.accepted_at) {
    rows.push({
      key: 'accepted',
      value: `${run.accepted_at} by ${run.accepted_by_name ?? 'an unknown account'}`,
    });
  }
  if (run.runner) rows.push({ key: 'runner', value: `${run.runner} (attempt ${run.attempts})` });
  if (s.error) rows.push({ key: s.status === 'interrupted' ? 'interrupted' : 'error', value: s.error });
  const asOf = dataAsOfLine();
  return `${asOf === undefined ? '' : `${asOf}\n`}${formatTable(KEY_VALUE, rows)}`;
}

const PRIORITY_WORDS = new Map<number, string>(
  Object.entries(PRIORITY_WEIGHT).map(([word, weight]) => [weight, word]),
);

/**
 * A need as people know it: its reference, item, region and due day ("N-000123 (GEN-100KVA in UA-30
 * by 2022-12-01)"; a what-if need by item and region), priority in words; ids stay in --json.
 */
type NamedNeed = NeedResult & { readonly label: string };

async function nameNeeds(
  db: Kysely<Database>,
  resolver: Resolver,
  needs: readonly NeedResult[],
): Promise<NamedNeed[]> {
  const stored = await needNames(
    db,
    needs.flatMap((need) => (need.need_id === null ? [] : [need.need_id])),
  );
  return Promise.all(
    needs.map(async (need) => ({
      ...need,
      label:
        (need.need_id === null ? undefined : stored.get(need.need_id)) ??
        `what-if ${await resolver.nameOf('item', need.item_id)} in ${await resolver.nameOf('region', need.region_id)}`,
    })),
  );
}

const NEED_COLUMNS: readonly Column<NamedNeed>[] = [
  { field: 'need', title: 'need (reference: item in region by day)', value: (n) => n.label, width: 52 },
  {
    field: 'priority',
    title: 'priority',
    value: (n) => PRIORITY_WORDS.get(n.priority_weight) ?? String(n.priority_weight),
  },
  { field: 'due', title: 'due', value: (n) => n.due },
  { field: 'quantity', title: 'quantity', value: (n) => n.quantity },
  { field: 'allocated', title: 'planned', value: (n) => n.allocated },
  { field: 'unmet', title: 'unmet', value: (n) => n.unmet },
  { field: 'late', title: 'late', value: (n) => n.late_quantity },
  { field: 'reason', title: 'reason', value: (n) => n.reason },
];

/** The summary, what donors should send next, and the most costly unmet needs with their explanation. */
async function details(
  db: Kysely<Database>,
  service: PlanService,
  run: PlanRun,
  resolver: Resolver,
): Promise<string> {
  if (run.status !== 'succeeded') return runTable(run);
  const items = (await service.items(run.id)).items.slice(0, 8);
  const unmet: NeedResult[] = [];
  for (const reason of [
    'taken_by_higher_priority',
    'no_supply_in_time',
    'lead_time_too_long',
    'bundle_ratio',
  ] as const) {
    unmet.push(...(await service.needs(run.id, { reason, limit: 500 })).items);
  }
  unmet.sort(
    (a, b) => b.unmet * b.priority_weight - a.unmet * a.priority_weight || (a.need_key < b.need_key ? -1 : 1),
  );
  const worst = await nameNeeds(db, resolver, unmet.slice(0, 8));
  const itemTable = formatTable(
    [
      { field: 'code', title: 'item', value: (i: (typeof items)[number]) => i.code },
      {
        field: 'critical_unmet_value_eur',
        title: 'critical unmet EUR',
        value: (i) => i.critical_unmet_value_eur ?? 'no EUR price',
      },
      { field: 'critical_unmet', title: 'critical unmet', value: (i) => i.critical_unmet },
      { field: 'unmet', title: 'unmet', value: (i) => i.unmet },
      { field: 'late', title: 'late', value: (i) => i.late },
      { field: 'unit', title: 'unit', value: (i) => i.unit },
      { field: 'shadow_price', title: 'dual', value: (i) => i.shadow_price },
    ],
    items,
  );
  return [
    runTable(run),
    items.length > 0 ? `\nWhat donors should send next:\n${itemTable}` : '\nEvery need is met on time.',
    worst.length > 0
      ? `\nNeeds with the most weighted unmet demand:\n${formatTable(NEED_COLUMNS, worst)}\n${worst
          .map((n) => `- ${n.label}, due in ${n.due}: ${n.explanation.text}`)
          .join('\n')}`
      : '',
  ].join('\n');
}

/** Follows a run: a progress bar on a terminal, a line per step otherwise. */
async function follow(service: PlanService, id: string): Promise<PlanRun> {
  const tty = process.stderr.isTTY === true;
  let lastNote = '';
  const timer = setInterval(() => {
    service
      .get(id)
      .then((run) => {
        const note = run.progress_note ?? run.status;
        if (tty) {
          const width = 30;
          const filled = Math.round(run.progress * width);
          process.stderr.write(
            `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.round(run.progress * 100)
              .toString()
              .padStart(3)}% ${note.padEnd(30)}`,
          );
        } else if (note !== lastNote) {
          process.stderr.write(`plan ${id}: ${note}\n`);
        }
        lastNote = note;
      })
      .catch(() => undefined);
  }, 100);
  try {
    return await service.wait(id);
  } finally {
    clearInterval(timer);
    if (tty) process.stderr.write('\r\x1b[2K');
  }
}

interface RunOptions {
  horizon?: number;
  lateness?: number;
  method: PlanMethodName;
  startWeek?: string;
  scenario?: string;
  json?: boolean;
}

/** `aidgrid plan …`: run, show, compare and accept plans; export the model for other solvers. */
export function registerPlanCommand(program: Command): void {
  const plan = program.command('plan').description('the allocation planner: runs, explanations, acceptance');

  plan
    .command('run')
    .description('plan the allocation of committed supply to open needs, and print a summary')
    .option('--horizon <weeks>', 'weeks to plan, 1–104 (default 26)', integerIn('--horizon', 1, 104))
    .option(
      '--lateness <weeks>',
      'weeks a need may be served late, 0–26 (default 4)',
      integerIn('--lateness', 0, 26),
    )
    .addOption(new Option('--method <method>', 'solver').choices(PLAN_METHODS).default('auto'))
    .option(
      '--start-week <week>',
      'week 0 of the plan (default: the week the data is as of), e.g. 2023-W18',
      weekArgument,
    )
    .option('--scenario <file>', 'a what-if scenario (JSON) applied without touching live data')
    .option('--json', 'print the run summary as JSON (objective included)')
    .action(async (options: RunOptions, command: Command) => {
      const scenario = options.scenario === undefined ? undefined : await readScenario(options.scenario);
      const output = await withDatabase(command, 'plan run', async (db, clock, database) => {
        // A worker of its own, so the run is planned even when no server runs; any worker may take it.
        const jobs = await startPlanJobs({ db, url: database.url });
        const service = createPlanService({ db, clock: clock.now, local: jobs.local });
        try {
          const queued = await service.start(
            {
              method: options.method,
              horizon: options.horizon,
              lateness: options.lateness,
              start_week: options.startWeek,
              scenario,
            },
            CLI,
          );
          const run = await follow(service, queued.id);
          return { run, text: options.json ? '' : await details(db, service, run, createResolver({ db })) };
        } finally {
          await jobs.stop();
        }
      });
      printResult(options.json === true, summaryOf(output.run), () => output.text);
      if (output.run.status !== 'succeeded') {
        throw new Error(
          `plan run ${output.run.id} ${output.run.status}${output.run.error ? `: ${output.run.error}` : ''}`,
        );
      }
    });

  plan
    .command('show <id>')
    .description('a plan run: summary, what donors should send next, and why needs are unmet')
    .option('--json', 'print the run summary as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      requireId('plan', id);
      const output = await withDatabase(command, 'plan show', async (db) => {
        const service = createPlanService({ db });
        const run = await service.get(id);
        return { run, text: options.json ? '' : await details(db, service, run, createResolver({ db })) };
      });
      printResult(options.json === true, summaryOf(output.run), () => output.text);
    });

  plan
    .command('compare <a> <b>')
    .description('what changed from run A to run B: whose needs gained or lost')
    .option('--json', 'print the comparison as JSON')
    .action(async (a: string, b: string, options: { json?: boolean }, command: Command) => {
      requireId('plan', a);
      requireId('plan', b);
      const comparison: PlanComparison = await withDatabase(command, 'plan compare', (db) =>
        createPlanService({ db }).compare(a, b),
      );
      printResult(options.json === true, comparison, () => {
        const changes = formatTable(
          [
            {
              field: 'label',
              title: 'recipient',
              value: (r: PlanComparison['by_recipient'][number]) => r.label,
              width: 40,
            },
            { field: 'allocated_a', title: 'A', value: (r) => r.allocated_a },
            { field: 'allocated_b', title: 'B', value: (r) => r.allocated_b },
            { field: 'gained', title: 'gained', value: (r) => r.gained },
            { field: 'lost', title: 'lost', value: (r) => r.lost },
          ],
          comparison.by_recipient,
        );
        const objective = (value: number | null | undefined) => (value == null ? '–' : formatNumber(value));
        return `Objective ${objective(comparison.a.summary?.objective)} → ${objective(comparison.b.summary?.objective)} (${objective(comparison.objective_change)})\n${count(comparison.needs.length, 'need')} changed\n\n${changes}`;
      });
    });

  plan
    .command('accept <id>')
    .description('accept a run: its pledge allocations become accepted allocations (refused when stale)')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      requireId('plan', id);
      const result = await withDatabase(command, 'plan accept', (db, clock) =>
        createPlanService({ db, clock: clock.now }).accept(id, CLI),
      );
      printResult(
        options.json === true,
        result,
        () =>
          `accepted plan run ${id}: ${count(result.allocations_created, 'allocation')}, ${count(result.quantity, 'unit')}` +
          (result.skipped_forecast_quantity > 0
            ? ` (${formatNumber(result.skipped_forecast_quantity)} from forecast production left out)`
            : ''),
      );
    });

  plan
    .command('export')
    .description(
      'write the model of the current data as MPS or LP, for any other solver to check the optimum',
    )
    .addOption(new Option('--format <format>', 'file format').choices(['mps', 'lp']).makeOptionMandatory())
    .requiredOption('--out <file>', 'file to write')
    .option('--horizon <weeks>', 'weeks to plan, 1–104 (default 26)', integerIn('--horizon', 1, 104))
    .option(
      '--lateness <weeks>',
      'weeks a need may be served late, 0–26 (default 4)',
      integerIn('--lateness', 0, 26),
    )
    .option('--start-week <week>', 'week 0 of the plan (default: the week the data is as of)', weekArgument)
    .option(
      '--scenario <file>',
      'a what-if scenario (JSON) applied to the live data, as `plan run --scenario` would',
    )
    .action(
      async (
        options: {
          format: 'mps' | 'lp';
          out: string;
          horizon?: number;
          lateness?: number;
          startWeek?: string;
          scenario?: string;
        },
        command: Command,
      ) => {
        const scenario = options.scenario === undefined ? undefined : await readScenario(options.scenario);
        const model = await withDatabase(command, 'plan export', async (db, clock) => {
          const file = createWriteStream(options.out);
          const result = await createPlanService({ db, clock: clock.now }).exportModel(
            {
              format: options.format,
              horizon: options.horizon,
              lateness: options.lateness,
              start_week: options.startWeek,
              scenario,
            },
            (chunk) => file.write(chunk),
          );
          file.end();
          await finished(file);
          return result;
        });
        process.stderr.write(
          `wrote ${options.out}: ${count(model.lots, 'lot')}, ${count(model.needs, 'need')}, from ${model.start_week}\n`,
        );
      },
    );
}
