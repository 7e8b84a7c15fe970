import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, runCli } from '../../test/support/cli.js';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { newId } from '../core/shared/ids.js';

let database: TestDatabase;
const aidgrid = (...args: string[]) => runCli(['--database-url', database.url, 'aggregates', ...args]);

beforeAll(async () => {
  database = await createTestDatabase();
  const audit = { created_by: 'cli-test', updated_by: 'cli-test' };
  const org = newId();
  const region = newId();
  const item = newId();
  await database.db
    .insertInto('organisation')
    .values({ id: org, name: 'Cell Org', kind: 'state', ...audit })
    .execute();
  await database.db
    .insertInto('region')
    .values({ id: region, code: 'UA-CL', name: 'Cell Region', country_code: 'UA', ...audit })
    .execute();
  await database.db
    .insertInto('item')
    .values({
      id: item,
      code: 'CELL-1',
      name: 'Shell',
      category: 'military/ammunition',
      unit: 'round',
      ...audit,
    })
    .execute();
  await database.db
    .insertInto('need')
    .values({
      id: newId(),
      recipient_org_id: org,
      region_id: region,
      item_id: item,
      quantity: 150,
      priority: 'high',
      needed_by: '2022-11-23',
      owner_org_id: org,
      classification: 'public',
      ...audit,
    })
    .execute();
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

describe('aidgrid aggregates', () => {
  it('verify passes on cells the triggers kept; a damaged cell exits 1 naming it; rebuild repairs it', async () => {
    const [ok, okJson] = await Promise.all([aidgrid('verify'), aidgrid('verify', '--json')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(linesOf(ok.stdout)).toEqual([
      'aggregate cells verified: 1 cell equals a recomputation from the rows',
    ]);
    expect(JSON.parse(okJson.stdout)).toEqual({ ok: true, cells: 1, differences: [] });

    await sql`UPDATE aggregate_cell SET quantity = 120 WHERE kind = 'need'`.execute(database.db);
    const [broken, brokenJson] = await Promise.all([aidgrid('verify'), aidgrid('verify', '--json')]);
    const cell =
      'cell needs · item CELL-1 Shell · region UA-CL Cell Region · week 2022-W47 · visibility public';
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(linesOf(broken.stderr)[0]).toBe(
      `aidgrid: aggregate cells differ from the rows (1 cell); first: ${cell}: stored 120, recomputed 150`,
    );
    expect(brokenJson.code).toBe(1);
    expect(JSON.parse(brokenJson.stdout)).toMatchObject({
      ok: false,
      cells: 1,
      differences: [
        {
          kind: 'need',
          key: { item: { name: 'CELL-1 Shell' }, region: { name: 'UA-CL Cell Region' }, week: '2022-W47' },
          stored: { quantity: '120', count: 1 },
          recomputed: { quantity: '150', count: 1 },
          summary: `${cell}: stored 120, recomputed 150`,
        },
      ],
    });

    const rebuilt = await aidgrid('rebuild');
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(linesOf(rebuilt.stdout)).toEqual(['aggregate cells rebuilt: 1 cell']);
    expect((await aidgrid('verify')).code).toBe(0);
  });
});
