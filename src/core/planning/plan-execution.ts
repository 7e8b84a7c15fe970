import type { Insertable, Kysely } from 'kysely';
import { withConnection } from '../../db/connection.js';
import {
  analyzePlanResults,
  claimPlanRun,
  copyPlanResults,
  finishPlanRun,
  type PlanRunRow,
  updatePlanRun,
} from '../../db/repositories/planning.repository.js';
import type { Database, PlanAllocationTable } from '../../db/schema.js';
import { explainPlan, type NeedExplanation } from '../../planning/explain.js';
import { summarizeSolution } from '../../planning/model/arcs.js';
import {
  type BuiltProblem,
  buildProblem,
  fingerprintOf,
  problemToJson,
  weekAt,
} from '../../planning/model/snapshot.js';
import { applyScenario, type Scenario } from '../../planning/scenario.js';
import { sendNextWith } from '../../planning/send-next.js';
import { type PlanCache, solvePlan, solveProblems } from '../../planning/solver/parallel.js';
import { InvalidRecord } from '../errors.js';
import { resolveOutages } from './outage.js';
import type { PlanMethodName } from './plan.schema.js';
import type { RunReaders } from './plan-classification.js';
import { EPS, qty, roundTimings, type StoredParameters } from './plan-run.view.js';
import { loadPlanSnapshot } from './snapshot.service.js';

type Db = Kysely<Database>;

/** The model of the live data a run plans, read and checked as its starter's reader. */
export interface PreparedPlan {
  readonly fingerprint: string;
  /** The model of the snapshot with the scenario applied. */
  readonly built: BuiltProblem;
  /** Who may read what is derived from it. */
  readonly readers: RunReaders;
  readonly snapshotMs: number;
  readonly buildMs: number;
}

/** Refuses weights that would make meeting a need late worse than not meeting it. */
function checkWeights(parameters: StoredParameters, built: BuiltProblem): void {
  const costs = built.problem.transportCost ?? built.problem.leadTime;
  let maxCost = 0;
  for (const c of costs) maxCost = Math.max(maxCost, c);
  const { weights, lateness } = parameters;
  if (!(weights.unmet > weights.late * lateness + weights.cost * maxCost)) {
    throw InvalidRecord([
      {
        field: 'weights',
        message: `unmet (${weights.unmet}) must exceed late × lateness + cost × the largest transport cost (${weights.late * lateness + weights.cost * maxCost}), so that meeting a need late beats not meeting it`,
      },
    ]);
  }
}

/**
 * Live data (and the scenario) → the model a run solves or an export writes, under the visibility
 * of the current reader (the request's actor, or the run's starter in a worker).
 */
export async function prepareModel(
  db: Db,
  parameters: StoredParameters,
  scenario: Scenario | null,
  today: string,
): Promise<PreparedPlan> {
  const t = performance.now();
  const withOutages = (scenario?.outages?.length ?? 0) > 0;
  const { input, readers, outages } = await loadPlanSnapshot(
    db,
    parameters.start_week,
    parameters.horizon,
    today,
    {
      outageGraph: withOutages,
    },
  );
  const effects = scenario?.outages && outages ? resolveOutages(scenario.outages, outages) : undefined;
  const edited = scenario ? applyScenario(input, scenario, effects) : input;
  const snapshotMs = performance.now() - t;
  const built = buildProblem(edited, parameters);
  checkWeights(parameters, built);
  return {
    fingerprint: fingerprintOf(input),
    built,
    readers,
    snapshotMs,
    buildMs: performance.now() - t - snapshotMs,
  };
}

