import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildRegion } from '../../../../test/support/factories.js';
import {
  type BuiltAllocation,
  buildAllocation,
  buildWorld,
  type LifecycleWorld,
} from '../../../../test/support/lifecycle-factories.js';

let t: TestApp;
let world: LifecycleWorld;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t);
});
afterAll(async () => t?.close());

interface Line {
  id: string;
  allocation_id: string;
  pledge_id: string;
  need_id: string;
  item_id: string;
  quantity: number;
  received_quantity: number;
}

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, headers = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, payload, headers });

async function createShipment(lines: { allocation_id: string; quantity: number }[], overrides = {}) {
  const response = await api('POST', '/shipments', {
    reference: `CMR-${++counter}`,
    origin_hub: 'Rzeszów',
    destination_region_id: world.region_id,
    owner_org_id: world.donor_org_id,
    lines,
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(201);
  const shipment = response.json() as { id: string; status: string; version: number };
  const listed = await api('GET', `/shipments/${shipment.id}/lines`);
  return { ...shipment, lines: listed.json().items as Line[] };
}

const dispatch = (id: string, dispatched_on = '2022-12-01') =>
  api('POST', `/shipments/${id}/dispatch`, { dispatched_on });

const receive = (
  id: string,
  lines: { shipment_line_id: string; quantity: number; discrepancy_reason?: string }[],
  received_on = '2022-12-05',
  headers = {},
) =>
  api(
    'POST',
    `/shipments/${id}/receipts`,
    { received_on, received_by_org_id: world.recipient_org_id, lines },
    headers,
  );

async function shipmentStatus(id: string): Promise<string> {
  return (await api('GET', `/shipments/${id}`)).json().status;
}

/** Every stage quantity the chain of one allocation holds, read straight from the database. */
async function stagesOf(built: BuiltAllocation) {
  const db = t.database.db;
  const allocation = await db
    .selectFrom('allocation')
    .select(['quantity', 'shipped_quantity', 'delivered_quantity'])
    .where('id', '=', built.allocation_id)
    .executeTakeFirstOrThrow();
  const pledge = await db
    .selectFrom('pledge')
    .select(['status', 'allocated_quantity', 'shipped_quantity', 'delivered_quantity'])
    .where('id', '=', built.pledge_id)
    .executeTakeFirstOrThrow();
  const need = await db
    .selectFrom('need')
    .select(['status', 'quantity', 'allocated_quantity', 'met_quantity'])
    .where('id', '=', built.need_id)
    .executeTakeFirstOrThrow();
  return {
    allocation: {
      shipped: Number(allocation.shipped_quantity),
      delivered: Number(allocation.delivered_quantity),
    },
    pledge: {
      status: pledge.status,
      allocated: Number(pledge.allocated_quantity),
      shipped: Number(pledge.shipped_quantity),
      delivered: Number(pledge.delivered_quantity),
    },
    need: { status: need.status, met: Number(need.met_quantity) },
  };
}

async function pledgeActions(pledgeId: string) {
  const rows = await t.database.db
    .selectFrom('pledge_transition')
    .select(['action', 'quantity'])
    .where('pledge_id', '=', pledgeId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((row) => `${row.action} ${Number(row.quantity)}`);
}

describe('shipments API', () => {
  it('creates a shipment with lines copied from their allocations, and lists and filters it', async () => {
    const built = await buildAllocation(t, world, { quantity: 40 });
    const shipment = await createShipment([{ allocation_id: built.allocation_id, quantity: 25 }], {
      eta: '2022-12-10',
    });
    expect(shipment).toMatchObject({
      status: 'preparing',
      version: 1,
      eta: '2022-12-10',
      dispatched_on: null,
    });
    expect(shipment.lines).toEqual([
      expect.objectContaining({
        shipment_id: shipment.id,
        allocation_id: built.allocation_id,
        pledge_id: built.pledge_id,
        need_id: built.need_id,
        item_id: world.item_id,
        quantity: 25,
        received_quantity: 0,
      }),
    ]);
    const listed = await api('GET', `/shipments?status=preparing&destination_region_id=${world.region_id}`);
    expect(listed.json().items.map((s: { id: string }) => s.id)).toContain(shipment.id);
    const none = await api('GET', '/shipments?status=in_transit&origin_hub=Rzesz%C3%B3w');
    expect(none.json().items.map((s: { id: string }) => s.id)).not.toContain(shipment.id);
  });

  it('adds and removes lines while preparing, and edits the shipment with If-Match', async () => {
    const built = await buildAllocation(t, world, { quantity: 10 });
    const shipment = await createShipment([]);
    const added = await api('POST', `/shipments/${shipment.id}/lines`, {
      allocation_id: built.allocation_id,
      quantity: 4,
    });
    expect(added.statusCode, added.body).toBe(201);
    const removed = await api('DELETE', `/shipments/${shipment.id}/lines/${added.json().id}`);
    expect(removed.statusCode).toBe(204);
    expect((await api('GET', `/shipments/${shipment.id}/lines`)).json().items).toEqual([]);
    const patched = await api(
      'PATCH',
      `/shipments/${shipment.id}`,
      { origin_hub: 'Suceava' },
      { 'if-match': '"1"' },
    );
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ origin_hub: 'Suceava', version: 2 });
  });

  it('refuses lines that break the allocation rules, with their codes, and stores nothing', async () => {
    const accepted = await buildAllocation(t, world, { quantity: 10 });
    const proposed = await buildAllocation(t, world, { quantity: 10, status: 'proposed' });
    const elsewhere = await buildRegion(t.app);
    const far = await buildAllocation(t, world, { quantity: 10, region_id: elsewhere.id });
    const shipment = await createShipment([{ allocation_id: accepted.allocation_id, quantity: 6 }]);
    const url = `/shipments/${shipment.id}/lines`;

    const cases: [object, number, string][] = [
      [{ allocation_id: proposed.allocation_id, quantity: 1 }, 409, 'allocation_not_accepted'],
      [{ allocation_id: far.allocation_id, quantity: 1 }, 422, 'wrong_region'],
      [{ allocation_id: accepted.allocation_id, quantity: 4.001 }, 409, 'exceeds_allocation'],
      [{ allocation_id: '01890000-0000-7000-8000-000000000001', quantity: 1 }, 422, 'unknown_reference'],
      [{ allocation_id: accepted.allocation_id, quantity: 0 }, 422, 'invalid_record'],
    ];
    for (const [payload, status, code] of cases) {
      const response = await api('POST', url, payload);
      expect([response.statusCode, response.json().code]).toEqual([status, code]);
    }
    // The allocation's room is shared by every shipment that is not lost.
    const other = await api('POST', '/shipments', {
      reference: 'CMR-over',
      origin_hub: 'Rzeszów',
      destination_region_id: world.region_id,
      owner_org_id: world.donor_org_id,
      lines: [{ allocation_id: accepted.allocation_id, quantity: 5 }],
    });
    expect([other.statusCode, other.json().code]).toEqual([409, 'exceeds_allocation']);
    const stored = await api('GET', '/shipments?limit=500');
    expect(stored.json().items.map((s: { reference: string }) => s.reference)).not.toContain('CMR-over');
    expect((await api('GET', url)).json().items).toHaveLength(1);

    const moved = await api(
      'PATCH',
      `/shipments/${shipment.id}`,
      { destination_region_id: elsewhere.id },
      { 'if-match': '"1"' },
    );
    expect([moved.statusCode, moved.json().code]).toEqual([422, 'wrong_region']);
  });

  it('walks dispatch → partial receipt → second receipt → received, moving every stage', async () => {
    const built = await buildAllocation(t, world, { quantity: 100 });
    const shipment = await createShipment([{ allocation_id: built.allocation_id, quantity: 100 }]);
    const line = shipment.lines[0]!;

    const dispatched = await dispatch(shipment.id);
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect(dispatched.json()).toMatchObject({
      status: 'in_transit',
      dispatched_on: '2022-12-01',
      version: 2,
    });
    expect(dispatched.headers.etag).toBe('"2"');
    expect(await stagesOf(built)).toEqual({
      allocation: { shipped: 100, delivered: 0 },
      pledge: { status: 'shipped', allocated: 100, shipped: 100, delivered: 0 },
      need: { status: 'open', met: 0 },
    });

    const first = await receive(shipment.id, [
      { shipment_line_id: line.id, quantity: 60.5, discrepancy_reason: 'short' },
    ]);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      shipment_id: shipment.id,
      received_by_org_id: world.recipient_org_id,
      owner_org_id: world.recipient_org_id,
      lines: [{ shipment_line_id: line.id, quantity: 60.5, discrepancy_reason: 'short', note: null }],
    });
    expect(await shipmentStatus(shipment.id)).toBe('arrived');
    expect(await stagesOf(built)).toEqual({
      allocation: { shipped: 100, delivered: 60.5 },
      pledge: { status: 'delivered', allocated: 100, shipped: 100, delivered: 60.5 },
      need: { status: 'partially_met', met: 60.5 },
    });

    const second = await receive(shipment.id, [{ shipment_line_id: line.id, quantity: 39.5 }], '2022-12-06');
    expect(second.statusCode, second.body).toBe(201);
    expect(await shipmentStatus(shipment.id)).toBe('received');
    expect(await stagesOf(built)).toEqual({
      allocation: { shipped: 100, delivered: 100 },
      pledge: { status: 'delivered', allocated: 100, shipped: 100, delivered: 100 },
      need: { status: 'met', met: 100 },
    });
    expect(await pledgeActions(built.pledge_id)).toEqual(['ship 100', 'deliver 60.5', 'deliver 39.5']);

    const receipts = (await api('GET', `/shipments/${shipment.id}/receipts`)).json().items;
    expect(receipts.map((r: { lines: { quantity: number }[] }) => r.lines[0]?.quantity)).toEqual([
      60.5, 39.5,
    ]);
    const lines = (await api('GET', `/shipments/${shipment.id}/lines`)).json().items;
    expect(lines[0]).toMatchObject({ quantity: 100, received_quantity: 100 });
    const history = (await api('GET', `/shipments/${shipment.id}/history`)).json().items;
    expect(history.map((e: { after: { status: string } }) => e.after.status)).toEqual([
      'preparing',
      'in_transit',
      'arrived',
      'received',
    ]);
  });

  it('closes a short delivery as received and keeps shipped above delivered', async () => {
    const built = await buildAllocation(t, world, { quantity: 50 });
    const shipment = await createShipment([{ allocation_id: built.allocation_id, quantity: 50 }]);
    expect((await dispatch(shipment.id)).statusCode).toBe(200);
    const line = shipment.lines[0]!;
    const got = await receive(shipment.id, [
      { shipment_line_id: line.id, quantity: 45, discrepancy_reason: 'damaged' },
    ]);
    expect(got.statusCode).toBe(201);
    const closed = await api('POST', `/shipments/${shipment.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('received');
    expect(await stagesOf(built)).toMatchObject({
      allocation: { shipped: 50, delivered: 45 },
      pledge: { shipped: 50, delivered: 45 },
      need: { status: 'partially_met', met: 45 },
    });
  });

  it('loses a shipment: what did not arrive goes back to allocated and can be shipped again', async () => {
    const built = await buildAllocation(t, world, { quantity: 100 });
    const shipment = await createShipment([{ allocation_id: built.allocation_id, quantity: 100 }]);
    expect((await dispatch(shipment.id)).statusCode).toBe(200);
    const line = shipment.lines[0]!;
    expect((await receive(shipment.id, [{ shipment_line_id: line.id, quantity: 30 }])).statusCode).toBe(201);

    const lost = await api('POST', `/shipments/${shipment.id}/lose`, { note: 'convoy struck near Lviv' });
    expect(lost.statusCode, lost.body).toBe(200);
    expect(lost.json().status).toBe('lost');
    expect(await stagesOf(built)).toEqual({
      allocation: { shipped: 30, delivered: 30 },
      pledge: { status: 'delivered', allocated: 100, shipped: 30, delivered: 30 },
      need: { status: 'partially_met', met: 30 },
    });
    expect(await pledgeActions(built.pledge_id)).toEqual(['ship 100', 'deliver 30', 'lose 70']);

    const tooMuch = await api('POST', '/shipments', {
      reference: 'CMR-replacement-too-much',
      origin_hub: 'Rzeszów',
      destination_region_id: world.region_id,
      owner_org_id: world.donor_org_id,
      lines: [{ allocation_id: built.allocation_id, quantity: 70.001 }],
    });
    expect([tooMuch.statusCode, tooMuch.json().code]).toEqual([409, 'exceeds_allocation']);
    const replacement = await createShipment([{ allocation_id: built.allocation_id, quantity: 70 }]);
    expect((await dispatch(replacement.id)).statusCode).toBe(200);
    expect((await stagesOf(built)).allocation).toEqual({ shipped: 100, delivered: 30 });
  });

  it('refuses every illegal transition with its code', async () => {
    const built = await buildAllocation(t, world, { quantity: 20 });
    const empty = await createShipment([]);
    const expectProblem = async (
      response: Promise<{ statusCode: number; json(): { code: string } }>,
      code: string,
    ) => {
      const answered = await response;
      expect([answered.statusCode, answered.json().code]).toEqual([409, code]);
    };
    await expectProblem(dispatch(empty.id), 'empty_shipment');

    const shipment = await createShipment([{ allocation_id: built.allocation_id, quantity: 10 }]);
    const line = shipment.lines[0]!;
    const id = shipment.id;
    // preparing: nothing can arrive, be lost or be closed yet.
    await expectProblem(receive(id, [{ shipment_line_id: line.id, quantity: 1 }]), 'invalid_transition');
    await expectProblem(api('POST', `/shipments/${id}/lose`, { note: 'x' }), 'invalid_transition');
    await expectProblem(api('POST', `/shipments/${id}/close`, {}), 'invalid_transition');

    expect((await dispatch(id)).statusCode).toBe(200);
    // in transit: no second dispatch, no changes to lines or fields, no closing before anything arrived.
    await expectProblem(dispatch(id), 'invalid_transition');
    await expectProblem(
      api('POST', `/shipments/${id}/lines`, { allocation_id: built.allocation_id, quantity: 1 }),
      'invalid_transition',
    );
    await expectProblem(api('DELETE', `/shipments/${id}/lines/${line.id}`), 'invalid_transition');
    await expectProblem(
      api('PATCH', `/shipments/${id}`, { origin_hub: 'Przemyśl' }, { 'if-match': '"2"' }),
      'invalid_transition',
    );
    await expectProblem(
      api('DELETE', `/shipments/${id}`, undefined, { 'if-match': '"2"' }),
      'invalid_transition',
    );
    await expectProblem(api('POST', `/shipments/${id}/close`, {}), 'invalid_transition');

    expect((await receive(id, [{ shipment_line_id: line.id, quantity: 10 }])).statusCode).toBe(201);
    // received: the end.
    await expectProblem(receive(id, [{ shipment_line_id: line.id, quantity: 0 }]), 'invalid_transition');
    await expectProblem(api('POST', `/shipments/${id}/lose`, { note: 'x' }), 'invalid_transition');
    await expectProblem(api('POST', `/shipments/${id}/close`, {}), 'invalid_transition');
    await expectProblem(dispatch(id), 'invalid_transition');

    // lost: the end too.
    const other = await createShipment([{ allocation_id: built.allocation_id, quantity: 10 }]);
    expect((await dispatch(other.id)).statusCode).toBe(200);
    expect((await api('POST', `/shipments/${other.id}/lose`, { note: 'sunk' })).statusCode).toBe(200);
    await expectProblem(
      receive(other.id, [{ shipment_line_id: other.lines[0]!.id, quantity: 1 }]),
      'invalid_transition',
    );
    await expectProblem(api('POST', `/shipments/${other.id}/close`, {}), 'invalid_transition');
    await expectProblem(api('POST', `/shipments/${other.id}/lose`, { note: 'again' }), 'invalid_transition');
  });

  it('dispatches all or nothing: a pledge without room leaves every allocation unshipped', async () => {
    const built = await buildAllocation(t, world, { quantity: 30 });
    const shipment = await createShipment([{ allocation_id: built.allocation_id, quantity: 30 }]);
    // The pledge's allocated stage shrank behind the shipment's back (as a release elsewhere would).
    await t.database.db
      .updateTable('pledge')
      .set({ allocated_quantity: 20 })
      .where('id', '=', built.pledge_id)
      .execute();
    const response = await dispatch(shipment.id);
    expect([response.statusCode, response.json().code]).toEqual([409, 'exceeds_allocated']);
    expect(await shipmentStatus(shipment.id)).toBe('preparing');
    expect((await stagesOf(built)).allocation).toEqual({ shipped: 0, delivered: 0 });

    await t.database.db
      .updateTable('allocation')
      .set({ status: 'rejected' })
      .where('id', '=', built.allocation_id)
      .execute();
    const rejected = await dispatch(shipment.id);
    expect([rejected.statusCode, rejected.json().code]).toEqual([409, 'allocation_not_accepted']);
  });

  it('refuses a receipt that would pass what a line carried, and rolls the whole receipt back', async () => {
    const a = await buildAllocation(t, world, { quantity: 10 });
    const b = await buildAllocation(t, world, { quantity: 10 });
    const shipment = await createShipment([
      { allocation_id: a.allocation_id, quantity: 10 },
      { allocation_id: b.allocation_id, quantity: 10 },
    ]);
    expect((await dispatch(shipment.id)).statusCode).toBe(200);
    const lineA = shipment.lines.find((line) => line.allocation_id === a.allocation_id);
    const lineB = shipment.lines.find((line) => line.allocation_id === b.allocation_id);
    const response = await receive(shipment.id, [
      { shipment_line_id: lineA!.id, quantity: 5 },
      { shipment_line_id: lineB!.id, quantity: 10.5, discrepancy_reason: 'excess' },
    ]);
    expect([response.statusCode, response.json().code]).toEqual([409, 'exceeds_shipped']);
    const lines = (await api('GET', `/shipments/${shipment.id}/lines`)).json().items as Line[];
    expect(lines.map((l) => l.received_quantity)).toEqual([0, 0]);
    expect((await stagesOf(a)).allocation.delivered).toBe(0);
    expect((await api('GET', `/shipments/${shipment.id}/receipts`)).json().items).toEqual([]);
    expect(await shipmentStatus(shipment.id)).toBe('in_transit');

    const foreign = await receive(shipment.id, [
      { shipment_line_id: '01890000-0000-7000-8000-000000000009', quantity: 1 },
    ]);
    expect([foreign.statusCode, foreign.json().code]).toEqual([422, 'unknown_reference']);
    const twice = await receive(shipment.id, [
      { shipment_line_id: lineA!.id, quantity: 1 },
      { shipment_line_id: lineA!.id, quantity: 1 },
    ]);
    expect([twice.statusCode, twice.json().code]).toEqual([422, 'invalid_record']);
    const early = await receive(shipment.id, [{ shipment_line_id: lineA!.id, quantity: 1 }], '2022-11-30');
    expect([early.statusCode, early.json().code]).toEqual([422, 'invalid_record']);
    const reason = await receive(shipment.id, [
      { shipment_line_id: lineA!.id, quantity: 1, discrepancy_reason: 'stolen' },
    ]);
    expect([reason.statusCode, reason.json().code]).toEqual([400, 'validation_failed']);
  });

  it('replays a receipt sent again with the same Idempotency-Key instead of receiving twice', async () => {
    const built = await buildAllocation(t, world, { quantity: 10 });
    const shipment = await createShipment([{ allocation_id: built.allocation_id, quantity: 10 }]);
    expect((await dispatch(shipment.id)).statusCode).toBe(200);
    const lines = [{ shipment_line_id: shipment.lines[0]!.id, quantity: 4 }];
    const headers = { 'idempotency-key': 'receipt-once' };
    const first = await receive(shipment.id, lines, '2022-12-05', headers);
    const again = await receive(shipment.id, lines, '2022-12-05', headers);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json().id).toBe(first.json().id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect((await stagesOf(built)).allocation.delivered).toBe(4);
    const other = await receive(shipment.id, [{ ...lines[0]!, quantity: 5 }], '2022-12-05', headers);
    expect([other.statusCode, other.json().code]).toEqual([422, 'idempotency_key_reused']);
  });

  it('lets exactly the 33 of 50 concurrent receipts of 3 that fit in 100 succeed; no bound is passed', async () => {
    const built = await buildAllocation(t, world, { quantity: 100 });
    const shipment = await createShipment([{ allocation_id: built.allocation_id, quantity: 100 }]);
    expect((await dispatch(shipment.id)).statusCode).toBe(200);
    const line = shipment.lines[0]!;

    const responses = await Promise.all(
      Array.from({ length: 50 }, () => receive(shipment.id, [{ shipment_line_id: line.id, quantity: 3 }])),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 201)).toHaveLength(33);
    expect(statuses.filter((s) => s === 409)).toHaveLength(17);
    expect(
      responses.filter((r) => r.statusCode === 409).every((r) => r.json().code === 'exceeds_shipped'),
    ).toBe(true);

    const lines = (await api('GET', `/shipments/${shipment.id}/lines`)).json().items as Line[];
    expect(lines[0]).toMatchObject({ quantity: 100, received_quantity: 99 });
    expect(await stagesOf(built)).toEqual({
      allocation: { shipped: 100, delivered: 99 },
      pledge: { status: 'delivered', allocated: 100, shipped: 100, delivered: 99 },
      need: { status: 'partially_met', met: 99 },
    });
    expect((await api('GET', `/shipments/${shipment.id}/receipts`)).json().items).toHaveLength(33);
    expect(await shipmentStatus(shipment.id)).toBe('arrived');
    const deliveries = (await pledgeActions(built.pledge_id)).filter((a) => a.startsWith('deliver'));
    expect(deliveries).toHaveLength(33);

    const received = await sql<{ total: string }>`
      SELECT sum(quantity)::text AS total FROM receipt_line WHERE shipment_line_id = ${line.id}`.execute(
      t.database.db,
    );
    expect(Number(received.rows[0]?.total)).toBe(99);
  });

  it('answers 404 for an unknown shipment on every action', async () => {
    const missing = '01890000-0000-7000-8000-0000000000aa';
    for (const response of [
      await api('GET', `/shipments/${missing}/lines`),
      await api('GET', `/shipments/${missing}/receipts`),
      await dispatch(missing),
      await api('POST', `/shipments/${missing}/lose`, { note: 'x' }),
    ]) {
      expect([response.statusCode, response.json().code]).toEqual([404, 'not_found']);
    }
  });
});
