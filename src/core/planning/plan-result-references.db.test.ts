import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import type { Database } from '../../db/schema.js';

// Migration 0020: plan results reference live rows through set-based checks, with the rules of the
// foreign keys they replace (missing reference refused with 23503, cascade from runs, needs and
// pledges, refusal to delete reference data that results name).

let database: TestDatabase;
let db: Kysely<Database>;
const by = { created_by: 'test', updated_by: 'test' };
let regionCounter = 100;
let ids: Record<'org' | 'region' | 'item' | 'need' | 'pledge' | 'run', string>;

async function world(): Promise<void> {
  ids = {
    org: randomUUID(),
    region: randomUUID(),
    item: randomUUID(),
    need: randomUUID(),
    pledge: randomUUID(),
    run: randomUUID(),
  };
  await db
    .insertInto('organisation')
    .values({ id: ids.org, name: `Org ${ids.org}`, kind: 'state', ...by })
    .execute();
  await db
    .insertInto('region')
    .values({
      id: ids.region,
      code: `ZZ-${(regionCounter++).toString(36).toUpperCase()}`,
      name: 'Region',
      country_code: 'UA',
      ...by,
    })
    .execute();
  await db
    .insertInto('item')
    .values({
      id: ids.item,
      code: `I-${ids.item.slice(0, 8).toUpperCase()}`,
      name: 'Item',
      category: 'energy',
      unit: 'unit',
      ...by,
    })
    .execute();
  await db
    .insertInto('need')
    .values({
      id: ids.need,
      recipient_org_id: ids.org,
      region_id: ids.region,
      item_id: ids.item,
      quantity: 10,
      priority: 'high',
      needed_by: '2023-01-15',
      owner_org_id: ids.org,
      ...by,
    })
    .execute();
  await db
    .insertInto('pledge')
    .values({
      id: ids.pledge,
      donor_org_id: ids.org,
      item_id: ids.item,
      quantity: 10,
      announced_on: '2022-12-01',
      owner_org_id: ids.org,
      ...by,
    })
    .execute();
  await db
    .insertInto('plan_run')
    .values({
      id: ids.run,
      status: 'succeeded',
      method: 'auto',
      start_week: '2023-W01',
      parameters: JSON.stringify({}),
      ...by,
    } as never)
    .execute();
}

function allocation(seq: number, overrides: Record<string, unknown> = {}) {
  return {
    run_id: ids.run,
    seq,
    lot_id: ids.pledge,
    lot_kind: 'pledge',
    pledge_id: ids.pledge,
    need_id: ids.need,
    need_key: ids.need,
    item_id: ids.item,
    quantity: 1,
    arrival_week: 1,
    lateness: 0,
    unit_cost: 0,
    ...overrides,
  };
}

async function needResult() {
  await db
    .insertInto('plan_need_result')
    .values({
      run_id: ids.run,
      need_key: ids.need,
      need_id: ids.need,
      item_id: ids.item,
      region_id: ids.region,
      recipient_org_id: ids.org,
      priority_weight: 4,
      due_week: 2,
      quantity: 10,
      allocated: 1,
      unmet: 9,
      late_quantity: 0,
      explanation: JSON.stringify({ text: 'test' }),
    })
    .execute();
}

const count = async (table: 'plan_allocation' | 'plan_need_result' | 'plan_lot_result') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select(sql<string>`count(*)`.as('n'))
        .where('run_id', '=', ids.run)
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
}, 120_000);
afterAll(async () => {
  await database?.drop();
});
beforeEach(world);

