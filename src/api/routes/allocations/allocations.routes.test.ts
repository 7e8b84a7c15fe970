import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildAllocation,
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
} from '../../../../test/support/factories.js';

let t: TestApp;
let donorId: string;
let itemId: string;
let needRefs: { recipient_org_id: string; region_id: string; item_id: string };

beforeAll(async () => {
  t = await createTestApp();
  const donor = await buildOrganisation(t.app);
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  donorId = donor.id;
  itemId = item.id;
  needRefs = { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id };
});
afterAll(async () => t?.close());

function api(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, ifMatch?: string) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: ifMatch ? { 'if-match': ifMatch } : {},
    ...(payload ? { payload } : {}),
  });
}

/** A pledge of `quantity` with `committed` of it committed. */
async function committedPledge(quantity: number, committed: number) {
  const pledge = await buildPledge(t.app, { donor_org_id: donorId, item_id: itemId }, { quantity });
  const response = await api('POST', `/pledges/${pledge.id}/commit`, { quantity: committed });
  expect(response.statusCode).toBe(200);
  return pledge;
}

/** What the database holds, read past the API: the bounds must hold there. */
async function stored(pledgeId: string, needId: string) {
  const db = t.database.db;
  const pledge = await db
    .selectFrom('pledge')
    .select(['committed_quantity', 'allocated_quantity', 'status'])
    .where('id', '=', pledgeId)
    .executeTakeFirstOrThrow();
  const need = await db
    .selectFrom('need')
    .select(['quantity', 'allocated_quantity'])
    .where('id', '=', needId)
    .executeTakeFirstOrThrow();
  const accepted = await db
    .selectFrom('allocation')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('quantity'), eb.val('0')).as('total'))
    .where('pledge_id', '=', pledgeId)
    .where('status', '=', 'accepted')
    .executeTakeFirstOrThrow();
  return {
    pledge_committed: Number(pledge.committed_quantity),
    pledge_allocated: Number(pledge.allocated_quantity),
    pledge_status: pledge.status,
    need_quantity: Number(need.quantity),
    need_allocated: Number(need.allocated_quantity),
    accepted_total: Number(accepted.total),
  };
}

async function transitionsOf(pledgeId: string) {
  return (await api('GET', `/pledges/${pledgeId}/transitions`)).json().items as Record<string, unknown>[];
}

