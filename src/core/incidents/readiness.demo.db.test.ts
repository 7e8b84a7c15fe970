import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { systemActor } from '../auth/actor.js';
import { createDemoService } from '../demo/demo.service.js';
import { STRIKES_AS_OF } from '../demo/strikes-2022.scenario.js';
import { createGapService } from '../gaps/gap.service.js';
import { createIncidentService } from './incident.service.js';
import { createReadinessService } from './readiness.service.js';

describe('winter readiness on the demo', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createDemoService({ db: database.db }).load();
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('ranks the regions, Kyiv city first on 24 November 2022', async () => {
    const report = await createReadinessService({ db: database.db }).ranking(STRIKES_AS_OF);
    console.log(
      report.regions
        .slice(0, 5)
        .map(
          (r) =>
            `${r.rank}. ${r.region_code} ${r.region_name}: risk ${r.risk_score}, power ${r.people_without_power}, heat ${r.people_without_heat}, water ${r.people_without_water}, frost in ${r.days_to_first_frost} d, ${r.derived_needs} needs`,
        )
        .join('\n'),
    );
    expect(report.regions).toHaveLength(25);
    expect(report.regions.map((r) => r.rank)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const first = report.regions[0];
    expect(first).toMatchObject({
      region_code: 'UA-30',
      people_without_power: 2_044_630,
      people_without_water: 2_920_900,
      days_to_first_frost: -9,
    });
    const scores = report.regions.map((r) => r.risk_score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(report.regions.filter((r) => r.derived_needs > 0).length).toBeGreaterThan(10);
  });

  it('counts the transformers delivered to repairs before 24 November as delivered, in their regions only', async () => {
    // grid-2022.scenario.ts: part of three 110 kV transformer needs arrived (Danish grant, synthetic).
    const delivered = await database.db
      .selectFrom('need')
      .innerJoin('item', 'item.id', 'need.item_id')
      .select(['need.region_id', 'need.met_quantity', 'need.quantity', 'need.status', 'item.code'])
      .where('need.incident_id', 'is not', null)
      .where('need.met_quantity', '>', '0')
      .execute();
    expect(delivered).toHaveLength(3);
    expect(delivered.every((n) => n.code === 'TRF-110KV' && n.status === 'partially_met')).toBe(true);
    const report = await createReadinessService({ db: database.db }).ranking(STRIKES_AS_OF);
    const regions = new Set(delivered.map((n) => n.region_id));
    const moved = report.regions.filter(
      (r) => Number(r.value.delivered.amount) > 0 || (r.delivered ?? 0) > 0,
    );
    expect(new Set(moved.map((r) => r.region_id))).toEqual(regions);
    expect(moved.every((r) => r.delivered_share !== null && r.delivered_share > 0)).toBe(true);
  });

  it('derives the demo needs exactly as the rules do: deriving again changes nothing', async () => {
    const incidents = createIncidentService({ db: database.db });
    const { items } = await incidents.list({});
    expect(items).toHaveLength(5);
    for (const incident of items) {
      const result = await incidents.derive(incident.id, systemActor('test'));
      expect(result.needs.length).toBeGreaterThan(0);
      expect(result.needs.every((n) => n.outcome === 'unchanged')).toBe(true);
    }
  });

  it('shows derived needs in the gap report alongside hand-entered ones', async () => {
    const gen = await database.db
      .selectFrom('item')
      .select('id')
      .where('code', '=', 'GEN-30KVA')
      .executeTakeFirstOrThrow();
    const sums = await database.db
      .selectFrom('need')
      .select((eb) => [
        eb.fn.sum<string>('quantity').filterWhere('incident_id', 'is not', null).as('derived'),
        eb.fn.sum<string>('quantity').filterWhere('incident_id', 'is', null).as('by_hand'),
      ])
      .where('item_id', '=', gen.id)
      .where('status', '<>', 'cancelled')
      .executeTakeFirstOrThrow();
    expect(Number(sums.derived)).toBeGreaterThan(0);
    expect(Number(sums.by_hand)).toBeGreaterThan(0);
    const report = await createGapService({ db: database.db }).report('item');
    const group = report.groups.find((g) => g.key === gen.id);
    expect(group?.needed).toBe(Number(sums.derived) + Number(sums.by_hand));
  });
});