function describeNeed(
  e: NeedExplanation,
  built: BuiltProblem,
  startWeek: string,
  due: number,
  lateness: number,
): string {
  const lotName = (s: number) => {
    const lot = built.lots[s];
    return lot?.kind === 'pledge' ? `pledge ${lot.key}` : `${lot?.kind} lot ${lot?.key}`;
  };
  const served =
    e.serving.length === 0
      ? 'Nothing can be planned for it.'
      : `${qty(e.allocated)} of ${qty(e.quantity)} planned: ${e.serving
          .map(
            (s) =>
              `${qty(s.quantity)} from ${lotName(s.lot)} arriving ${weekAt(startWeek, s.arrival)}${s.lateness > 0 ? ` (${s.lateness} week${s.lateness === 1 ? '' : 's'} late)` : ''}`,
          )
          .join('; ')}.`;
  if (e.reason === null) return `${served} All on time.`;
  const part = e.unmet > EPS ? `${qty(e.unmet)} unmet` : `${qty(e.late)} late`;
  const deadline = weekAt(startWeek, due + (e.unmet > EPS ? lateness : 0));
  const why: Record<NonNullable<NeedExplanation['reason']>, string> = {
    no_supply_in_time: `no supply of the item can leave a hub by ${deadline}`,
    lead_time_too_long: `supply leaves its hub in time, but the lead time to the region makes it arrive after ${deadline}`,
    taken_by_higher_priority: `the supply that could arrive by ${deadline} is used up${
      e.takenBy.length > 0
        ? ` by needs of higher or equal priority (${e.takenBy.map((d) => built.needs[d]?.key).join(', ')})`
        : ''
    }${e.bindingDual !== null && e.bindingDual > 0 ? `; one more unit there would save ${qty(e.bindingDual)}` : ''}`,
    bundle_ratio: 'supply is there, but its bundle must arrive in ratio with its lead need',
  };
  return `${served} ${part}: ${why[e.reason]}.`;
}

/**
 * What a run read, kept with it so that it can be reproduced: the model (`problem`, whose lots and
 * needs hold item, quantity, week, hub, priority, due and region) and, column by column in the
 * model's lot and need order, what of the live rows behind them the model does not hold. Columns,
 * not one object per lot and need: at L that halves what is written and parsed as jsonb.
 */
function snapshotOf(built: BuiltProblem) {
  const { lots, needs } = built;
  return {
    problem: problemToJson(built.problem),
    lots: {
      kind: lots.map((l) => l.kind),
      pledge_id: lots.map((l) => l.pledge_id),
      production_line_id: lots.map((l) => l.production_line_id),
      donor_org_id: lots.map((l) => l.donor_org_id),
      manufacturer_org_id: lots.map((l) => l.manufacturer_org_id),
    },
    needs: {
      need_id: needs.map((n) => n.need_id),
      recipient_org_id: needs.map((n) => n.recipient_org_id),
      bundle_lead: needs.map((n) => n.bundle_lead),
    },
    hub_ids: built.hubIds,
    ignored_bundle_links: built.ignoredBundleLinks,
  };
}

/** `items` mapped by `map` one at a time, as they are iterated. */
function* lazyMap<T, R>(items: readonly T[], map: (item: T) => R): Generator<R> {
  for (const item of items) yield map(item);
}

/** A run storing this many result rows refreshes the result tables' statistics (analyzePlanResults). */
const ANALYZE_AFTER_ROWS = 10_000;

/** Used-up lots named per need in its stored explanation (largest dual first). */
const BINDING_LOTS_NAMED = 5;

/** Run was cancelled (by anyone, from any process) while this process worked on it. */
class RunCancelled extends Error {}

export interface PlanExecutionDeps {
  readonly db: Db;
  /** Worker threads for the solver (0: in this thread); default: the solver's choice. */
  readonly workers?: number;
  /** Least time between two progress writes of one run. */
  readonly progressEveryMs?: number;
}

export type PlanExecution = ReturnType<typeof createPlanExecution>;

/**
 * Runs a claimed run to its end: solve → explain → store, progress written to plan_run (so every
 * process reads it), cancellation seen at every progress write. Runs as the system: it writes
 * results of a run whose readers were fixed when the run was started.
 */