describe('allocations', () => {
  it('proposes an allocation owned by the donor, which changes no quantity until accepted', async () => {
    const pledge = await committedPledge(50, 40);
    const need = await buildNeed(t.app, needRefs, { quantity: 30 });
    const allocation = await buildAllocation(
      t.app,
      { pledge_id: pledge.id, need_id: need.id },
      { quantity: 25 },
    );
    expect(allocation).toMatchObject({
      status: 'proposed',
      proposed_by: 'hand',
      quantity: 25,
      week: '2022-W50',
      shipped_quantity: 0,
      delivered_quantity: 0,
      decided_at: null,
      decided_by: null,
      owner_org_id: donorId,
      version: 1,
    });
    expect(await stored(pledge.id, need.id)).toMatchObject({ pledge_allocated: 0, need_allocated: 0 });

    const accepted = await api('POST', `/allocations/${allocation.id}/accept`, {}, '"1"');
    expect(accepted.statusCode).toBe(200);
    expect(accepted.headers.etag).toBe('"2"');
    expect(accepted.json()).toMatchObject({ status: 'accepted', decided_by: t.actorId, version: 2 });
    expect(accepted.json().decided_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await stored(pledge.id, need.id)).toEqual({
      pledge_committed: 40,
      pledge_allocated: 25,
      pledge_status: 'allocated',
      need_quantity: 30,
      need_allocated: 25,
      accepted_total: 25,
    });
    expect((await transitionsOf(pledge.id)).at(-1)).toMatchObject({
      action: 'allocate',
      quantity: 25,
      from_status: 'committed',
      to_status: 'allocated',
      actor: t.actorId,
      note: `allocation ${allocation.id} to need ${need.id}`,
    });
    const history = (await api('GET', `/allocations/${allocation.id}/history`)).json().items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
    expect(history[1].after.status).toBe('accepted');
  });

  it('answers each illegal step on an allocation with its code', async () => {
    const pledge = await committedPledge(50, 40);
    const need = await buildNeed(t.app, needRefs, { quantity: 30 });
    const refs = { pledge_id: pledge.id, need_id: need.id };
    const accepted = await buildAllocation(t.app, refs, { quantity: 5, accept: true });
    const rejected = await buildAllocation(t.app, refs, { quantity: 5 });
    expect(
      (await api('POST', `/allocations/${rejected.id}/reject`, { note: 'not needed' })).json(),
    ).toMatchObject({ status: 'rejected', decided_by: t.actorId });
    const proposed = await buildAllocation(t.app, refs, { quantity: 5 });
    const cases: [string, string, object | undefined, string | undefined, number, string][] = [
      ['POST', `/allocations/${accepted.id}/accept`, {}, undefined, 409, 'invalid_transition'],
      ['POST', `/allocations/${accepted.id}/reject`, {}, undefined, 409, 'invalid_transition'],
      ['PATCH', `/allocations/${accepted.id}`, { quantity: 4 }, '"2"', 409, 'allocation_decided'],
      ['DELETE', `/allocations/${accepted.id}`, undefined, '"2"', 409, 'allocation_decided'],
      ['POST', `/allocations/${rejected.id}/accept`, {}, undefined, 409, 'invalid_transition'],
      ['POST', `/allocations/${rejected.id}/release`, {}, undefined, 409, 'invalid_transition'],
      ['POST', `/allocations/${proposed.id}/release`, {}, undefined, 409, 'invalid_transition'],
      ['POST', `/allocations/${proposed.id}/accept`, {}, '"7"', 412, 'stale_version'],
      ['POST', `/allocations/${proposed.id}/accept`, { colour: 'red' }, undefined, 400, 'validation_failed'],
      ['PATCH', `/allocations/${proposed.id}`, { quantity: 4 }, undefined, 428, 'precondition_required'],
      ['PATCH', `/allocations/${proposed.id}`, { quantity: 0 }, '"1"', 422, 'invalid_record'],
      ['PATCH', `/allocations/${proposed.id}`, { status: 'accepted' }, '"1"', 400, 'validation_failed'],
      ['POST', '/allocations/01890000-0000-7000-8000-000000000001/accept', {}, undefined, 404, 'not_found'],
    ];
    for (const [method, url, payload, ifMatch, status, code] of cases) {
      const response = await api(method as 'POST', url, payload, ifMatch);
      expect([method, url, response.statusCode, response.json().code]).toEqual([method, url, status, code]);
    }
    expect(await stored(pledge.id, need.id)).toMatchObject({ pledge_allocated: 5, need_allocated: 5 });
    const patched = await api(
      'PATCH',
      `/allocations/${proposed.id}`,
      { quantity: 6, week: '2023-W02' },
      '"1"',
    );
    expect(patched.json()).toMatchObject({ quantity: 6, week: '2023-W02', version: 2 });
    expect((await api('DELETE', `/allocations/${proposed.id}`, undefined, '"2"')).statusCode).toBe(204);
  });

  it.each([
    ['a week 53 in a year without one', { week: '2022-W53' }, 422, 'invalid_record', 'week'],
    ['a week that is not a week', { week: '2022-50' }, 400, 'validation_failed', 'week'],
    ['a zero quantity', { quantity: 0 }, 422, 'invalid_record', 'quantity'],
    ['more than 3 decimals', { quantity: 0.0001 }, 422, 'invalid_record', 'quantity'],
    [
      'an unknown pledge',
      { pledge_id: '01890000-0000-7000-8000-000000000002' },
      422,
      'unknown_reference',
      'pledge_id',
    ],
    [
      'an unknown need',
      { need_id: '01890000-0000-7000-8000-000000000003' },
      422,
      'unknown_reference',
      'need_id',
    ],
  ])('refuses %s and stores nothing', async (_label, change, status, code, field) => {
    const pledge = await committedPledge(10, 10);
    const need = await buildNeed(t.app, needRefs);
    const response = await api('POST', '/allocations', {
      pledge_id: pledge.id,
      need_id: need.id,
      quantity: 1,
      week: '2022-W50',
      ...change,
    });
    expect([response.statusCode, response.json().code]).toEqual([status, code]);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    const listed = (await api('GET', `/allocations?pledge_id=${pledge.id}`)).json();
    expect(listed.items).toEqual([]);
  });

  it('takes week 53 in a year that has one', async () => {
    const pledge = await committedPledge(10, 10);
    const need = await buildNeed(t.app, needRefs);
    const allocation = await buildAllocation(
      t.app,
      { pledge_id: pledge.id, need_id: need.id },
      { week: '2020-W53' },
    );
    expect(allocation.week).toBe('2020-W53');
  });

  it('refuses a need of another item, a closed pledge and a cancelled need', async () => {
    const pledge = await committedPledge(10, 10);
    const otherItem = await buildItem(t.app);
    const otherNeed = await buildNeed(t.app, { ...needRefs, item_id: otherItem.id });
    const mismatch = await api('POST', '/allocations', {
      pledge_id: pledge.id,
      need_id: otherNeed.id,
      quantity: 1,
      week: '2022-W50',
    });
    expect([mismatch.statusCode, mismatch.json().code]).toEqual([422, 'item_mismatch']);

    const need = await buildNeed(t.app, needRefs);
    const proposal = await buildAllocation(t.app, { pledge_id: pledge.id, need_id: need.id });
    const closed = await buildPledge(t.app, { donor_org_id: donorId, item_id: itemId });
    expect((await api('POST', `/pledges/${closed.id}/expire`, {})).statusCode).toBe(200);
    const fromClosed = await api('POST', '/allocations', {
      pledge_id: closed.id,
      need_id: need.id,
      quantity: 1,
      week: '2022-W50',
    });
    expect([fromClosed.statusCode, fromClosed.json().code]).toEqual([409, 'pledge_closed']);

    const cancelled = await buildNeed(t.app, needRefs, { status: 'cancelled' });
    const toCancelled = await api('POST', '/allocations', {
      pledge_id: pledge.id,
      need_id: cancelled.id,
      quantity: 1,
      week: '2022-W50',
    });
    expect([toCancelled.statusCode, toCancelled.json().code]).toEqual([409, 'need_closed']);

    // A need cancelled after the proposal: accepting it is refused and nothing moves.
    const cancelNeed = await api('PATCH', `/needs/${need.id}`, { status: 'cancelled' }, '"1"');
    expect(cancelNeed.statusCode).toBe(200);
    const late = await api('POST', `/allocations/${proposal.id}/accept`, {});
    expect([late.statusCode, late.json().code]).toEqual([409, 'need_closed']);
    expect(await stored(pledge.id, need.id)).toMatchObject({ pledge_allocated: 0, need_allocated: 0 });
    expect((await transitionsOf(pledge.id)).map((s) => s.action)).toEqual(['commit']);
  });

  it('refuses to accept beyond the committed quantity or the need, and rolls the whole accept back', async () => {
    const pledge = await committedPledge(100, 40);
    const need = await buildNeed(t.app, needRefs, { quantity: 30 });
    const refs = { pledge_id: pledge.id, need_id: need.id };
    const overPledge = await buildAllocation(t.app, refs, { quantity: 41 });
    const response = await api('POST', `/allocations/${overPledge.id}/accept`, {});
    expect([response.statusCode, response.json().code]).toEqual([409, 'exceeds_committed']);

    // Within the pledge but beyond the need: the pledge's step is undone with the rest.
    const overNeed = await buildAllocation(t.app, refs, { quantity: 31 });
    const refused = await api('POST', `/allocations/${overNeed.id}/accept`, {});
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'exceeds_need']);
    expect(await stored(pledge.id, need.id)).toMatchObject({
      pledge_allocated: 0,
      pledge_status: 'committed',
      need_allocated: 0,
    });
    expect((await api('GET', `/allocations/${overNeed.id}`)).json()).toMatchObject({
      status: 'proposed',
      version: 1,
    });
    expect((await transitionsOf(pledge.id)).map((s) => s.action)).toEqual(['commit']);

    // Created accepted in one go, or not at all.
    const atOnce = await api('POST', '/allocations', {
      ...refs,
      quantity: 31,
      week: '2022-W51',
      accept: true,
    });
    expect([atOnce.statusCode, atOnce.json().code]).toEqual([409, 'exceeds_need']);
    const listed = (await api('GET', `/allocations?pledge_id=${pledge.id}&week=2022-W51`)).json();
    expect(listed.items).toEqual([]);
  });

  it('releases an accepted allocation nothing was shipped against, and gives its quantity back', async () => {
    const pledge = await committedPledge(20, 20);
    const need = await buildNeed(t.app, needRefs, { quantity: 20 });
    const refs = { pledge_id: pledge.id, need_id: need.id };
    const kept = await buildAllocation(t.app, refs, { quantity: 5, accept: true });
    const released = await buildAllocation(t.app, refs, { quantity: 12, accept: true });
    expect(await stored(pledge.id, need.id)).toMatchObject({ pledge_allocated: 17, need_allocated: 17 });

    const response = await api(
      'POST',
      `/allocations/${released.id}/release`,
      { note: 'convoy rerouted' },
      '"2"',
    );
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'rejected', version: 3 });
    expect(await stored(pledge.id, need.id)).toMatchObject({
      pledge_allocated: 5,
      pledge_status: 'allocated',
      need_allocated: 5,
      accepted_total: 5,
    });
    expect((await transitionsOf(pledge.id)).at(-1)).toMatchObject({
      action: 'release',
      quantity: 12,
      from_status: 'allocated',
      to_status: 'allocated',
      note: `allocation ${released.id} to need ${need.id}: convoy rerouted`,
    });

    // Something shipped against it: it can no longer be released.
    await t.database.db
      .updateTable('allocation')
      .set({ shipped_quantity: 1 })
      .where('id', '=', kept.id)
      .execute();
    const shipped = await api('POST', `/allocations/${kept.id}/release`, {});
    expect([shipped.statusCode, shipped.json().code]).toEqual([409, 'allocation_shipped']);
  });

  it('goes back to committed when the last allocation is released', async () => {
    const pledge = await committedPledge(10, 10);
    const need = await buildNeed(t.app, needRefs);
    const allocation = await buildAllocation(
      t.app,
      { pledge_id: pledge.id, need_id: need.id },
      { accept: true },
    );
    expect((await stored(pledge.id, need.id)).pledge_status).toBe('allocated');
    const released = await api('POST', `/allocations/${allocation.id}/release`);
    expect([released.statusCode, released.json().status]).toEqual([200, 'rejected']);
    expect((await stored(pledge.id, need.id)).pledge_status).toBe('committed');
  });

  it('filters by pledge, need, status, week and proposer', async () => {
    const pledge = await committedPledge(100, 100);
    const need = await buildNeed(t.app, needRefs, { quantity: 100 });
    const other = await buildNeed(t.app, needRefs, { quantity: 100 });
    const a = await buildAllocation(t.app, { pledge_id: pledge.id, need_id: need.id }, { week: '2022-W49' });
    const b = await buildAllocation(
      t.app,
      { pledge_id: pledge.id, need_id: other.id },
      { week: '2022-W50', accept: true, proposed_by: 'planner' },
    );
    const ids = async (query: string) =>
      (await api('GET', `/allocations?pledge_id=${pledge.id}&${query}`))
        .json()
        .items.map((x: { id: string }) => x.id);
    expect(await ids('sort=created')).toEqual([a.id, b.id]);
    expect(await ids(`need_id=${other.id}`)).toEqual([b.id]);
    expect(await ids('status=accepted')).toEqual([b.id]);
    expect(await ids('status=proposed')).toEqual([a.id]);
    expect(await ids('week=2022-W49')).toEqual([a.id]);
    expect(await ids('proposed_by=planner')).toEqual([b.id]);
    expect(await ids('sort=-week')).toEqual([b.id, a.id]);
  });

  it('replays a create with the same Idempotency-Key and refuses the key with another body', async () => {
    const pledge = await committedPledge(10, 10);
    const need = await buildNeed(t.app, needRefs);
    const payload = { pledge_id: pledge.id, need_id: need.id, quantity: 2, week: '2022-W50', accept: true };
    const headers = { 'idempotency-key': `allocation-${pledge.id}` };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/allocations', headers, payload });
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/allocations', headers, payload });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect(await stored(pledge.id, need.id)).toMatchObject({ pledge_allocated: 2, need_allocated: 2 });
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/allocations',
      headers,
      payload: { ...payload, quantity: 3 },
    });
    expect([other.statusCode, other.json().code]).toEqual([422, 'idempotency_key_reused']);
  });
});

