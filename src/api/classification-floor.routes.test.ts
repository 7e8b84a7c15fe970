import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
} from '../../test/support/factories.js';

/*
 * Derived records keep the classification of what they were derived from (issue 13, hole 2): an
 * allocation is at least as classified as its pledge and its need, a shipment as its allocations,
 * a receipt as its shipment. The coordinator of the test app (restricted clearance) writes; a
 * donor of another organisation (coalition clearance) looks.
 */

let t: TestApp;
let otherDonor: string;
let world: { donor: string; recipient: string; region: string; item: string };

beforeAll(async () => {
  t = await createTestApp();
  const donor = (await buildOrganisation(t.app, { name: 'Donor F', kind: 'state', country_code: 'FR' })).id;
  const recipient = (await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' })).id;
  const other = (await buildOrganisation(t.app, { name: 'Donor O', kind: 'state', country_code: 'NL' })).id;
  const region = (await buildRegion(t.app)).id;
  const item = (await buildItem(t.app)).id;
  world = { donor, recipient, region, item };
  otherDonor = await t.tokenFor({ role: 'donor', orgId: other, clearance: 'coalition' });
}, 120_000);
afterAll(async () => t?.close());

function api(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object, headers = {}) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });
}

/** A committed pledge and a need of the world, each at its own classification. */
async function sources(pledgeClass: string, needClass: string, quantity = 10) {
  const need = await buildNeed(
    t.app,
    { recipient_org_id: world.recipient, region_id: world.region, item_id: world.item },
    { classification: needClass, quantity },
  );
  const pledge = await buildPledge(
    t.app,
    { donor_org_id: world.donor, item_id: world.item },
    { classification: pledgeClass, quantity },
  );
  const committed = await api('POST', `/pledges/${pledge.id}/commit`, { quantity });
  expect(committed.statusCode, committed.body).toBe(200);
  return { pledge_id: pledge.id, need_id: need.id };
}

