import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildOrganisation, buildRegion, post } from '../../../../test/support/factories.js';

describe('grid assets: status history, damage by incidents, visibility and region counts', () => {
  let t: TestApp;
  let operator: string;
  let other: string;
  let region: string;
  let hidden: { id: string; version: number };
  let released: { id: string; version: number };
  let analyst: string;
  let otherCoalition: string;
  let operatorToken: string;

  beforeAll(async () => {
    t = await createTestApp();
    operator = (await buildOrganisation(t.app, { kind: 'recipient_agency', country_code: 'UA' })).id;
    other = (await buildOrganisation(t.app, { kind: 'state', country_code: 'PL' })).id;
    region = (await buildRegion(t.app)).id;
    hidden = await post(t.app, '/assets', {
      name: 'Substation Kyivska-330 (synthetic)',
      kind: 'substation',
      region_id: region,
      operator_org_id: operator,
      voltage_kv: 330,
      capacity: 400,
      people_served: 250_000,
      latitude: 50.45,
      longitude: 30.52,
      status_on: '2022-10-01',
    });
    released = await post(t.app, '/assets', {
      name: 'Boiler house 7 (synthetic)',
      kind: 'boiler_house',
      region_id: region,
      operator_org_id: operator,
      capacity: 12.5,
      people_served: 8_000,
      region_release: true,
      status_on: '2022-10-01',
    });
    analyst = await t.tokenFor({ role: 'analyst' });
    otherCoalition = await t.tokenFor({ role: 'coordinator', orgId: other, clearance: 'coalition' });
    operatorToken = await t.tokenFor({ role: 'recipient', orgId: operator, clearance: 'public' });
  });
  afterAll(async () => t?.close());

  it('defaults to restricted, owned by the operator, with the capacity unit of its kind and a first status', async () => {
    const asset = (await t.app.inject({ url: `/api/v1/assets/${hidden.id}` })).json();
    expect(asset).toMatchObject({
      classification: 'restricted',
      owner_org_id: operator,
      capacity: 400,
      capacity_unit: 'MVA',
      status: 'in_service',
      status_on: '2022-10-01',
    });
    const boiler = (await t.app.inject({ url: `/api/v1/assets/${released.id}` })).json();
    expect(boiler.capacity_unit).toBe('Gcal/h');
    const statuses = (await t.app.inject({ url: `/api/v1/assets/${hidden.id}/statuses` })).json();
    expect(statuses.items.map((s: { status: string }) => s.status)).toEqual(['in_service']);
  });

  it('moves in_service → damaged → under_repair → restored, and refuses a jump', async () => {
    const step = (status: string, effective_on: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/assets/${hidden.id}/status`,
        payload: { status, effective_on },
      });
    const jump = await step('under_repair', '2022-10-10');
    expect(jump.statusCode).toBe(409);
    expect(jump.json().code).toBe('invalid_transition');
    expect((await step('damaged', '2022-10-10')).statusCode).toBe(200);
    const early = await step('under_repair', '2022-10-01');
    expect(early.statusCode).toBe(422);
    expect((await step('under_repair', '2022-11-01')).statusCode).toBe(200);
    const restored = await step('restored', '2022-12-20');
    expect(restored.json()).toMatchObject({ status: 'restored', status_on: '2022-12-20' });
    const statuses = (await t.app.inject({ url: `/api/v1/assets/${hidden.id}/statuses` })).json();
    expect(
      statuses.items.map((s: { status: string; effective_on: string }) => `${s.status}@${s.effective_on}`),
    ).toEqual([
      'in_service@2022-10-01',
      'damaged@2022-10-10',
      'under_repair@2022-11-01',
      'restored@2022-12-20',
    ]);
  });

  it('hides a restricted asset and its place from analysts and other organisations, not from its operator', async () => {
    for (const authorization of [analyst, otherCoalition]) {
      const one = await t.app.inject({ url: `/api/v1/assets/${hidden.id}`, headers: { authorization } });
      expect(one.statusCode).toBe(404);
      expect(one.body).not.toContain('50.45');
      const list = await t.app.inject({
        url: `/api/v1/assets?region_id=${region}`,
        headers: { authorization },
      });
      expect(list.statusCode).toBe(200);
      expect(list.json().items).toEqual([]);
      const history = await t.app.inject({
        url: `/api/v1/assets/${hidden.id}/statuses`,
        headers: { authorization },
      });
      expect(history.statusCode).toBe(404);
    }
    const own = await t.app.inject({
      url: `/api/v1/assets/${hidden.id}`,
      headers: { authorization: operatorToken },
    });
    expect(own.statusCode).toBe(200);
    expect(own.json().latitude).toBe(50.45);
  });

  it('region counts: visible rows plus rows released by their owner, nothing else', async () => {
    const counts = async (authorization: string) => {
      const response = await t.app.inject({
        url: '/api/v1/assets/region-counts',
        headers: { authorization },
      });
      expect(response.statusCode).toBe(200);
      return (
        response.json().items as {
          region_id: string;
          kind: string;
          status: string;
          assets: number;
          released: number;
        }[]
      )
        .filter((row) => row.region_id === region)
        .map((row) => `${row.kind}/${row.status}: ${row.assets} (${row.released} released)`);
    };
    // The analyst sees the released boiler house, counted, and nothing of the unreleased substation.
    expect(await counts(analyst)).toEqual(['boiler_house/in_service: 1 (1 released)']);
    expect(await counts(otherCoalition)).toEqual(['boiler_house/in_service: 1 (1 released)']);
    // The operator sees both of its own assets, neither only by release.
    expect(await counts(operatorToken)).toEqual([
      'boiler_house/in_service: 1 (0 released)',
      'substation/restored: 1 (0 released)',
    ]);
    const body = (
      await t.app.inject({ url: '/api/v1/assets/region-counts', headers: { authorization: analyst } })
    ).body;
    expect(body).not.toContain(released.id);
    expect(body).not.toContain('Boiler house 7');
  });

  it('links an incident’s damage to assets, creating an unknown one, within the damage it recorded', async () => {
    const incident = await post(t.app, '/incidents', {
      occurred_at: '2022-11-15T08:00:00Z',
      kind: 'missile_strike',
      title: 'Strike wave (synthetic)',
      owner_org_id: operator,
      damage: [
        { region_id: region, asset_kind: 'boiler_house', asset_class: null, count: 1 },
        { region_id: region, asset_kind: 'substation', asset_class: '110kV', count: 1 },
      ],
    });
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/damaged-assets`,
      payload: {
        assets: [
          { asset_id: released.id },
          {
            name: 'Substation Pivnichna-110 (synthetic)',
            kind: 'substation',
            region_id: region,
            operator_org_id: operator,
            voltage_kv: 110,
          },
        ],
      },
    });
    expect(response.statusCode, response.body).toBe(200);
    const [boiler, created] = response.json().items;
    expect(boiler).toMatchObject({ id: released.id, status: 'damaged', status_on: '2022-11-15' });
    expect(created).toMatchObject({
      status: 'damaged',
      classification: 'restricted',
      owner_org_id: operator,
    });
    const history = (await t.app.inject({ url: `/api/v1/assets/${created.id}/statuses` })).json();
    expect(history.items.at(-1)).toMatchObject({ status: 'damaged', incident_id: incident.id });
    // The incident recorded one damaged substation: a second is refused, and nothing is written.
    const more = await t.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.id}/damaged-assets`,
      payload: { assets: [{ asset_id: hidden.id }] },
    });
    expect(more.statusCode).toBe(422);
    expect(more.body).toContain('no (more) damage to a substation');
    expect((await t.app.inject({ url: `/api/v1/assets/${hidden.id}` })).json().status).toBe('restored');
  });
});
