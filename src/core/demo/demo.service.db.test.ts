import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { createDemoService } from './demo.service.js';
import { buildGridScenario, withReserveDeliveries } from './grid-2022.scenario.js';
import { buildStrikeScenario } from './strikes-2022.scenario.js';
import { buildWinterScenario, DEFAULT_DEMO_SEED } from './winter-2022.scenario.js';

describe('demo service', () => {
  let database: TestDatabase;
  const scenario = buildWinterScenario();
  const strikes = buildStrikeScenario(scenario, DEFAULT_DEMO_SEED);
  // The winter's transformer deliveries to repairs (grid-2022.scenario.ts): in-kind pledges against
  // the strikes' needs, with their allocations, shipments and receipts.
  const grid = buildGridScenario(scenario, strikes, DEFAULT_DEMO_SEED);
  const { deliveries } = grid;
  const allPledges = [...scenario.pledges, ...deliveries.pledges];
  const allNeeds = [...scenario.needs, ...withReserveDeliveries(strikes, grid).needs];

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
      allocation: scenario.allocations.length,
      shipment: scenario.shipments.length,
      shipment_line: scenario.shipment_lines.length,
      receipt: scenario.receipts.length,
      receipt_line: scenario.receipt_lines.length,
      pledge_transition: scenario.pledge_transitions.length,
    });
    expect(result.fx_rates).toBeGreaterThan(100);
    expect(result.pledges_valued).toBeGreaterThan(scenario.pledges.length / 2);
    expect(await demo.isEmpty()).toBe(false);

    const db = database.db;
    const count = async (
      table:
        | 'organisation'
        | 'region'
        | 'item'
        | 'event'
        | 'source'
        | 'source_link'
        | 'production_line'
        | 'material_input',
    ) =>
      Number(
        (
          await db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    // + the research desk the demo analyst account belongs to, + the grid operator and the energy fund
    // of the grid repair scenario (grid-2022.scenario.ts).
    expect(await count('organisation')).toBe(scenario.organisations.length + 1 + 2);
    expect(await count('region')).toBe(25);
    expect(await count('item')).toBe(scenario.items.length + strikes.items.length);
    expect(await count('event')).toBe(scenario.events.length);
    expect(await count('source')).toBe(scenario.sources.length);
    expect(await count('source_link')).toBe(scenario.source_links.length + strikes.source_links.length);
    expect(result.strikes).toMatchObject({ incident: 5, need: strikes.needs.length, as_of: '2022-11-24' });
    expect(result.capacity).toEqual({
      production_line: 7,
      material: 12,
      material_input: 15,
      consumption_profile: 1,
      need: 6,
      energy_dependency: 90,
      as_of: '2023-01',
    });
    expect(await count('production_line')).toBe(7);
    expect(await count('material_input')).toBe(15);

    const needs = await db
      .selectFrom('need')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.sum<string>('quantity').as('total')])
      .where('synthetic', '=', true)
      .where('incident_id', 'is', null)
      .executeTakeFirstOrThrow();
    // The winter needs plus the capacity scenario's six forward 155 mm requests of 100,000.
    expect(Number(needs.n)).toBe(scenario.needs.length + 6);
    expect(Number(needs.total)).toBe(scenario.needs.reduce((sum, n) => sum + n.quantity, 0) + 600_000);

    const pledges = await db
      .selectFrom('pledge')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('need_id').as('linked')])
      .where('synthetic', '=', true)
      .executeTakeFirstOrThrow();
    expect(Number(pledges.n)).toBe(allPledges.length);
    expect(Number(pledges.linked)).toBe(allPledges.filter((p) => p.need_id !== null).length);
    // Three 110 kV transformer needs of repairs got part of their units before the data's today.
    expect(result.grid).toMatchObject({ transformer_pledge: 3, transformer_receipt: 3 });
    expect(deliveries.lifecycle.receipts.every((r) => r.received_on <= result.data_as_of)).toBe(true);

    const population = await db
      .selectFrom('region')
      .select((eb) => eb.fn.sum<string>('population').as('total'))
      .executeTakeFirstOrThrow();
    expect(Number(population.total)).toBe(41_418_700);

    const audit = await db
      .selectFrom('audit_entry')
      .selectAll()
      .where('action', '=', 'load')
      .where('entity_type', '=', 'demo')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: 'demo',
      entity_type: 'demo',
      entity_id: null,
      after: result.counts,
    });
  }, 180_000); // every row goes through the aggregate cell triggers (docs/figures.md): slow on a busy machine

  it('stores the lifecycle: stage sums, allocations, shipments and receipts equal the scenario’s', async () => {
    const db = database.db;
    const add = <T>(rows: readonly T[], value: (row: T) => number) =>
      rows.reduce((sum, row) => sum + value(row), 0);
    const pledgeSums = await db
      .selectFrom('pledge')
      .select((eb) => [
        eb.fn.sum<string>('committed_quantity').as('committed'),
        eb.fn.sum<string>('allocated_quantity').as('allocated'),
        eb.fn.sum<string>('shipped_quantity').as('shipped'),
        eb.fn.sum<string>('delivered_quantity').as('delivered'),
        eb.fn.sum<string>('in_service_quantity').as('in_service'),
      ])
      .executeTakeFirstOrThrow();
    expect(Object.fromEntries(Object.entries(pledgeSums).map(([k, v]) => [k, Number(v)]))).toEqual({
      committed: add(allPledges, (p) => p.committed_quantity),
      allocated: add(allPledges, (p) => p.allocated_quantity),
      shipped: add(allPledges, (p) => p.shipped_quantity),
      delivered: add(allPledges, (p) => p.delivered_quantity),
      in_service: add(allPledges, (p) => p.in_service_quantity),
    });
    const needSums = await db
      .selectFrom('need')
      .select((eb) => [
        eb.fn.sum<string>('allocated_quantity').as('allocated'),
        eb.fn.sum<string>('met_quantity').as('met'),
      ])
      .executeTakeFirstOrThrow();
    expect(Number(needSums.allocated)).toBe(add(allNeeds, (n) => n.allocated_quantity));
    expect(Number(needSums.met)).toBe(add(allNeeds, (n) => n.met_quantity));

    // The rows agree with the stage columns in the database too, not only in the scenario.
    const received = await db
      .selectFrom('receipt_line')
      .select((eb) => eb.fn.sum<string>('quantity').as('total'))
      .executeTakeFirstOrThrow();
    expect(Number(received.total)).toBe(add(allPledges, (p) => p.delivered_quantity));
    const accepted = await db
      .selectFrom('allocation')
      .select((eb) => eb.fn.sum<string>('quantity').as('total'))
      .where('status', '=', 'accepted')
      .executeTakeFirstOrThrow();
    expect(Number(accepted.total)).toBe(add(allPledges, (p) => p.allocated_quantity));

    const statuses = await db
      .selectFrom('pledge')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('status')
      .orderBy('status')
      .execute();
    const expected = new Map<string, number>();
    for (const p of allPledges) expected.set(p.status, (expected.get(p.status) ?? 0) + 1);
    expect(new Map(statuses.map((row) => [row.status, Number(row.n)]))).toEqual(expected);
  });

  it('loads the demo exchange rates and values pledges in EUR in the same load', async () => {
    const rates = await database.db
      .selectFrom('fx_rate')
      .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.count<string>('synthetic').as('synthetic')])
      .where('synthetic', '=', true)
      .executeTakeFirstOrThrow();
    expect(Number(rates.n)).toBeGreaterThan(100);
    const usd = scenario.pledges.find((p) => p.value_currency === 'USD' && p.announced_on >= '2022-05-01');
    expect(usd).toBeDefined();
    const valued = await database.db
      .selectFrom('pledge')
      .select(['value_eur', 'value_fx_rate', 'price_list_eur'])
      .where('id', '=', usd?.id as string)
      .executeTakeFirstOrThrow();
    expect(valued.value_eur).not.toBeNull();
    expect(valued.value_fx_rate).not.toBeNull();
    // A dollar was worth between 0.85 and 1.05 euros over the demo period.
    const ratio = Number(valued.value_eur) / Number(usd?.value_amount);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.05);
    expect(valued.price_list_eur).not.toBeNull();
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
    expect({
      ...stored,
      quantity: Number(stored.quantity),
      committed_quantity: Number(stored.committed_quantity),
      allocated_quantity: Number(stored.allocated_quantity),
      shipped_quantity: Number(stored.shipped_quantity),
      delivered_quantity: Number(stored.delivered_quantity),
      in_service_quantity: Number(stored.in_service_quantity),
    }).toMatchObject(expected as object);
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
  }, 180_000);

  it('rolls back a forced load that clashes with existing rows', async () => {
    const demo = createDemoService({ db: database.db });
    await expect(demo.load({ force: true })).rejects.toMatchObject({ code: 'demo_conflict', status: 409 });
    const needs = await database.db
      .selectFrom('need')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(needs.n)).toBe(scenario.needs.length + strikes.needs.length + 6);
    const loads = await database.db
      .selectFrom('audit_entry')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'load')
      .where('entity_type', '=', 'demo')
      .executeTakeFirstOrThrow();
    expect(Number(loads.n)).toBe(1);
  });
});