describe('concurrent accepts', () => {
  it('lets exactly one of two accepts that together exceed the committed quantity win', async () => {
    const pledge = await committedPledge(100, 50);
    const need = await buildNeed(t.app, needRefs, { quantity: 1000 });
    const refs = { pledge_id: pledge.id, need_id: need.id };
    const first = await buildAllocation(t.app, refs, { quantity: 30 });
    const second = await buildAllocation(t.app, refs, { quantity: 30 });
    const responses = await Promise.all(
      [first, second].map((a) => api('POST', `/allocations/${a.id}/accept`, {})),
    );
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(responses.find((r) => r.statusCode === 409)?.json().code).toBe('exceeds_committed');
    expect(await stored(pledge.id, need.id)).toMatchObject({
      pledge_committed: 50,
      pledge_allocated: 30,
      need_allocated: 30,
      accepted_total: 30,
    });
  });

  it('accepts exactly as many of many concurrent allocations as the committed quantity holds', async () => {
    const pledge = await committedPledge(100, 100);
    const need = await buildNeed(t.app, needRefs, { quantity: 1000 });
    const proposals = await Promise.all(
      Array.from({ length: 8 }, () =>
        buildAllocation(t.app, { pledge_id: pledge.id, need_id: need.id }, { quantity: 30 }),
      ),
    );
    const responses = await Promise.all(proposals.map((a) => api('POST', `/allocations/${a.id}/accept`, {})));
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(3);
    for (const refused of responses.filter((r) => r.statusCode !== 200)) {
      expect([refused.statusCode, refused.json().code]).toEqual([409, 'exceeds_committed']);
    }
    const totals = await stored(pledge.id, need.id);
    expect(totals).toMatchObject({ pledge_allocated: 90, need_allocated: 90, accepted_total: 90 });
    expect(totals.pledge_allocated).toBeLessThanOrEqual(totals.pledge_committed);
    expect((await transitionsOf(pledge.id)).filter((s) => s.action === 'allocate')).toHaveLength(3);
  });

  it('lets exactly one of two accepts from different pledges that together exceed the need win', async () => {
    const need = await buildNeed(t.app, needRefs, { quantity: 50 });
    const pledges = await Promise.all([committedPledge(100, 100), committedPledge(100, 100)]);
    const proposals = await Promise.all(
      pledges.map((p) => buildAllocation(t.app, { pledge_id: p.id, need_id: need.id }, { quantity: 30 })),
    );
    const responses = await Promise.all(proposals.map((a) => api('POST', `/allocations/${a.id}/accept`, {})));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(responses.find((r) => r.statusCode === 409)?.json().code).toBe('exceeds_need');
    const winner = responses.findIndex((r) => r.statusCode === 200);
    const loser = 1 - winner;
    const winnerPledge = pledges[winner]?.id as string;
    const loserPledge = pledges[loser]?.id as string;
    expect(await stored(winnerPledge, need.id)).toMatchObject({ pledge_allocated: 30, need_allocated: 30 });
    // The losing accept is rolled back whole: its pledge keeps nothing allocated.
    expect(await stored(loserPledge, need.id)).toMatchObject({
      pledge_allocated: 0,
      pledge_status: 'committed',
    });
  });

  it('keeps the need within its quantity when many pledges create accepted allocations at once', async () => {
    const need = await buildNeed(t.app, needRefs, { quantity: 50 });
    const pledges = await Promise.all(Array.from({ length: 6 }, () => committedPledge(20, 20)));
    const responses = await Promise.all(
      pledges.map((p) =>
        api('POST', '/allocations', {
          pledge_id: p.id,
          need_id: need.id,
          quantity: 20,
          week: '2022-W50',
          accept: true,
        }),
      ),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(2);
    for (const refused of responses.filter((r) => r.statusCode !== 201)) {
      expect([refused.statusCode, refused.json().code]).toEqual([409, 'exceeds_need']);
    }
    const need_allocated = Number(
      (
        await t.database.db
          .selectFrom('need')
          .select('allocated_quantity')
          .where('id', '=', need.id)
          .executeTakeFirstOrThrow()
      ).allocated_quantity,
    );
    expect(need_allocated).toBe(40);
    const allocatedPledges = await t.database.db
      .selectFrom('pledge')
      .select('allocated_quantity')
      .where(
        'id',
        'in',
        pledges.map((p) => p.id),
      )
      .execute();
    expect(allocatedPledges.map((p) => Number(p.allocated_quantity)).sort()).toEqual([0, 0, 0, 0, 20, 20]);
  });
});
