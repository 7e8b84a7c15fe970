import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { createDemoService } from './demo.service.js';
import { buildWinterScenario } from './winter-2022.scenario.js';

describe('demo service', () => {
  let database: TestDatabase;
  const scenario = buildWinterScenario();

  beforeAll(async () => {
    database = await createTestDatabase();
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('sees a freshly migrated database as empty', async () => {
    expect(await createDemoService({ db: database.db }).isEmpty()).toBe(true);
  });

  it('loads the whole scenario in one go', async () => {
    const demo = createDemoService({ db: database.db });
    const result = await demo.load();
    console.log(
      `demo load: ${result.elapsed_ms} ms for ${Object.values(result.counts).reduce((a, b) => a + b, 0)} rows`,
    );
    expect(result.counts).toEqual({
      organisation: scenario.organisations.length,
      region: scenario.regions.length,
      item: scenario.items.length,
      event: scenario.events.length,
      need: scenario.needs.length,
      pledge: scenario.pledges.length,
      source: scenario.sources.length,
      source_link: scenario.source_links.length,
    });
    expect(await demo.isEmpty()).toBe(false);

    const db = database.db;
    const count = async (table: 'organisation' | 'region' | 'item' | 'event' | 'source' | 'source_link') =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count('organisation')).toBe(scenario.organisations.length);
    expect(await count('region')).toBe(25);
    expect(await count('item')).toBe(scenario.items.length);
    expect(await count('event')).toBe(scenario.events.length);
    expect(await count('source')).toBe(scenario.sources.length);
    expect(await count('source_link')).toBe(scenario.source_links.length);

    const needs = await db
      .selectFrom('need')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string>('quantity').as('total')])
      .where('synthetic', '=', true)
      .executeTakeFirstOrThrow();
    expect(Number(needs.n)).toBe(scenario.needs.length);
    expect(Number(needs.total)).toBe(scenario.needs.reduce((sum, n) => sum + n.quantity, 0));

    const pledges = await db
      .selectFrom('pledge')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('need_id').as('linked')])
      .where('synthetic', '=', true)
      .executeTakeFirstOrThrow();
    expect(Number(pledges.n)).toBe(scenario.pledges.length);
    expect(Number(pledges.linked)).toBe(scenario.pledges.filter((p) => p.need_id !== null).length);

    const population = await db
      .selectFrom('region')
      .select((eb) => eb.fn.sum<string>('population').as('total'))
      .executeTakeFirstOrThrow();
    expect(Number(population.total)).toBe(41_418_700);

    const audit = await db.selectFrom('audit_entry').selectAll().where('action', '=', 'load').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'demo',
      entity_type: 'demo',
      entity_id: null,
      after: result.counts,
    });
  });

  it('stores rows exactly as the scenario built them', async () => {
    const expected = scenario.pledges.find((p) => p.need_id !== null && p.value_amount !== null);
    expect(expected).toBeDefined();
    const stored = await database.db
      .selectFrom('pledge')
      .selectAll()
      .where('id', '=', expected?.id as string)
      .executeTakeFirstOrThrow();
    // numeric columns come back as decimal strings: 2 decimals for money, 3 for quantities.
    expect({ ...stored, quantity: Number(stored.quantity) }).toMatchObject(expected as object);
    const event = await database.db
      .selectFrom('event')
      .select(['starts_on', 'ends_on'])
      .where('name', '=', "NATO Foreign Ministers' Meeting, Bucharest")
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ starts_on: '2022-11-29', ends_on: '2022-11-30' });
  });

  it('refuses a second load into a database that holds data', async () => {
    const demo = createDemoService({ db: database.db });
    await expect(demo.load()).rejects.toMatchObject({ code: 'demo_not_empty', status: 409 });
  });

  it('rolls back a forced load that clashes with existing rows', async () => {
    const demo = createDemoService({ db: database.db });
    await expect(demo.load({ force: true })).rejects.toMatchObject({ code: 'demo_conflict', status: 409 });
    const needs = await database.db
      .selectFrom('need')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(needs.n)).toBe(scenario.needs.length);
    const loads = await database.db
      .selectFrom('audit_entry')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'load')
      .executeTakeFirstOrThrow();
    expect(Number(loads.n)).toBe(1);
  });
});