describe('plan result references (migration 0020)', () => {
  it('stores rows whose references exist, many in one statement', async () => {
    await db
      .insertInto('plan_allocation')
      .values([allocation(0), allocation(1), allocation(2)] as never)
      .execute();
    await needResult();
    expect(await count('plan_allocation')).toBe(3);
    expect(await count('plan_need_result')).toBe(1);
  });

  it.each([
    ['run_id', 'plan_run'],
    ['need_id', 'need'],
    ['pledge_id', 'pledge'],
    ['item_id', 'item'],
  ])('refuses a row whose %s is missing (23503), and nothing of the statement is stored', async (column) => {
    const missing = randomUUID();
    const rows = [allocation(0), allocation(1, { [column]: missing })];
    const error = await db
      .insertInto('plan_allocation')
      .values(rows as never)
      .execute()
      .catch((e: unknown) => e as { code?: string; constraint?: string; detail?: string });
    expect(error).toMatchObject({ code: '23503', constraint: `plan_allocation_${column}_fkey` });
    expect((error as { detail: string }).detail).toContain(missing);
    expect(await count('plan_allocation')).toBe(0);
  });

  it('refuses an update that points a row at a missing need', async () => {
    await db
      .insertInto('plan_allocation')
      .values(allocation(0) as never)
      .execute();
    const error = await db
      .updateTable('plan_allocation')
      .set({ need_id: randomUUID() })
      .where('run_id', '=', ids.run)
      .execute()
      .catch((e: unknown) => e as { code?: string });
    expect(error).toMatchObject({ code: '23503' });
  });

  it('deletes the results of a deleted need, pledge or run (as ON DELETE CASCADE)', async () => {
    await db
      .insertInto('plan_allocation')
      .values([allocation(0), allocation(1)] as never)
      .execute();
    await needResult();
    await db.deleteFrom('allocation').where('need_id', '=', ids.need).execute();
    await db.deleteFrom('need').where('id', '=', ids.need).execute();
    expect(await count('plan_allocation')).toBe(0);
    expect(await count('plan_need_result')).toBe(0);

    await world();
    await db
      .insertInto('plan_allocation')
      .values(allocation(0) as never)
      .execute();
    await db.deleteFrom('pledge').where('id', '=', ids.pledge).execute();
    expect(await count('plan_allocation')).toBe(0);

    await world();
    await db
      .insertInto('plan_allocation')
      .values(allocation(0) as never)
      .execute();
    await needResult();
    await db.deleteFrom('plan_run').where('id', '=', ids.run).execute();
    expect(await count('plan_allocation')).toBe(0);
    expect(await count('plan_need_result')).toBe(0);
  });

  it('refuses to delete an item, region or organisation that results name (23503)', async () => {
    await needResult();
    // The need and pledge go first (they reference the same rows through their own foreign keys).
    await db.deleteFrom('need').where('id', '=', ids.need).execute();
    await db.deleteFrom('pledge').where('id', '=', ids.pledge).execute();
    await db
      .insertInto('plan_need_result')
      .values({
        run_id: ids.run,
        need_key: 'scenario:1',
        need_id: null,
        item_id: ids.item,
        region_id: ids.region,
        recipient_org_id: ids.org,
        priority_weight: 4,
        due_week: 2,
        quantity: 10,
        allocated: 0,
        unmet: 10,
        late_quantity: 0,
        explanation: JSON.stringify({ text: 'what-if need' }),
      })
      .execute();
    for (const [table, id] of [
      ['item', ids.item],
      ['region', ids.region],
      ['organisation', ids.org],
    ] as const) {
      const error = await db
        .deleteFrom(table)
        .where('id', '=', id)
        .execute()
        .catch((e: unknown) => e as { code?: string });
      expect(error, table).toMatchObject({ code: '23503' });
    }
    await db.deleteFrom('plan_run').where('id', '=', ids.run).execute();
    await db.deleteFrom('item').where('id', '=', ids.item).execute();
    await db.deleteFrom('region').where('id', '=', ids.region).execute();
  });
});

// Migration 0041: allocation's own three foreign keys became the same set-based checks.
describe('allocation references (migration 0041)', () => {
  const newAllocation = (overrides: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    pledge_id: ids.pledge,
    need_id: ids.need,
    quantity: 1,
    week: '2023-W02',
    owner_org_id: ids.org,
    ...by,
    ...overrides,
  });
  const allocations = async () =>
    Number(
      (
        await db
          .selectFrom('allocation')
          .select(sql<string>`count(*)`.as('n'))
          .where('need_id', '=', ids.need)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it.each(['pledge_id', 'need_id', 'owner_org_id'])(
    'refuses an allocation whose %s is missing with the foreign key error, storing nothing of the statement',
    async (column) => {
      const missing = randomUUID();
      const error = await db
        .insertInto('allocation')
        .values([newAllocation(), newAllocation({ [column]: missing })] as never)
        .execute()
        .catch((e: unknown) => e as { code?: string; constraint?: string; detail?: string });
      expect(error).toMatchObject({ code: '23503', constraint: `allocation_${column}_fkey` });
      expect((error as { detail: string }).detail).toContain(missing);
      expect(await allocations()).toBe(0);
    },
  );

  it('refuses an update that points an allocation at a missing need; other updates pass', async () => {
    const row = newAllocation();
    await db
      .insertInto('allocation')
      .values(row as never)
      .execute();
    await db.updateTable('allocation').set({ quantity: 2 }).where('id', '=', row.id).execute();
    const error = await db
      .updateTable('allocation')
      .set({ need_id: randomUUID() })
      .where('id', '=', row.id)
      .execute()
      .catch((e: unknown) => e as { code?: string; constraint?: string });
    expect(error).toMatchObject({ code: '23503', constraint: 'allocation_need_id_fkey' });
  });

  it('refuses to delete a pledge, need or organisation an allocation names (still referenced)', async () => {
    const owner = randomUUID();
    await db
      .insertInto('organisation')
      .values({ id: owner, name: `Org ${owner}`, kind: 'state', ...by })
      .execute();
    await db
      .insertInto('allocation')
      .values(newAllocation({ owner_org_id: owner }) as never)
      .execute();
    for (const [table, id] of [
      ['pledge', ids.pledge],
      ['need', ids.need],
      ['organisation', owner],
    ] as const) {
      const error = await db
        .deleteFrom(table)
        .where('id', '=', id)
        .execute()
        .catch((e: unknown) => e as { code?: string; detail?: string });
      expect(error, table).toMatchObject({ code: '23503' });
      expect((error as { detail: string }).detail, table).toContain(
        'is still referenced from table "allocation"',
      );
    }
  });
});
