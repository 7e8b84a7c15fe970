import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildItem, buildOrganisation, buildRegion, post } from '../../../../test/support/factories.js';

describe('capacity routes', () => {
  let t: TestApp;
  let item: string;
  let region: string;
  let org: string;
  const codes = { a: 'MAT-A', b: 'MAT-B', c: 'MAT-C' };
  const materials: Record<string, string> = {};

  const send = (
    method: 'POST' | 'PATCH' | 'GET',
    url: string,
    payload?: Record<string, unknown>,
    headers = {},
  ) => t.app.inject({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}), headers });

  beforeAll(async () => {
    t = await createTestApp();
    item = (await buildItem(t.app, { code: 'SHELL-X', unit: 'round' })).id;
    region = (await buildRegion(t.app)).id;
    org = (await buildOrganisation(t.app)).id;
    for (const [key, code] of Object.entries(codes)) {
      materials[key] = (
        await post(t.app, '/materials', {
          code,
          name: `Material ${key}`,
          unit: 'kg',
          suppliers: [
            { name: 'Maker 1', plant: key === 'a' ? 'Plant One' : null, country_code: 'CN', share: 0.8 },
            { name: 'Maker 2', plant: null, country_code: 'US', share: 0.2 },
          ],
        })
      ).id;
    }
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('creates a production line and versions its changes', async () => {
    const line = await post<{ capacity_schedule: unknown; coalition_share: number; backlog: number }>(
      t.app,
      '/production-lines',
      {
        name: 'Line X',
        manufacturer: 'Maker X',
        manufacturer_org_id: org,
        plant: 'Works X',
        country_code: 'US',
        item_id: item,
        capacity_schedule: [
          { from: '2023-01', per_month: 1_000 },
          { from: '2023-04', per_month: 2_000 },
        ],
        lead_time_months: 1,
        backlog: 500,
        coalition_share: 0.5,
      },
    );
    expect(line).toMatchObject({ coalition_share: 0.5, backlog: 500, version: 1 });
    const patched = await send(
      'PATCH',
      `/production-lines/${line.id}`,
      { backlog: 0 },
      { 'if-match': '"1"' },
    );
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ backlog: 0, version: 2 });
  });

  it('rejects negative rates and capacities, and shares out of range, listing every problem', async () => {
    const line = await send('POST', '/production-lines', {
      name: 'Bad line',
      manufacturer: 'Maker',
      country_code: 'US',
      item_id: item,
      capacity_schedule: [
        { from: '2023-02', per_month: -5 },
        { from: '2023-01', per_month: 10 },
      ],
      lead_time_months: 0,
      coalition_share: 1.5,
    });
    expect(line.statusCode).toBe(422);
    expect(line.json().code).toBe('invalid_record');
    expect(line.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'capacity_schedule[1].from',
      'capacity_schedule[0].per_month',
      'coalition_share',
    ]);
    const profile = await send('POST', '/consumption-profiles', {
      item_id: item,
      region_id: region,
      rate_schedule: [{ from: '2023-01-01', per_day: -100 }],
      stock_as_of: '2023-01-01',
    });
    expect(profile.statusCode).toBe(422);
    expect(profile.json().errors).toEqual([
      { field: 'rate_schedule[0].per_day', message: 'must not be negative' },
    ]);
  });

  it('rejects supplier shares summing above 100 %', async () => {
    const response = await send('POST', '/materials', {
      code: 'MAT-OVER',
      name: 'Over',
      unit: 'kg',
      suppliers: [
        { name: 'One', plant: null, country_code: 'CN', share: 0.7 },
        { name: 'Two', plant: null, country_code: 'IN', share: 0.4 },
      ],
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'shares_over_total' });
    expect(response.json().detail ?? response.json().title).toContain('110 %');
  });

  it('rejects a cycle in the input graph and names its path', async () => {
    await post(t.app, '/inputs', { item_id: item, material_id: materials.a, quantity_per_unit: 1 });
    await post(t.app, '/inputs', {
      parent_material_id: materials.a,
      material_id: materials.b,
      quantity_per_unit: 2,
    });
    await post(t.app, '/inputs', {
      parent_material_id: materials.b,
      material_id: materials.c,
      quantity_per_unit: 3,
    });
    const response = await send('POST', '/inputs', {
      parent_material_id: materials.c,
      material_id: materials.a,
      quantity_per_unit: 1,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().code).toBe('input_cycle');
    expect(JSON.stringify(response.json())).toContain('MAT-A → MAT-B → MAT-C → MAT-A');
    const both = await send('POST', '/inputs', {
      item_id: item,
      parent_material_id: materials.a,
      material_id: materials.b,
      quantity_per_unit: 1,
    });
    expect(both.statusCode).toBe(422);
  });

  it('filters materials by supplier country and keeps a material that an input needs', async () => {
    const listed = await send('GET', '/materials?country_code=US&sort=code');
    expect(listed.json().items.map((m: { code: string }) => m.code)).toEqual(['MAT-A', 'MAT-B', 'MAT-C']);
    expect((await send('GET', '/materials?country_code=FR')).json().items).toEqual([]);
    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/materials/${materials.b}`,
      headers: { 'if-match': '"1"' },
    });
    expect(removed.statusCode).toBe(409);
    expect(removed.json().code).toBe('in_use');
  });

  it('gives a consumption profile its coverage and run-out date', async () => {
    const profile = await post(t.app, '/consumption-profiles', {
      item_id: item,
      front: 'Front X',
      rate_schedule: [{ from: '2023-01-01', per_day: 100 }],
      stock_on_hand: 1_000,
      stock_as_of: '2023-01-01',
    });
    expect(profile).toMatchObject({ coverage_days: 10, runs_out_on: '2023-01-11' });
  });

  it('answers the forecast, the risk view and an outage run', async () => {
    const forecast = await send('GET', `/forecast?item_id=${item}&as_of=2023-01&months=3`);
    expect(forecast.statusCode).toBe(200);
    // Line X: Jan 1,000 all to production, lead 1, share 0.5 → Feb 500, Mar 500; 100 a day from 1 Jan
    // with 1,000 in stock.
    expect(forecast.json().months.map((m: { supply_production: number }) => m.supply_production)).toEqual([
      0, 500, 500,
    ]);
    expect(forecast.json().first_shortfall_month).toBe('2023-01');

    const risk = await send('GET', `/risk?item_id=${item}&threshold=0.75`);
    expect(risk.statusCode).toBe(200);
    const [entry] = risk.json().items;
    expect(entry.inputs.map((i: { code: string; hhi: number }) => [i.code, i.hhi])).toEqual([
      ['MAT-A', 6_800],
      ['MAT-B', 6_800],
      ['MAT-C', 6_800],
    ]);
    expect(entry.single_points).toHaveLength(3);

    const outage = await send('POST', '/risk/outage', { plant: 'plant one', as_of: '2023-01', months: 2 });
    expect(outage.statusCode).toBe(200);
    expect(outage.json().items[0]).toMatchObject({ available_share: 0.2, total_capacity_lost: 1_600 });

    const empty = await send('POST', '/risk/outage', { as_of: '2023-01' });
    expect(empty.statusCode).toBe(422);
  });
});