describe('an allocation of a restricted pledge to a restricted need', () => {
  it('is stored restricted without a classification, and a donor of another organisation finds it nowhere', async () => {
    const refs = await sources('restricted', 'restricted');
    const created = await api('POST', '/allocations', { ...refs, quantity: 2, week: '2022-W50' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().classification).toBe('restricted');

    expect(
      (await api('GET', `/allocations/${created.json().id}`, undefined, { authorization: otherDonor }))
        .statusCode,
    ).toBe(404);
    const listed = await api('GET', `/allocations?pledge_id=${refs.pledge_id}`, undefined, {
      authorization: otherDonor,
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([]);
    const all = await api('GET', '/allocations?limit=500', undefined, { authorization: otherDonor });
    expect(all.json().items.map((a: { id: string }) => a.id)).not.toContain(created.json().id);
  });
});

describe('the classification floor of an allocation', () => {
  it('refuses a classification below its pledge and need with 422 classification_below_sources', async () => {
    const refs = await sources('coalition', 'restricted');
    const low = await api('POST', '/allocations', {
      ...refs,
      quantity: 1,
      week: '2022-W50',
      classification: 'coalition',
    });
    expect([low.statusCode, low.json().code]).toEqual([422, 'classification_below_sources']);
    expect(low.headers['content-type']).toContain('application/problem+json');
    expect(low.json().detail).toContain('restricted');
    expect(low.json().errors).toEqual([
      { field: 'classification', message: expect.stringContaining('restricted') },
    ]);
    expect((await api('GET', `/allocations?pledge_id=${refs.pledge_id}`)).json().items).toEqual([]);
  });

  it('lets a client raise it, takes the floor without one, and refuses a patch that lowers it', async () => {
    const refs = await sources('public', 'coalition');
    const raised = await api('POST', '/allocations', {
      ...refs,
      quantity: 1,
      week: '2022-W50',
      classification: 'restricted',
    });
    expect(raised.json().classification).toBe('restricted');
    const floor = await api('POST', '/allocations', { ...refs, quantity: 1, week: '2022-W50' });
    expect(floor.json().classification).toBe('coalition');
    const lowered = await api(
      'PATCH',
      `/allocations/${floor.json().id}`,
      { classification: 'public' },
      { 'if-match': '"1"' },
    );
    expect([lowered.statusCode, lowered.json().code]).toEqual([422, 'classification_below_sources']);
    const up = await api(
      'PATCH',
      `/allocations/${floor.json().id}`,
      { classification: 'restricted' },
      { 'if-match': '"1"' },
    );
    expect([up.statusCode, up.json().classification]).toEqual([200, 'restricted']);
  });

  it('takes the embargo of public sources with it, and refuses an earlier one', async () => {
    const refs = await sources('public', 'public');
    await t.database.db
      .updateTable('pledge')
      .set({ embargo_until: '2099-01-01' })
      .where('id', '=', refs.pledge_id)
      .execute();
    const created = await api('POST', '/allocations', { ...refs, quantity: 1, week: '2022-W50' });
    expect(created.json()).toMatchObject({ classification: 'public', embargo_until: '2099-01-01' });
    const early = await api('POST', '/allocations', {
      ...refs,
      quantity: 1,
      week: '2022-W50',
      classification: 'public',
      embargo_until: null,
    });
    expect([early.statusCode, early.json().code, early.json().errors[0].field]).toEqual([
      422,
      'classification_below_sources',
      'embargo_until',
    ]);
  });
});

describe('the classification floor of shipments and receipts', () => {
  /** An accepted allocation of a fresh pledge and need at these classifications. */
  async function accepted(pledgeClass: string, needClass: string) {
    const refs = await sources(pledgeClass, needClass);
    const created = await api('POST', '/allocations', {
      ...refs,
      quantity: 4,
      week: '2022-W50',
      accept: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; classification: string };
  }
  const shipment = (lines: { allocation_id: string; quantity: number }[], extra: object = {}) =>
    api('POST', '/shipments', {
      reference: 'CMR-FLOOR',
      origin_hub: 'Rzeszów',
      destination_region_id: world.region,
      owner_org_id: world.donor,
      lines,
      ...extra,
    });

  it('makes a shipment with a restricted line restricted, and refuses less', async () => {
    const open = await accepted('coalition', 'coalition');
    const closed = await accepted('restricted', 'coalition');
    const created = await shipment([
      { allocation_id: open.id, quantity: 1 },
      { allocation_id: closed.id, quantity: 1 },
    ]);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ classification: 'restricted', version: 1 });
    const id = created.json().id as string;
    expect((await api('GET', `/shipments/${id}`, undefined, { authorization: otherDonor })).statusCode).toBe(
      404,
    );
    expect(
      (await api('GET', `/shipments/${id}/lines`, undefined, { authorization: otherDonor })).statusCode,
    ).toBe(404);

    const low = await shipment([{ allocation_id: closed.id, quantity: 1 }], { classification: 'coalition' });
    expect([low.statusCode, low.json().code]).toEqual([422, 'classification_below_sources']);
    const lowered = await api(
      'PATCH',
      `/shipments/${id}`,
      { classification: 'coalition' },
      { 'if-match': '"1"' },
    );
    expect([lowered.statusCode, lowered.json().code]).toEqual([422, 'classification_below_sources']);
  });

  it('raises a shipment when a more classified line is added, as an audited change', async () => {
    const open = await accepted('coalition', 'coalition');
    const closed = await accepted('coalition', 'restricted');
    const created = await shipment([{ allocation_id: open.id, quantity: 1 }]);
    expect(created.json().classification).toBe('coalition');
    const id = created.json().id as string;
    const line = await api('POST', `/shipments/${id}/lines`, { allocation_id: closed.id, quantity: 1 });
    expect(line.statusCode, line.body).toBe(201);
    const after = (await api('GET', `/shipments/${id}`)).json();
    expect(after).toMatchObject({ classification: 'restricted', version: 2 });
    const history = (await api('GET', `/shipments/${id}/history`)).json().items;
    expect(history.at(-1).after.classification).toBe('restricted');
    expect((await api('GET', `/shipments/${id}`, undefined, { authorization: otherDonor })).statusCode).toBe(
      404,
    );
  });

  it('gives a receipt the classification and embargo of its shipment', async () => {
    const refs = await sources('public', 'public');
    const allocation = (
      await api('POST', '/allocations', { ...refs, quantity: 4, week: '2022-W50', accept: true })
    ).json() as { id: string };
    const created = await shipment([{ allocation_id: allocation.id, quantity: 2 }], {
      classification: 'public',
      embargo_until: '2099-06-01',
    });
    expect(created.json()).toMatchObject({ classification: 'public', embargo_until: '2099-06-01' });
    const id = created.json().id as string;
    expect((await api('POST', `/shipments/${id}/dispatch`, { dispatched_on: '2022-12-10' })).statusCode).toBe(
      200,
    );
    const lines = (await api('GET', `/shipments/${id}/lines`)).json().items as { id: string }[];
    const receipt = await api('POST', `/shipments/${id}/receipts`, {
      received_on: '2022-12-12',
      received_by_org_id: world.recipient,
      lines: [{ shipment_line_id: lines[0]?.id, quantity: 2 }],
    });
    expect(receipt.statusCode, receipt.body).toBe(201);
    expect(receipt.json()).toMatchObject({ classification: 'public', embargo_until: '2099-06-01' });
    const anonymous = await t.injectAnonymous({ method: 'GET', url: `/api/v1/shipments/${id}/receipts` });
    expect(anonymous.statusCode).toBe(404);
  });
});

describe('raising a source', () => {
  it('raises the allocations, shipments and receipts derived from it, audited, so another donor loses them', async () => {
    const refs = await sources('coalition', 'coalition');
    const allocation = (
      await api('POST', '/allocations', { ...refs, quantity: 4, week: '2022-W50', accept: true })
    ).json() as { id: string; version: number };
    const shipment = (
      await api('POST', '/shipments', {
        reference: 'CMR-RAISE',
        origin_hub: 'Rzeszów',
        destination_region_id: world.region,
        owner_org_id: world.donor,
        lines: [{ allocation_id: allocation.id, quantity: 2 }],
      })
    ).json() as { id: string };
    expect(
      (await api('POST', `/shipments/${shipment.id}/dispatch`, { dispatched_on: '2022-12-10' })).statusCode,
    ).toBe(200);
    const line = (await api('GET', `/shipments/${shipment.id}/lines`)).json().items[0].id as string;
    const receipt = await api('POST', `/shipments/${shipment.id}/receipts`, {
      received_on: '2022-12-12',
      received_by_org_id: world.recipient,
      lines: [{ shipment_line_id: line, quantity: 1 }],
    });
    expect(receipt.statusCode, receipt.body).toBe(201);
    const asOther = (url: string) => api('GET', url, undefined, { authorization: otherDonor });
    expect((await asOther(`/allocations/${allocation.id}`)).statusCode).toBe(200);

    const pledge = (await api('GET', `/pledges/${refs.pledge_id}`)).json() as { version: number };
    const raised = await api(
      'PATCH',
      `/pledges/${refs.pledge_id}`,
      { classification: 'restricted' },
      { 'if-match': `"${pledge.version}"` },
    );
    expect(raised.statusCode, raised.body).toBe(200);

    expect((await api('GET', `/allocations/${allocation.id}`)).json().classification).toBe('restricted');
    expect((await api('GET', `/shipments/${shipment.id}`)).json().classification).toBe('restricted');
    expect((await api('GET', `/shipments/${shipment.id}/receipts`)).json().items[0].classification).toBe(
      'restricted',
    );
    expect((await asOther(`/allocations/${allocation.id}`)).statusCode).toBe(404);
    expect((await asOther(`/allocations?pledge_id=${refs.pledge_id}`)).json().items).toEqual([]);
    expect((await asOther(`/shipments/${shipment.id}`)).statusCode).toBe(404);
    const history = (await api('GET', `/allocations/${allocation.id}/history`)).json().items;
    expect(history.at(-1)).toMatchObject({
      action: 'update',
      before: { classification: 'coalition' },
      after: { classification: 'restricted' },
    });
  });
});

describe('needs derived from an incident', () => {
  it('are at least as classified as the incident and the rule, and follow a raised rule with their allocations', async () => {
    const item = (await buildItem(t.app, { name: 'Transformer', category: 'energy/transformer' })).id;
    const rule = await api('POST', '/need-rules', {
      code: 'FLOOR-SUBSTATION',
      trigger: 'damaged_asset',
      asset_kind: 'substation',
      item_id: item,
      quantity_per_unit: 1,
      priority: 'high',
      lead_days: 30,
      classification: 'coalition',
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const incident = await api('POST', '/incidents', {
      occurred_at: '2022-11-01T06:30:00Z',
      kind: 'missile_strike',
      title: 'Strike on a substation',
      owner_org_id: world.recipient,
      classification: 'public',
      impacts: [],
      damage: [{ region_id: world.region, asset_kind: 'substation', asset_class: '110kV', count: 2 }],
    });
    expect(incident.statusCode, incident.body).toBe(201);
    const derived = async () =>
      (
        await t.database.db
          .selectFrom('need')
          .select(['id', 'classification', 'version'])
          .where('incident_id', '=', incident.json().id)
          .execute()
      ).map((need) => ({ ...need }));
    const [need] = await derived();
    expect(need?.classification).toBe('coalition');

    const pledge = await buildPledge(t.app, { donor_org_id: world.donor, item_id: item }, { quantity: 2 });
    expect((await api('POST', `/pledges/${pledge.id}/commit`, { quantity: 2 })).statusCode).toBe(200);
    const allocation = await api('POST', '/allocations', {
      pledge_id: pledge.id,
      need_id: need?.id,
      quantity: 1,
      week: '2022-W50',
    });
    expect(allocation.json().classification).toBe('coalition');

    const raised = await api(
      'PATCH',
      `/need-rules/${rule.json().id}`,
      { classification: 'restricted' },
      { 'if-match': `"${rule.json().version}"` },
    );
    expect(raised.statusCode, raised.body).toBe(200);
    expect((await derived())[0]?.classification).toBe('restricted');
    expect((await api('GET', `/allocations/${allocation.json().id}`)).json().classification).toBe(
      'restricted',
    );
    expect(
      (await api('GET', `/allocations/${allocation.json().id}`, undefined, { authorization: otherDonor }))
        .statusCode,
    ).toBe(404);
  });
});

describe('a public source supporting a restricted record', () => {
  it('does not show the link, nor answer a filter by that record, to a reader who may not see the record', async () => {
    const refs = await sources('restricted', 'coalition');
    const source = await api('POST', '/sources', {
      title: 'Press release',
      publisher: 'Ministry',
      kind: 'primary',
      owner_org_id: t.orgId,
      classification: 'public',
    });
    expect(source.statusCode, source.body).toBe(201);
    const id = source.json().id as string;
    const linked = await api('POST', `/sources/${id}/links`, {
      entity_type: 'pledge',
      entity_id: refs.pledge_id,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    await api('POST', `/sources/${id}/links`, { entity_type: 'need', entity_id: refs.need_id });

    const links = (authorization?: string) =>
      authorization === undefined
        ? t.injectAnonymous({ method: 'GET', url: `/api/v1/sources/${id}/links` })
        : api('GET', `/sources/${id}/links`, undefined, { authorization });
    expect((await links()).json().items).toEqual([]);
    expect((await links(otherDonor)).json().items).toEqual([
      { entity_type: 'need', entity_id: refs.need_id },
    ]);
    expect((await api('GET', `/sources/${id}/links`)).json().items).toHaveLength(2);

    const filtered = await api('GET', `/sources?entity_type=pledge&entity_id=${refs.pledge_id}`, undefined, {
      authorization: otherDonor,
    });
    expect(filtered.json().items).toEqual([]);
    const untyped = await api('GET', `/sources?entity_id=${refs.pledge_id}`, undefined, {
      authorization: otherDonor,
    });
    expect(untyped.json().items).toEqual([]);
    const byNeed = await api('GET', `/sources?entity_id=${refs.need_id}`, undefined, {
      authorization: otherDonor,
    });
    expect(byNeed.json().items.map((s: { id: string }) => s.id)).toEqual([id]);
    const mine = await api('GET', `/sources?entity_type=pledge&entity_id=${refs.pledge_id}`);
    expect(mine.json().items.map((s: { id: string }) => s.id)).toEqual([id]);
  });
});
