import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { CAPACITY_AS_OF } from '../demo/capacity-2023.scenario.js';
import { createDemoService } from '../demo/demo.service.js';
import { createCapacityAnalysisService } from './analysis.service.js';

describe('capacity on the demo', () => {
  let database: TestDatabase;
  let ammoId: string;
  const analysis = () => createCapacityAnalysisService({ db: database.db });

  beforeAll(async () => {
    database = await createTestDatabase();
    await createDemoService({ db: database.db }).load();
    const item = await database.db
      .selectFrom('item')
      .select('id')
      .where('code', '=', 'AMMO-155')
      .executeTakeFirstOrThrow();
    ammoId = item.id;
  }, 120_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('forecasts the 155 mm shortfall from January 2023, caused by capacity', async () => {
    const forecast = await analysis().forecast({ item_id: ammoId, as_of: CAPACITY_AS_OF });
    console.log(
      `AMMO-155 from ${forecast.as_of}: first shortfall ${forecast.first_shortfall_month}, main cause ${forecast.main_cause}, ` +
        `total shortfall ${forecast.total_shortfall}, by cause ${JSON.stringify(forecast.shortfall_by_cause)}`,
    );
    expect(forecast.months).toHaveLength(24);
    expect(forecast.first_shortfall_month).toBe('2023-01');
    expect(forecast.main_cause).toBe('capacity');
    const [january] = forecast.months;
    // 250,000 in stock on 1 Jan 2023; 31 days at 6,000 a day at the front.
    expect(january).toMatchObject({
      opening_stock: 250_000,
      demand_consumption: 186_000,
      supply_production: 0,
    });
    // US: 14k a month works off a 30k backlog by early March; half of March's 12k free arrives 6 months
    // later. EU lines (lead 9): FR and PL clear their backlogs in February → 6k each in November.
    const production = Object.fromEntries(forecast.months.map((m) => [m.month, m.supply_production]));
    expect([
      production['2023-08'],
      production['2023-09'],
      production['2023-10'],
      production['2023-11'],
    ]).toEqual([0, 6_000, 7_000, 19_000]);
    expect(forecast.coverage).toEqual([
      expect.objectContaining({ stock_on_hand: 250_000, coverage_days: 41, runs_out_on: '2023-02-11' }),
    ]);
  });

  it('names the single-plant propellant and the concentrated cotton linters', async () => {
    const risk = await analysis().risk({ item_id: ammoId });
    const ammo = risk.items[0];
    const points = ammo?.single_points.map((p) => [p.material_code, p.kind, p.country_code, p.share]);
    console.log(ammo?.single_points.map((p) => p.detail).join('\n'));
    expect(points).toEqual([
      ['PROPELLANT-CHARGE-155', 'single_supplier', 'CA', 1],
      ['PROPELLANT-CHARGE-155', 'concentrated_country', 'CA', 1],
      ['COTTON-LINTERS', 'concentrated_country', 'CN', 0.72],
    ]);
    expect(ammo?.single_points[0]?.detail).toContain('Valleyfield');
    const linters = ammo?.inputs.find((i) => i.code === 'COTTON-LINTERS');
    // 0.72² + 0.15² + 0.08² + 0.05² = 0.5498; 12 kg nitrocellulose × 1.1 kg linters per shell.
    expect(linters).toMatchObject({ hhi: 5_498, depth: 3, per_item_unit: 13.2 });
    expect(ammo?.exposure.slice(0, 2)).toEqual([
      { country_code: 'CA', share: 1, via: 'PROPELLANT-CHARGE-155' },
      { country_code: 'CN', share: 0.72, via: 'COTTON-LINTERS' },
    ]);
    const china = await analysis().risk({ country: 'CN' });
    expect(china.items.map((i) => i.item.code)).toEqual(['AMMO-155', 'GEN-220KVA', 'TRF-330KV']);
  });

  it('names who can make a 330 kV autotransformer and from what, and the Russian energy behind diesel pledges', async () => {
    const idOf = async (code: string) =>
      (await database.db.selectFrom('item').select('id').where('code', '=', code).executeTakeFirstOrThrow())
        .id;
    const [transformer] = (await analysis().risk({ item_id: await idOf('TRF-330KV') })).items;
    expect(transformer?.production_lines.map((l) => l.plant)).toEqual(['Synthetic autotransformer works']);
    // The core and the steel it is made of, and the bushings (sorted: the graph is walked by id).
    expect(
      transformer?.inputs
        .map((i) => `${i.path.join(' > ')}: ${i.suppliers.map((s) => s.country_code).join('/')}`)
        .sort(),
    ).toEqual([
      'HV-BUSHING-330: SE/CH/CN',
      'TRANSFORMER-CORE-330 > ELECTRICAL-STEEL: JP/KR/DE',
      'TRANSFORMER-CORE-330: FR/KR',
    ]);
    const [diesel] = (await analysis().risk({ item_id: await idOf('FUEL-DIESEL') })).items;
    const energy = diesel?.russian_energy;
    console.log(`FUEL-DIESEL: ${JSON.stringify({ ...energy, donors: energy?.donors.slice(0, 3) })}`);
    expect(energy?.carriers).toEqual(['oil']);
    expect(energy?.pledged).toBeGreaterThan(0);
    expect(energy?.exposed_share).toBeGreaterThan(0);
    expect(energy?.donors.every((d) => d.russian_share === null || d.synthetic === true)).toBe(true);
  });

  it('shows the capacity a Chinese cotton-linter stop costs and the needs that go unmet', async () => {
    const result = await analysis().outage({
      country_code: 'CN',
      material_code: 'COTTON-LINTERS',
      from: '2023-06',
      as_of: CAPACITY_AS_OF,
    });
    expect(result.items.map((i) => i.item.code)).toEqual(['AMMO-155']);
    const ammo = result.items[0];
    console.log(
      `CN linters stop from 2023-06: ${ammo?.available_share} of output left, ${ammo?.total_capacity_lost} rounds of capacity lost, ` +
        `${ammo?.shortfall_added} more shortfall, needs unmet due ${ammo?.needs_unmet.map((n) => n.needed_by).join(', ')}`,
    );
    expect(ammo?.available_share).toBe(0.28);
    // 72 % of all four lines: 64k a month until Aug 2023, 78k from Sep, 111k from Jan 2024.
    const lost = Object.fromEntries(ammo?.capacity_lost.map((c) => [c.month, c.quantity]) ?? []);
    expect(lost['2023-05']).toBeUndefined();
    expect([lost['2023-06'], lost['2023-09'], lost['2024-01']]).toEqual([46_080, 56_160, 79_920]);
    expect(ammo?.total_capacity_lost).toBe(3 * 46_080 + 4 * 56_160 + 12 * 79_920);
    expect(ammo?.shortfall_added).toBeGreaterThan(0);
    // The first lost deliveries arrive in December 2023 (US lead time 6 months): the forward
    // requests due from January 2024 fall into deepened shortfall months.
    expect(ammo?.needs_unmet.map((n) => n.needed_by)).toEqual([
      '2024-01-31',
      '2024-04-30',
      '2024-07-31',
      '2024-10-31',
    ]);
  });

  it('stops every 155 mm line when the Valleyfield plant stops', async () => {
    const result = await analysis().outage({ plant: 'Valleyfield', from: '2024-01', as_of: CAPACITY_AS_OF });
    const ammo = result.items.find((i) => i.item.code === 'AMMO-155');
    expect(ammo?.available_share).toBe(0);
    expect(ammo?.capacity_lost.map((c) => c.month)[0]).toBe('2024-01');
    expect(ammo?.total_capacity_lost).toBe(12 * 111_000);
  });
});
