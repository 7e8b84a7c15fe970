import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildAllocation,
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../../../test/support/factories.js';
import { refreshPledgeStatus } from '../../../core/pledges/pledge-transition.service.js';
import { updatePledgeLifecycle } from '../../../db/repositories/pledge-lifecycle.repository.js';

let t: TestApp;
let refs: { donor_org_id: string; item_id: string };
let needRefs: { recipient_org_id: string; region_id: string; item_id: string };
let sourceId: string;

beforeAll(async () => {
  t = await createTestApp();
  const donor = await buildOrganisation(t.app);
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  refs = { donor_org_id: donor.id, item_id: item.id };
  needRefs = { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id };
  const source = await post(t.app, '/sources', {
    title: 'Ministry of Defence press release',
    publisher: 'Ministry of Defence',
    kind: 'primary',
    url: 'https://example.org/release',
    owner_org_id: donor.id,
  });
  sourceId = source.id;
});
afterAll(async () => t?.close());

type Pledge = {
  id: string;
  quantity: number;
  status: string;
  version: number;
  stages: Record<string, number>;
};

/** POSTs a lifecycle step; without a payload the request has no body at all. */
function step(id: string, action: string, payload?: Record<string, unknown>, ifMatch?: string) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/pledges/${id}/${action}`,
    headers: ifMatch ? { 'if-match': ifMatch } : {},
    ...(payload ? { payload } : {}),
  });
}

async function read(id: string): Promise<Pledge> {
  return (await t.app.inject({ method: 'GET', url: `/api/v1/pledges/${id}` })).json();
}

async function transitions(id: string) {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/pledges/${id}/transitions` });
  expect(response.statusCode).toBe(200);
  return response.json().items as Record<string, unknown>[];
}

/** Ships or delivers through the function the shipment and receipt code calls, in its own transaction. */
/** Ships `shipped` of the allocation in one shipment and receives `received` of it. */
async function shipAndReceive(allocationId: string, shipped: number, received: number) {
  const api = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload });
  const created = await api('/shipments', {
    reference: 'CMR-1',
    origin_hub: 'Rzeszów',
    destination_region_id: needRefs.region_id,
    owner_org_id: refs.donor_org_id,
    lines: [{ allocation_id: allocationId, quantity: shipped }],
  });
  expect(created.statusCode, created.body).toBe(201);
  const shipment = created.json() as { id: string };
  const lines = (await t.app.inject({ method: 'GET', url: `/api/v1/shipments/${shipment.id}/lines` })).json();
  const dispatched = await api(`/shipments/${shipment.id}/dispatch`, { dispatched_on: '2022-12-01' });
  expect(dispatched.statusCode, dispatched.body).toBe(200);
  const receipt = await api(`/shipments/${shipment.id}/receipts`, {
    received_on: '2022-12-05',
    received_by_org_id: needRefs.recipient_org_id,
    lines: [{ shipment_line_id: lines.items[0].id, quantity: received }],
  });
  expect(receipt.statusCode, receipt.body).toBe(201);
  return { shipment_id: shipment.id, receipt_id: (receipt.json() as { id: string }).id };
}

