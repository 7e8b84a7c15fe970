import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { createDemoService, type DemoLoadResult } from '../core/demo/demo.service.js';
import { createRepairService } from '../core/repairs/repair.service.js';

const COMMANDS: Record<string, string[]> = {
  assets: ['assets', 'list', '--kind', 'substation', '--json'],
  rank: ['repairs', 'rank', '--json'],
  rankText: ['repairs', 'rank'],
  list: ['repairs', 'list', '--json'],
  progress: ['repairs', 'progress', '--json'],
  badKind: ['assets', 'list', '--kind', 'castle'],
  unknown: ['repairs', 'show', '00000000-0000-7000-8000-000000000000'],
};

let database: TestDatabase;
let demo: DemoLoadResult;
const out: Record<string, CliResult> = {};

beforeAll(async () => {
  database = await createTestDatabase();
  demo = await createDemoService({ db: database.db }).load();
  await Promise.all(
    Object.entries(COMMANDS).map(async ([name, args]) => {
      out[name] = await runCli(['--database-url', database.url, ...args]);
    }),
  );
}, 240_000);
afterAll(async () => database?.drop());

function ok(name: string): string {
  const result = out[name] as CliResult;
  expect(result.code, result.stderr).toBe(0);
  return result.stdout;
}

describe('the demo’s grid repair, through the CLI', () => {
  it('loads one asset per damaged unit of the five strike waves and one project per damage entry', () => {
    // Damage entries of the waves: 15, for 26 units (strikes-2022.scenario.ts); the fund and the operator.
    expect(demo.grid).toMatchObject({
      organisation: 2,
      grid_asset: 26,
      repair_project: 15,
      // The three repairs supplied from the fund's reserve lack no equipment.
      repair_equipment: 12,
      // Part of three of those 110 kV transformer needs arrived from the Danish grant before 24 Nov.
      transformer_pledge: 3,
      transformer_receipt: 3,
    });
    expect(demo.grid.money_pledge).toBeGreaterThanOrEqual(6);
    const substations = JSON.parse(ok('assets')) as {
      kind: string;
      classification: string;
      status: string;
      synthetic: boolean;
    }[];
    // 22 of the 26 damaged units are substations (110 and 330 kV), 4 boiler houses.
    expect(substations.length).toBe(22);
    expect(
      substations.every((a) => a.kind === 'substation' && a.classification === 'restricted' && a.synthetic),
    ).toBe(true);
  });

  it('ranks every active project and lists each with its EUR funding; the reserve’s repairs show as progress', () => {
    const ranking = JSON.parse(ok('rank')) as {
      as_of: string;
      items: { rank: number; weeks: number | null }[];
    };
    expect(ranking.as_of).toBe('2022-11-24');
    // 15 projects, of which 3 were energised from the fund's reserve before 24 Nov: 12 still to rank.
    expect(ranking.items.map((r) => r.rank)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(ok('rankText')).toContain('Repairs ranked on 2022-11-24');
    const list = JSON.parse(ok('list')) as {
      funding: { gap_eur: string; cost_eur: string; funded_eur: string };
    }[];
    expect(list).toHaveLength(15);
    for (const p of list) {
      expect(Number(p.funding.gap_eur)).toBe(
        Math.max(0, Number(p.funding.cost_eur) - Number(p.funding.funded_eur)),
      );
    }
    expect(list.some((p) => Number(p.funding.funded_eur) > 0)).toBe(true);
    const progress = JSON.parse(ok('progress')) as {
      total: { week: string; projects: number; capacity: { unit: string; capacity: number }[] }[];
    };
    // Two 110 kV repairs (80 MVA each) and a boiler house (12 Gcal/h): MVA and Gcal/h apart.
    expect(progress.total.map((c) => c.week)).toEqual(['2022-W44', '2022-W46']);
    expect(progress.total.reduce((sum, c) => sum + c.projects, 0)).toBe(3);
    const byUnit = (unit: string) =>
      progress.total
        .flatMap((c) => c.capacity)
        .filter((c) => c.unit === unit)
        .reduce((sum, c) => sum + c.capacity, 0);
    expect([byUnit('MVA'), byUnit('Gcal/h')]).toEqual([160, 12]);
  });

  it('counts a delivered part of a transformer need as met, not as still coming', async () => {
    const lines = await database.db
      .selectFrom('repair_equipment')
      .innerJoin('need', 'need.id', 'repair_equipment.need_id')
      .select(['repair_equipment.repair_project_id', 'need.id', 'need.quantity', 'need.met_quantity'])
      .where('need.met_quantity', '>', '0')
      .execute();
    expect(lines).toHaveLength(3);
    const repairs = createRepairService({ db: database.db, today: () => demo.data_as_of });
    for (const line of lines) {
      expect(Number(line.met_quantity)).toBeLessThan(Number(line.quantity));
      const path = await repairs.criticalPath(line.repair_project_id);
      // The rest of the need waits on an order: the delivered pledge brings nothing more.
      expect(path.lines.find((l) => l.need_id === line.id)?.why).toBe('order');
    }
  });

  it('answers a bad kind with a usage error and an unknown project with not found', () => {
    expect(out.badKind?.code).toBe(2);
    expect(out.badKind?.stderr).toMatch(/^aidgrid: --kind must be one of substation/);
    expect(out.unknown?.code).toBe(3);
    expect(out.unknown?.stderr).toMatch(/^aidgrid: /);
  });
});
