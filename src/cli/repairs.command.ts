import type { Command } from 'commander';
import type { RepairProject } from '../core/repairs/repair.schema.js';
import { createRepairService } from '../core/repairs/repair.service.js';
import { createResolver, requireId } from '../core/shared/resolve.js';
import { withDatabase } from './database.js';
import { count, printResult } from './output.js';

function describe(p: RepairProject): string {
  const capacity = p.capacity_restored === null ? '' : `, ${p.capacity_restored} ${p.capacity_unit}`;
  return `${p.id}  ${p.name}  ${p.status}  ${p.people_reconnected} people${capacity}  cost €${p.funding.cost_eur}, gap €${p.funding.gap_eur}`;
}

export function registerRepairsCommand(program: Command): void {
  const repairs = program
    .command('repairs')
    .description('repair projects: milestones, missing equipment and money, ranking, progress');

  repairs
    .command('list')
    .description('list repair projects with their funding gap in EUR')
    .option('--region <region>', 'region code, name or id')
    .option('--json', 'print the projects as JSON')
    .action(async (options: { region?: string; json?: boolean }, command: Command) => {
      const list = await withDatabase(command, 'repairs list', async (db, clock) => {
        const region = options.region
          ? (await createResolver({ db }).resolve('region', options.region)).id
          : undefined;
        const service = createRepairService({ db, today: clock.today });
        const all: RepairProject[] = [];
        let cursor: string | undefined;
        do {
          const page = await service.list({ region_id: region }, { cursor, limit: 500 });
          all.push(...page.items);
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        return all;
      });
      printResult(Boolean(options.json), list, () =>
        list.length === 0
          ? 'no repair projects'
          : `${count(list.length, 'repair project')}\n${list.map(describe).join('\n')}`,
      );
    });

  repairs
    .command('show')
    .description('one repair project: milestones, equipment, money and its critical path')
    .argument('<id>', 'repair project id')
    .option('--json', 'print the project as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const projectId = requireId('repair project', id);
      const shown = await withDatabase(command, 'repairs show', async (db, clock) => {
        const service = createRepairService({ db, today: clock.today });
        return {
          project: await service.get(projectId),
          critical_path: await service.criticalPath(projectId),
        };
      });
      const { project, critical_path: path } = shown;
      printResult(Boolean(options.json), shown, () =>
        [
          describe(project),
          ...project.milestones.map(
            (m) => `  ${m.stage.padEnd(18)} planned ${m.planned_on ?? '—'}  actual ${m.actual_on ?? '—'}`,
          ),
          ...project.equipment.map(
            (e) =>
              `  needs ${e.quantity} × item ${e.item_id} by ${e.needed_by} (${e.priority}), ${e.met} received: need ${e.need_id}`,
          ),
          `  money: announced €${project.funding.announced_eur}, committed €${project.funding.committed_eur}, funds €${project.funding.fund_allocated_eur}, gap €${project.funding.gap_eur}`,
          `  energised ${path.energised_on ?? 'not before the money comes'} (held back by ${path.critical})`,
          ...path.moves.map(
            (m) =>
              `  ${m.kind === 'money' ? `€${m.what} committed today` : `pledge ${m.what}`} → ${m.energised_on}${m.unblocks ? ' (unblocks)' : `, ${m.days_earlier} days earlier`}`,
          ),
        ].join('\n'),
      );
    });

  repairs
    .command('rank')
    .description('repairs ranked by people reconnected per week and per EUR missing, before the first frost')
    .option('--region <region>', 'region code, name or id')
    .option('--json', 'print the ranking as JSON')
    .action(async (options: { region?: string; json?: boolean }, command: Command) => {
      const ranking = await withDatabase(command, 'repairs rank', async (db, clock) => {
        const region = options.region
          ? (await createResolver({ db }).resolve('region', options.region)).id
          : undefined;
        return createRepairService({ db, today: clock.today }).ranking({ region_id: region });
      });
      printResult(Boolean(options.json), ranking, () =>
        ranking.items.length === 0
          ? `no active repair projects on ${ranking.as_of}`
          : [
              `Repairs ranked on ${ranking.as_of}`,
              ...ranking.items.map(
                (r) =>
                  `${String(r.rank).padStart(3)}  ${r.name}  ${r.people_per_week ?? '—'} people/week  ${r.people_per_meur_missing ?? '—'} people/€1m missing  energised ${r.energised_on ?? 'blocked'}${r.before_frost ? '  before frost' : ''}${r.best_move ? `  best: ${r.best_move.kind} ${r.best_move.what}` : ''}`,
              ),
            ].join('\n'),
      );
    });

  repairs
    .command('progress')
    .description('capacity restored and people reconnected per week, by region and by funder')
    .option('--from <date>', 'first energised day counted')
    .option('--to <date>', 'last energised day counted')
    .option('--json', 'print the progress as JSON')
    .action(async (options: { from?: string; to?: string; json?: boolean }, command: Command) => {
      const report = await withDatabase(command, 'repairs progress', (db, clock) =>
        createRepairService({ db, today: clock.today }).progress({ from: options.from, to: options.to }),
      );
      printResult(Boolean(options.json), report, () =>
        report.total.length === 0
          ? 'no project energised in the period'
          : report.total
              .map(
                (c) =>
                  `${c.week}  ${count(c.projects, 'project')}  ${c.people_reconnected} people  ${c.capacity.map((x) => `${x.capacity} ${x.unit}`).join(', ')}`,
              )
              .join('\n'),
      );
    });
}