export function createPlanExecution(deps: PlanExecutionDeps) {
  const { db, workers, progressEveryMs = 250 } = deps;
  let cache: PlanCache | undefined;

  async function progress(id: string, value: number, note: string): Promise<void> {
    const row = await updatePlanRun(db, id, { progress: value, progress_note: note, updated_by: 'planner' }, [
      'running',
    ]);
    if (!row) throw new RunCancelled();
  }

  /** Plans `prepared` for the running run `run`; records succeeded, failed or cancelled. */
  async function execute(run: PlanRunRow, prepared: PreparedPlan): Promise<void> {
    const id = run.id;
    const parameters = run.parameters as StoredParameters;
    const started = performance.now() - prepared.snapshotMs - prepared.buildMs;
    const timings: Record<string, number> = {
      snapshot_ms: prepared.snapshotMs,
      build_ms: prepared.buildMs,
    };
    const controller = new AbortController();
    try {
      const { fingerprint, built } = prepared;
      await progress(id, 0.1, 'solving');
      let t = performance.now();
      let lastWrite = 0;
      let writing: Promise<void> = Promise.resolve();
      const result = await solvePlan(built.problem, {
        method: run.method as PlanMethodName,
        signal: controller.signal,
        previous: cache,
        ...(workers === undefined ? {} : { workers }),
        onProgress: (done, total) => {
          const now = performance.now();
          if (now - lastWrite < progressEveryMs || done === total) return;
          lastWrite = now;
          writing = writing
            .then(() =>
              progress(id, 0.1 + (0.75 * done) / Math.max(1, total), `solved ${done} of ${total} parts`),
            )
            .catch((error: unknown) => {
              if (error instanceof RunCancelled) controller.abort();
            });
        },
      });
      await writing;
      controller.signal.throwIfAborted();
      cache = result.cache;
      timings.solve_ms = performance.now() - t;
      const { solution } = result;
      if (solution.status !== 'optimal') throw new Error(`the solver ended with status ${solution.status}`);

      t = performance.now();
      // The what-if networks of "send next" go to the solver threads while this thread explains.
      const nextSolved = sendNextWith(built.problem, solution, (problems) =>
        solveProblems(problems, { ...(workers === undefined ? {} : { workers }), signal: controller.signal }),
      );
      nextSolved.catch(() => undefined);
      const explanation = explainPlan(built.problem, solution);
      const summary = summarizeSolution(built.problem, solution.arcs, solution.flow, solution.unmet);
      const next = await nextSolved;
      timings.explain_ms = performance.now() - t;

      await progress(id, 0.9, 'storing results');
      t = performance.now();
      const { problem } = built;
      const allocations: Insertable<PlanAllocationTable>[] = [];
      for (let a = 0, seq = 0; a < solution.arcs.count; a++) {
        const x = qty(solution.flow[a] as number);
        if (x <= 0) continue;
        const lot = built.lots[solution.arcs.lot[a] as number];
        const need = built.needs[solution.arcs.need[a] as number];
        if (!lot || !need) continue;
        allocations.push({
          run_id: id,
          seq: seq++,
          lot_id: lot.key,
          lot_kind: lot.kind,
          pledge_id: lot.pledge_id,
          need_id: need.need_id,
          need_key: need.key,
          item_id: lot.item_id,
          quantity: x,
          arrival_week: solution.arcs.arrival[a] as number,
          lateness: solution.arcs.lateness[a] as number,
          unit_cost: qty(solution.arcs.unitCost[a] as number),
        });
      }
      // Made as COPY sends them, so that this thread writes explanations while PostgreSQL stores them.
      const needRows = lazyMap(explanation.needs, (e) => {
        const need = built.needs[e.need] as (typeof built.needs)[number];
        const due = problem.needs.due[e.need] as number;
        return {
          run_id: id,
          need_key: need.key,
          need_id: need.need_id,
          item_id: need.item_id,
          region_id: need.region_id,
          recipient_org_id: need.recipient_org_id,
          priority_weight: problem.needs.priority[e.need] as number,
          due_week: due,
          quantity: qty(e.quantity),
          allocated: qty(e.allocated),
          unmet: qty(e.unmet),
          late_quantity: qty(e.late),
          reason: e.reason,
          binding_dual: e.bindingDual,
          explanation: JSON.stringify({
            serving: e.serving.map((s) => ({
              lot_id: built.lots[s.lot]?.key,
              lot_kind: built.lots[s.lot]?.kind,
              quantity: qty(s.quantity),
              arrival_week: s.arrival,
              arrival: weekAt(parameters.start_week, s.arrival),
              lateness: s.lateness,
            })),
            // The lots with the largest duals: at L every used-up lot of the item would be ~50 per need.
            binding_lots: e.binding
              .slice(0, BINDING_LOTS_NAMED)
              .map((b) => ({ lot_id: built.lots[b.lot]?.key, dual: b.dual })),
            taken_by: e.takenBy.map((d) => built.needs[d]?.key),
            text: describeNeed(e, built, parameters.start_week, due, parameters.lateness),
          }),
        };
      });
      const lotRows = lazyMap(explanation.lots, (e) => {
        const lot = built.lots[e.lot] as (typeof built.lots)[number];
        return {
          run_id: id,
          lot_id: lot.key,
          lot_kind: lot.kind,
          pledge_id: lot.pledge_id,
          production_line_id: lot.production_line_id,
          item_id: lot.item_id,
          hub_code: problem.hubs[problem.lots.hub[e.lot] as number] as string,
          available_week: problem.lots.available[e.lot] as number,
          quantity: qty(e.quantity),
          used: qty(e.used),
          dual: e.dual,
        };
      });
      const snapshot = snapshotOf(built);
      const stored = allocations.length + explanation.needs.length + explanation.lots.length;
      // Results by COPY on one connection; the run row in the same transaction on that connection.
      await withConnection(db, (client, single) =>
        single.transaction().execute(async (trx) => {
          await copyPlanResults(client, { allocations, needs: needRows, lots: lotRows });
          // Written with the results (whoever sees the run succeeded sees them): up to the run row.
          timings.store_ms = performance.now() - t;
          timings.total_ms = performance.now() - started;
          const done = await finishPlanRun(
            trx,
            id,
            {
              status: 'succeeded',
              solved_by: solution.method,
              snapshot: JSON.stringify(snapshot),
              send_next: JSON.stringify(next),
              data_fingerprint: fingerprint,
              objective: solution.objective,
              unmet_weighted: summary.unmetWeighted,
              unmet_quantity: summary.unmetQuantity,
              late_weighted: summary.lateWeighted,
              lot_count: problem.lots.count,
              need_count: problem.needs.count,
              arc_count: solution.arcs.count,
              allocation_count: allocations.length,
              timings: JSON.stringify(roundTimings(timings)),
              progress: 1,
              progress_note: 'done',
              finished_at: new Date(),
              updated_by: 'planner',
            },
            ['running'],
          );
          // Cancelled while storing: roll the results back, the run stays cancelled.
          if (!done) throw new RunCancelled();
        }),
      );
      // Until the commit, run row included: known only after it, so added in a statement of its own.
      timings.committed_ms = performance.now() - started;
      await finishPlanRun(db, id, { timings: JSON.stringify(roundTimings(timings)) }, ['succeeded']);
      // Fresh statistics for the accept that may follow (it joins these rows): after the commit, so
      // that the results are not held back for them.
      if (stored >= ANALYZE_AFTER_ROWS) await analyzePlanResults(db);
    } catch (error) {
      const cancelled =
        error instanceof RunCancelled ||
        controller.signal.aborted ||
        (error instanceof DOMException && error.name === 'AbortError');
      timings.total_ms = performance.now() - started;
      // A cancelled run was already marked so by whoever cancelled it.
      if (!cancelled) {
        await updatePlanRun(
          db,
          id,
          {
            status: 'failed',
            error: error instanceof Error ? error.message : String(error),
            progress_note: 'failed',
            timings: JSON.stringify(roundTimings(timings)),
            finished_at: new Date(),
            updated_by: 'planner',
          },
          ['queued', 'running'],
        );
      }
    }
  }

  /**
   * Claims a queued run for this process (queued → running, runner recorded) and plans it: with
   * `prepared` when the process that started it handed its model over, otherwise from a snapshot
   * read now as the run's starter (`readAs` wraps the snapshot in that reader).
   */
  async function runJob(
    id: string,
    runner: { key: string; label: string },
    options: {
      prepared?: PreparedPlan | undefined;
      readAs: <T>(work: () => Promise<T>) => Promise<T>;
      today: string;
    },
  ): Promise<void> {
    const claimed = await claimPlanRun(db, id, runner);
    if (!claimed) return;
    let prepared = options.prepared;
    if (!prepared) {
      try {
        const parameters = claimed.parameters as StoredParameters;
        prepared = await options.readAs(() =>
          prepareModel(db, parameters, (claimed.scenario ?? null) as Scenario | null, options.today),
        );
        // Read again now: what it read decides who may read its results.
        await updatePlanRun(
          db,
          id,
          {
            classification: prepared.readers.classification,
            readers_coalition: prepared.readers.readers_coalition,
            readers_restricted: prepared.readers.readers_restricted,
            updated_by: 'planner',
          },
          ['running'],
        );
      } catch (error) {
        await updatePlanRun(
          db,
          id,
          {
            status: 'failed',
            error: `reading live data: ${error instanceof Error ? error.message : String(error)}`,
            progress_note: 'failed',
            finished_at: new Date(),
            updated_by: 'planner',
          },
          ['running'],
        );
        return;
      }
    }
    await execute(claimed, prepared);
  }

  return { runJob };
}
