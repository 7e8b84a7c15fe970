import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildItem,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../../../test/support/factories.js';

describe('capacity routes', () => {
  let t: TestApp;
  let item: string;
  let region: string;
  let org: string;
  const codes = { a: 'MAT-A', b: 'MAT-B', c: 'MAT-C' };
  const materials: Record<string, string> = {};

  const send = (
    method: 'POST' | 'PATCH' | 'GET' | 'PUT',
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
  it('names who can make a 330 kV autotransformer and from what: its input graph with suppliers', async () => {
    const transformer = (
      await buildItem(t.app, { code: 'TRF-330-T', category: 'energy/transformer', unit: 'unit' })
    ).id;
    const material = async (code: string, suppliers: unknown[]) =>
      (await post(t.app, '/materials', { code, name: code, unit: 'kg', suppliers })).id;
    const steel = await material('GOES-T', [
      { name: 'Steel mill JP', plant: null, country_code: 'JP', share: 0.6 },
      { name: 'Steel mill DE', plant: null, country_code: 'DE', share: 0.4 },
    ]);
    const core = await material('CORE-330-T', [
      { name: 'Core builder', plant: 'Core plant', country_code: 'FR', share: 1 },
    ]);
    const bushing = await material('BUSHING-330-T', [
      { name: 'Bushing maker SE', plant: null, country_code: 'SE', share: 0.7 },
      { name: 'Bushing maker CN', plant: null, country_code: 'CN', share: 0.3 },
    ]);
    await post(t.app, '/inputs', { item_id: transformer, material_id: core, quantity_per_unit: 1 });
    await post(t.app, '/inputs', {
      item_id: transformer,
      material_id: bushing,
      quantity_per_unit: 6,
    });
    await post(t.app, '/inputs', {
      parent_material_id: core,
      material_id: steel,
      quantity_per_unit: 120_000,
    });
    const risk = await send('GET', `/risk?item_id=${transformer}`);
    expect(risk.statusCode, risk.body).toBe(200);
    const [entry] = risk.json().items;
    const inputs = Object.fromEntries(
      entry.inputs.map(
        (i: { code: string; depth: number; path: string[]; suppliers: { name: string }[] }) => [
          i.code,
          { depth: i.depth, path: i.path, suppliers: i.suppliers.map((s) => s.name) },
        ],
      ),
    );
    expect(inputs).toEqual({
      'CORE-330-T': { depth: 1, path: ['CORE-330-T'], suppliers: ['Core builder'] },
      'BUSHING-330-T': {
        depth: 1,
        path: ['BUSHING-330-T'],
        suppliers: ['Bushing maker SE', 'Bushing maker CN'],
      },
      'GOES-T': { depth: 2, path: ['CORE-330-T', 'GOES-T'], suppliers: ['Steel mill JP', 'Steel mill DE'] },
    });
    // The core has one maker: the whole output stands on it.
    expect(entry.exposure[0]).toEqual({ country_code: 'FR', share: 1, via: 'CORE-330-T' });
    expect(entry.single_points).toContainEqual(
      expect.objectContaining({ material_code: 'CORE-330-T', kind: 'single_supplier', country_code: 'FR' }),
    );
    // Not a fuel: no energy carrier in its graph.
    expect(entry.russian_energy).toBeNull();
  });

  it("a fuel item's risk reflects its donors' Russian energy dependency (gas and oil import shares)", async () => {
    const diesel = (await buildItem(t.app, { code: 'DIESEL-T', category: 'non-lethal/fuel', unit: 'litre' }))
      .id;
    const crude = (
      await post(t.app, '/materials', {
        code: 'CRUDE-T',
        name: 'Crude oil',
        unit: 'kg',
        energy_carrier: 'oil',
        suppliers: [{ name: 'Crude exporter', plant: null, country_code: 'NO', share: 1 }],
      })
    ).id;
    await post(t.app, '/inputs', { item_id: diesel, material_id: crude, quantity_per_unit: 1.2 });
    const germany = (await buildOrganisation(t.app, { kind: 'state', country_code: 'DE' })).id;
    const norway = (await buildOrganisation(t.app, { kind: 'state', country_code: 'NO' })).id;
    await buildPledge(t.app, { donor_org_id: germany, item_id: diesel }, { quantity: 3_000 });
    await buildPledge(t.app, { donor_org_id: norway, item_id: diesel }, { quantity: 1_000 });

    const set = (country: string, carrier: string, share: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/energy-dependencies/${country}/${carrier}`,
        payload: { russian_share: share, year: 2021, note: 'test figure' },
      });
    expect((await set('DE', 'oil', 0.4)).statusCode).toBe(200);
    // Gas is not diesel's carrier: Germany's gas share does not count for it.
    expect((await set('DE', 'gas', 0.9)).statusCode).toBe(200);
    expect((await set('DE', 'oil', 1.5)).statusCode).toBe(400);

    const energyOf = async () => {
      const risk = await send('GET', `/risk?item_id=${diesel}`);
      expect(risk.statusCode, risk.body).toBe(200);
      return risk.json().items[0].russian_energy;
    };
    // Germany pledged 3/4 of the diesel and imports 40 % of its oil from Russia: 0.75 × 0.4 = 0.3.
    // Norway has no figure: its quarter is unknown, not zero.
    expect(await energyOf()).toEqual({
      carriers: ['oil'],
      pledged: 4_000,
      donors: [
        {
          country_code: 'DE',
          pledged: 3_000,
          pledged_share: 0.75,
          carrier: 'oil',
          russian_share: 0.4,
          year: 2021,
          synthetic: false,
        },
        {
          country_code: 'NO',
          pledged: 1_000,
          pledged_share: 0.25,
          carrier: null,
          russian_share: null,
          year: null,
          synthetic: null,
        },
      ],
      exposed_share: 0.3,
      unknown_share: 0.25,
    });
    expect((await set('NO', 'oil', 0)).statusCode).toBe(200);
    expect((await set('DE', 'oil', 0.8)).statusCode).toBe(200);
    expect(await energyOf()).toMatchObject({ exposed_share: 0.6, unknown_share: 0 });

    const listed = (await send('GET', '/energy-dependencies')).json().items;
    expect(listed).toContainEqual({
      country_code: 'DE',
      carrier: 'gas',
      russian_share: 0.9,
      year: 2021,
      note: 'test figure',
      synthetic: false,
    });
    const donor = await t.tokenFor({ role: 'donor', orgId: germany });
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/energy-dependencies/DE/oil',
      headers: { authorization: donor },
      payload: { russian_share: 0, year: 2021 },
    });
    expect(refused.statusCode).toBe(403);
  });
});