describe('pledge stages', () => {
  it('answers stages and valuation, which a client can neither create nor patch', async () => {
    const pledge = await buildPledge(t.app, refs, { quantity: 12 });
    expect(pledge).toMatchObject({
      status: 'announced',
      stages: { committed: 0, allocated: 0, shipped: 0, delivered: 0, in_service: 0 },
    });
    expect(Object.keys(pledge.valuation as object).sort()).toEqual([
      'basis',
      'donor_reported_eur',
      'eur',
      'fx_rate',
      'fx_rate_on',
      'price_list_eur',
    ]);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pledges',
      payload: { ...refs, quantity: 5, announced_on: '2022-11-29', stages: { committed: 5 } },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().errors.map((e: { field: string }) => e.field)).toContain('stages');
    for (const payload of [{ stages: { committed: 12 } }, { status: 'delivered' }, { valuation: {} }]) {
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/pledges/${pledge.id}`,
        headers: { 'if-match': '"1"' },
        payload,
      });
      expect(patched.statusCode).toBe(400);
      expect(patched.json().code).toBe('validation_failed');
    }
  });

  it('walks a pledge through every stage with partial quantities and keeps each step in its history', async () => {
    const pledge = await buildPledge(t.app, refs, { quantity: 100 });
    const need = await buildNeed(t.app, needRefs, { quantity: 80 });

    const first = await step(
      pledge.id,
      'commit',
      { quantity: 30, source_id: sourceId, note: 'signed' },
      '"1"',
    );
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    expect(first.json()).toMatchObject({ status: 'committed', version: 2, stages: { committed: 30 } });

    const second = await step(pledge.id, 'commit', { quantity: 20.5 });
    expect(second.json()).toMatchObject({ status: 'committed', version: 3, stages: { committed: 50.5 } });

    const allocation = await buildAllocation(
      t.app,
      { pledge_id: pledge.id, need_id: need.id },
      { quantity: 35, accept: true },
    );
    expect(allocation).toMatchObject({ status: 'accepted' });
    expect(await read(pledge.id)).toMatchObject({
      status: 'allocated',
      stages: { committed: 50.5, allocated: 35, shipped: 0 },
    });

    const shipped = await shipAndReceive(allocation.id, 30, 25);
    expect(await read(pledge.id)).toMatchObject({
      status: 'delivered',
      stages: { committed: 50.5, allocated: 35, shipped: 30, delivered: 25, in_service: 0 },
    });

    const tooMany = await step(pledge.id, 'put-in-service', { quantity: 26 });
    expect(tooMany.statusCode).toBe(409);
    expect(tooMany.json().code).toBe('quantity_exceeds_stage');
    const inService = await step(pledge.id, 'put-in-service', { quantity: 20 });
    expect(inService.json()).toMatchObject({ status: 'in_service', stages: { in_service: 20 } });
    const rest = await step(pledge.id, 'put-in-service');
    expect(rest.json().stages.in_service).toBe(25);
    const nothingLeft = await step(pledge.id, 'put-in-service');
    expect(nothingLeft.statusCode).toBe(409);
    expect(nothingLeft.json().code).toBe('quantity_exceeds_stage');

    const history = await transitions(pledge.id);
    expect(history.map((h) => [h.action, h.quantity, h.from_status, h.to_status, h.actor])).toEqual([
      ['commit', 30, 'announced', 'committed', t.actorId],
      ['commit', 20.5, 'committed', 'committed', t.actorId],
      ['allocate', 35, 'committed', 'allocated', t.actorId],
      ['ship', 30, 'allocated', 'shipped', t.actorId],
      ['deliver', 25, 'shipped', 'delivered', t.actorId],
      ['put_in_service', 20, 'delivered', 'in_service', t.actorId],
      ['put_in_service', 5, 'in_service', 'in_service', t.actorId],
    ]);
    expect(history[0]).toMatchObject({ source_id: sourceId, note: 'signed', pledge_id: pledge.id });
    expect(history[1]).toMatchObject({ source_id: null, note: null });
    expect(history[2]?.note).toBe(`allocation ${allocation.id} to need ${need.id}`);
    expect(history[4]?.note).toContain(`receipt ${shipped.receipt_id} of shipment`);

    // Every step is in the audit log with the pledge before and after.
    const audit = (await t.app.inject({ method: 'GET', url: `/api/v1/pledges/${pledge.id}/history` })).json();
    const updates = audit.items.filter((e: { action: string }) => e.action === 'update');
    expect(updates).toHaveLength(7);
    expect(updates[0].before.stages.committed).toBe(0);
    expect(updates[0].after.stages.committed).toBe(30);
    expect(updates[6].after).toMatchObject({ status: 'in_service', version: 8 });
  });

  it('answers every illegal step with its code and changes nothing', async () => {
    const pledge = await buildPledge(t.app, refs, { quantity: 10 });
    await step(pledge.id, 'commit', { quantity: 4 });
    const before = await read(pledge.id);
    const cases: [string, Record<string, unknown>, string | undefined, number, string][] = [
      ['commit', { quantity: 6.001 }, undefined, 409, 'quantity_exceeds_stage'],
      ['commit', { quantity: 0 }, undefined, 422, 'invalid_record'],
      ['commit', { quantity: -1 }, undefined, 422, 'invalid_record'],
      ['commit', { quantity: 1.2345 }, undefined, 422, 'invalid_record'],
      ['commit', { quantity: '5' }, undefined, 400, 'validation_failed'],
      ['commit', { quantity: 1, colour: 'red' }, undefined, 400, 'validation_failed'],
      [
        'commit',
        { quantity: 1, source_id: '01890000-0000-7000-8000-000000000009' },
        undefined,
        422,
        'unknown_reference',
      ],
      ['commit', { quantity: 1, note: '   ' }, undefined, 422, 'invalid_record'],
      ['commit', { quantity: 1 }, '"1"', 412, 'stale_version'],
      ['commit', { quantity: 1 }, 'garbage', 412, 'stale_version'],
      ['put-in-service', { quantity: 1 }, undefined, 409, 'quantity_exceeds_stage'],
      ['cancel', { quantity: 7 }, undefined, 409, 'quantity_exceeds_stage'],
      ['expire', { quantity: 10 }, undefined, 409, 'quantity_exceeds_stage'],
    ];
    for (const [action, payload, ifMatch, status, code] of cases) {
      const response = await step(pledge.id, action, payload, ifMatch);
      expect([action, payload, response.statusCode, response.json().code]).toEqual([
        action,
        payload,
        status,
        code,
      ]);
    }
    const missing = await step('01890000-0000-7000-8000-000000000001', 'commit', { quantity: 1 });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'not_found']);
    expect(await read(pledge.id)).toEqual(before);
    expect(await transitions(pledge.id)).toHaveLength(1);
  });

  it('refuses to cancel or expire a pledge with something allocated', async () => {
    const pledge = await buildPledge(t.app, refs, { quantity: 10 });
    const need = await buildNeed(t.app, needRefs);
    await step(pledge.id, 'commit', { quantity: 10 });
    await buildAllocation(t.app, { pledge_id: pledge.id, need_id: need.id }, { quantity: 2, accept: true });
    for (const action of ['cancel', 'expire']) {
      const response = await step(pledge.id, action);
      expect([response.statusCode, response.json().code]).toEqual([409, 'pledge_in_use']);
    }
    expect((await read(pledge.id)).status).toBe('allocated');
  });

  it.each([
    ['cancel', 'cancelled'],
    ['expire', 'expired'],
  ])('%s ends the whole pledge, after which every step is an invalid transition', async (action, status) => {
    const pledge = await buildPledge(t.app, refs, { quantity: 10 });
    await step(pledge.id, 'commit', { quantity: 3 });
    const ended = await step(pledge.id, action, { note: 'donor withdrew' });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ status, quantity: 10, stages: { committed: 3 } });
    for (const next of ['commit', 'put-in-service', 'cancel', 'expire']) {
      const response = await step(pledge.id, next, { quantity: 1 });
      expect([next, response.statusCode, response.json().code]).toEqual([next, 409, 'invalid_transition']);
    }
    const history = await transitions(pledge.id);
    expect(history.at(-1)).toMatchObject({
      action,
      quantity: 10,
      from_status: 'committed',
      to_status: status,
      note: 'donor withdrew',
    });
  });

  it('withdraws part of the uncommitted remainder and the pledge goes on', async () => {
    const pledge = await buildPledge(t.app, refs, { quantity: 10 });
    await step(pledge.id, 'commit', { quantity: 4 });
    const withdrawn = await step(pledge.id, 'cancel', { quantity: 5 });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'committed', quantity: 5, stages: { committed: 4 } });
    expect((await transitions(pledge.id)).at(-1)).toMatchObject({
      action: 'cancel',
      quantity: 5,
      from_status: 'committed',
      to_status: 'committed',
    });
    const commitAll = await step(pledge.id, 'commit');
    expect(commitAll.json().stages.committed).toBe(5);
  });

  it('refuses a PATCH that would put the quantity below what is committed', async () => {
    const pledge = await buildPledge(t.app, refs, { quantity: 10 });
    const committed = await step(pledge.id, 'commit', { quantity: 6 });
    const url = `/api/v1/pledges/${pledge.id}`;
    const etag = committed.headers.etag as string;
    const below = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': etag },
      payload: { quantity: 5.999 },
    });
    expect([below.statusCode, below.json().code]).toEqual([409, 'quantity_below_committed']);
    const exact = await t.app.inject({
      method: 'PATCH',
      url,
      headers: { 'if-match': etag },
      payload: { quantity: 6 },
    });
    expect(exact.statusCode).toBe(200);
    expect(exact.json()).toMatchObject({ quantity: 6, stages: { committed: 6 } });
  });

  it('lets concurrent commits fill the pledge exactly, never beyond', async () => {
    const pledge = await buildPledge(t.app, refs, { quantity: 100 });
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => step(pledge.id, 'commit', { quantity: 15 })),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 409, 409, 409, 409]);
    for (const refused of responses.filter((r) => r.statusCode === 409)) {
      expect(refused.json().code).toBe('quantity_exceeds_stage');
    }
    const stored = await read(pledge.id);
    expect(stored).toMatchObject({ stages: { committed: 90 }, version: 7 });
    expect(await transitions(pledge.id)).toHaveLength(6);
  });

  it('has the database refuse a stage beyond its bound, whatever the code does', async () => {
    const pledge = await buildPledge(t.app, refs, { quantity: 10 });
    const attempt = updatePledgeLifecycle(t.database.db, pledge.id, {
      add: { column: 'committed_quantity', delta: '10.001' },
      status: 'committed',
      actor: 'test',
    });
    await expect(attempt).rejects.toMatchObject({ code: '23514', constraint: 'pledge_stage_bounds' });
    expect((await read(pledge.id)).stages.committed).toBe(0);
  });

  it('refreshes the status from the stages for code that moved a stage itself', async () => {
    const pledge = await buildPledge(t.app, refs, { quantity: 10 });
    await t.database.db
      .updateTable('pledge')
      .set({ committed_quantity: 4 })
      .where('id', '=', pledge.id)
      .execute();
    const change = await t.database.db.transaction().execute((trx) => refreshPledgeStatus(trx, pledge.id));
    expect(change).toEqual({ from_status: 'announced', to_status: 'committed' });
    expect((await read(pledge.id)).status).toBe('committed');
  });
});
