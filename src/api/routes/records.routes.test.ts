import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../../test/support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, ...(payload ? { payload } : {}), headers });

describe('organisations, regions, items, events', () => {
  it('refuses a second organisation of the same name (any case) with 409', async () => {
    await buildOrganisation(t.app, { name: 'Ministry of Defence of Exampleland' });
    const again = await inject('POST', '/organisations', {
      name: 'ministry of defence of exampleland',
      kind: 'ministry',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('duplicate');
  });

  it('derives the country of a region from its ISO 3166-2 code and rejects a malformed code', async () => {
    const region = await buildRegion(t.app, { code: 'UA-59', name: 'Sumy' });
    expect(region).toMatchObject({ country_code: 'UA', code: 'UA-59' });
    const bad = await inject('POST', '/regions', { code: 'Sumy', name: 'Sumy' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('code');
  });

  it('keeps money as a decimal string with its currency and filters items by category path', async () => {
    const item = await buildItem(t.app, {
      code: 'TRF-110KV',
      category: 'energy/transformer',
      reference_price: { amount: '1250000', currency: 'EUR' },
    });
    expect(item.reference_price).toEqual({ amount: '1250000.00', currency: 'EUR' });
    const floatMoney = await inject('POST', '/items', {
      code: 'X-1',
      name: 'x',
      category: 'energy',
      unit: 'unit',
      reference_price: { amount: 12.5, currency: 'EUR' },
    });
    expect(floatMoney.statusCode).toBe(400);
    const energy = (await inject('GET', '/items?category=energy')).json();
    expect(energy.items.map((i: { code: string }) => i.code)).toContain('TRF-110KV');
    const ener = (await inject('GET', '/items?category=ener')).json();
    expect(ener.items).toEqual([]);
  });

  it('checks that an event does not end before it starts and refuses deleting a referenced item', async () => {
    const organiser = await buildOrganisation(t.app, {
      kind: 'international_organisation',
      country_code: null,
    });
    const backwards = await inject('POST', '/events', {
      name: 'NATO foreign ministers',
      kind: 'ministerial',
      starts_on: '2022-11-30',
      ends_on: '2022-11-29',
      organiser_org_id: organiser.id,
    });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json().errors[0].field).toBe('ends_on');
    const event = await post(t.app, '/events', {
      name: 'NATO foreign ministers, Bucharest',
      kind: 'ministerial',
      starts_on: '2022-11-29',
      ends_on: '2022-11-30',
      organiser_org_id: organiser.id,
    });
    expect(event.owner_org_id).toBe(organiser.id);
    const inRange = (await inject('GET', '/events?from=2022-11-30&to=2022-12-31')).json();
    expect(inRange.items.map((e: { id: string }) => e.id)).toEqual([event.id]);

    const item = await buildItem(t.app);
    const donor = await buildOrganisation(t.app);
    await buildPledge(t.app, { donor_org_id: donor.id, item_id: item.id });
    const refused = await inject('DELETE', `/items/${item.id}`, undefined, { 'if-match': '"1"' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('in_use');
    expect((await inject('GET', `/items/${item.id}`)).statusCode).toBe(200);
  });
});

describe('pledges', () => {
  it('refuses a pledge against a need of another item, and availability before announcement', async () => {
    const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
    const donor = await buildOrganisation(t.app);
    const region = await buildRegion(t.app);
    const generators = await buildItem(t.app);
    const shells = await buildItem(t.app, { category: 'military/ammunition', unit: 'round' });
    const need = await buildNeed(t.app, {
      recipient_org_id: recipient.id,
      region_id: region.id,
      item_id: generators.id,
    });

    const wrongItem = await inject('POST', '/pledges', {
      donor_org_id: donor.id,
      item_id: shells.id,
      need_id: need.id,
      quantity: 5,
      announced_on: '2022-11-29',
    });
    expect(wrongItem.statusCode).toBe(422);
    expect(wrongItem.json().errors[0].field).toBe('need_id');

    const early = await inject('POST', '/pledges', {
      donor_org_id: donor.id,
      item_id: generators.id,
      quantity: 5,
      announced_on: '2022-11-29',
      available_from: '2022-11-01',
    });
    expect(early.statusCode).toBe(422);
    expect(early.json().errors[0].field).toBe('available_from');

    const pledge = await buildPledge(
      t.app,
      { donor_org_id: donor.id, item_id: generators.id, need_id: need.id },
      { value: { amount: '850000.00', currency: 'EUR' } },
    );
    expect(pledge).toMatchObject({ status: 'announced', owner_org_id: donor.id, need_id: need.id });
    const byRegion = (await inject('GET', `/pledges?region_id=${region.id}`)).json();
    expect(byRegion.items.map((p: { id: string }) => p.id)).toEqual([pledge.id]);
    const byDonor = (await inject('GET', `/pledges?donor_org_id=${donor.id}&category=military`)).json();
    expect(byDonor.items).toEqual([]);
  });
});

describe('sources', () => {
  it('attaches a source to records, lists them both ways and detaches it', async () => {
    const owner = await buildOrganisation(t.app);
    const region = await buildRegion(t.app);
    const source = await post(t.app, '/sources', {
      title: 'Population of Ukraine as of 1 January 2021',
      publisher: 'State Statistics Service of Ukraine',
      url: 'https://ukrstat.gov.ua/',
      kind: 'primary',
      owner_org_id: owner.id,
    });
    const link = { entity_type: 'region', entity_id: region.id };
    const linked = await inject('POST', `/sources/${source.id}/links`, link);
    expect(linked.statusCode).toBe(200);
    expect(linked.json().items).toEqual([link]);
    expect((await inject('POST', `/sources/${source.id}/links`, link)).json().items).toHaveLength(1);

    const forRegion = (await inject('GET', `/sources?entity_type=region&entity_id=${region.id}`)).json();
    expect(forRegion.items.map((s: { id: string }) => s.id)).toEqual([source.id]);

    const unknown = await inject('POST', `/sources/${source.id}/links`, {
      entity_type: 'need',
      entity_id: region.id,
    });
    expect(unknown.statusCode).toBe(422);

    const detached = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/sources/${source.id}/links/region/${region.id}`,
    });
    expect(detached.statusCode).toBe(204);
    const history = (await inject('GET', `/sources/${source.id}/history`)).json();
    expect(history.items.map((e: { action: string }) => e.action)).toEqual(['create', 'link', 'unlink']);
  });
});

describe('health', () => {
  it('answers pass as application/health+json with the database reachable and migrations current', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/health\+json/);
    expect(response.json()).toMatchObject({
      status: 'pass',
      checks: {
        'postgresql:connection': [{ status: 'pass' }],
        'postgresql:migrations': [{ status: 'pass', observedValue: 0 }],
      },
    });
  });

  it('answers unknown routes with a problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('route_not_found');
  });
});
