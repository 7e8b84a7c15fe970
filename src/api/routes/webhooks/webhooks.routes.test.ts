import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildNeed, buildOrganisation } from '../../../../test/support/factories.js';
import {
  buildAllocation,
  buildWorld,
  type LifecycleWorld,
} from '../../../../test/support/lifecycle-factories.js';
import {
  checkPastDue,
  startWebhookWorker,
  type WebhookWorker,
} from '../../../core/webhooks/webhook-worker.js';

/**
 * Webhooks end to end inside one process: the outbox rows written by the triggers, fan-out, the
 * graphile-worker deliveries to a loopback receiver (allowed by the setting), Standard Webhooks
 * signatures checked with the standardwebhooks package, retries, dead-letter, visibility as the
 * subscribing organisation, and the subscriber's API.
 */

interface Received {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly answered: number;
}

let t: TestApp;
let world: LifecycleWorld;
let worker: WebhookWorker;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];
/** What the receiver answers next, per path; 200 once the list is empty. */
const script = new Map<string, number[]>();
let counter = 0;

beforeAll(async () => {
  t = await createTestApp({ webhooksAllowLoopback: true });
  world = await buildWorld(t);
  receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = request.url ?? '/';
      const answered = script.get(path)?.shift() ?? 200;
      received.push({
        path,
        headers: request.headers as Record<string, string>,
        body: Buffer.concat(chunks).toString('utf8'),
        answered,
      });
      response.writeHead(answered, { 'content-type': 'text/plain' });
      response.end(answered === 200 ? 'thanks' : 'try later');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  worker = await startWebhookWorker({
    db: t.database.db,
    url: t.database.url,
    settings: { allowLoopback: true, retryBaseMs: 50, retryCapMs: 200, retryWindowMs: 10 * 60_000 },
    today: async () => '2022-12-10',
    pollMs: 200,
  });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  await t?.close();
});

const api = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, authorization?: string) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(payload ? { payload } : {}),
    ...(authorization ? { headers: { authorization } } : {}),
  });

async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A shipment of one accepted allocation, owned by the donor, in the given classification. */
async function preparedShipment(classification: 'coalition' | 'restricted'): Promise<string> {
  const built = await buildAllocation(t, world, { quantity: 10 });
  const response = await api('POST', '/shipments', {
    reference: `HOOK-${++counter}`,
    origin_hub: 'Rzeszów',
    destination_region_id: world.region_id,
    owner_org_id: world.donor_org_id,
    classification,
    lines: [{ allocation_id: built.allocation_id, quantity: 10 }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function dispatch(id: string): Promise<void> {
  const response = await api('POST', `/shipments/${id}/dispatch`, { dispatched_on: '2022-12-01' });
  expect(response.statusCode, response.body).toBe(200);
}

/** A coordinator (clearance coalition) of an organisation that is no party of the world's records. */
async function observer(): Promise<{ orgId: string; authorization: string }> {
  const org = await buildOrganisation(t.app, { kind: 'ngo', country_code: 'PL' });
  return {
    orgId: org.id,
    authorization: await t.tokenFor({ role: 'coordinator', orgId: org.id, clearance: 'coalition' }),
  };
}

async function subscribe(authorization: string, path: string, events: string[]) {
  const response = await api('POST', '/webhooks', { url: `${receiverUrl}${path}`, events }, authorization);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; secret: string; status: string; events: string[] };
}

const deliveriesOf = async (id: string, authorization: string) => {
  const response = await api('GET', `/webhooks/${id}/deliveries`, undefined, authorization);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as {
    id: string;
    event_type: string;
    entity_id: string;
    status: string;
    attempts: number;
    log: {
      attempt: number;
      status_code: number | null;
      error: string | null;
      response_body: string | null;
    }[];
  }[];
};

describe('the outbox', () => {
  it('writes the event in the change’s transaction: a rolled-back change leaves none', async () => {
    const shipment = await preparedShipment('coalition');
    const before = await t.database.db
      .selectFrom('outbox_event')
      .select('id')
      .where('entity_id', '=', shipment)
      .execute();
    await t.database.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('shipment')
          .set({ status: 'in_transit', dispatched_on: '2022-12-01' })
          .where('id', '=', shipment)
          .execute();
        const inside = await trx
          .selectFrom('outbox_event')
          .select('type')
          .where('entity_id', '=', shipment)
          .execute();
        expect(inside.map((e) => e.type)).toContain('shipment.dispatched');
        throw new Error('roll back');
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'));
    const after = await t.database.db
      .selectFrom('outbox_event')
      .select('id')
      .where('entity_id', '=', shipment)
      .execute();
    expect(after).toEqual(before);
  });

  it('writes one event per row of a set-based statement, and need.changed only for what the owner changed', async () => {
    const needs = await Promise.all(
      [1, 2, 3].map(() =>
        buildNeed(t.app, {
          recipient_org_id: world.recipient_org_id,
          region_id: world.region_id,
          item_id: world.item_id,
        }),
      ),
    );
    const ids = needs.map((n) => n.id as string);
    await sql`UPDATE need SET priority = 'critical' WHERE id = ANY (${ids}::uuid[])`.execute(t.database.db);
    await sql`UPDATE need SET allocated_quantity = 0 WHERE id = ANY (${ids}::uuid[])`.execute(t.database.db);
    const events = await t.database.db
      .selectFrom('outbox_event')
      .select(['type', 'entity_id', 'detail'])
      .where('entity_id', 'in', ids)
      .orderBy('seq')
      .execute();
    expect(events.filter((e) => e.type === 'need.created')).toHaveLength(3);
    const changed = events.filter((e) => e.type === 'need.changed');
    expect(changed).toHaveLength(3);
    expect(changed.map((e) => e.detail.fields)).toEqual([['priority'], ['priority'], ['priority']]);
  });

  it('tells a critical need past its date and unmet once, on the data’s day', async () => {
    const refs = {
      recipient_org_id: world.recipient_org_id,
      region_id: world.region_id,
      item_id: world.item_id,
    };
    const late = await buildNeed(t.app, refs, { priority: 'critical', needed_by: '2022-12-01' });
    const notYet = await buildNeed(t.app, refs, { priority: 'critical', needed_by: '2022-12-20' });
    const notCritical = await buildNeed(t.app, refs, { priority: 'high', needed_by: '2022-12-01' });
    await checkPastDue(t.database.db, '2022-12-10');
    await checkPastDue(t.database.db, '2022-12-11');
    const told = await t.database.db
      .selectFrom('outbox_event')
      .select(['entity_id'])
      .where('type', '=', 'need.past_due_unmet')
      .where('entity_id', 'in', [late.id, notYet.id, notCritical.id])
      .execute();
    expect(told.map((e) => e.entity_id)).toEqual([late.id]);
  });
});

describe('webhook deliveries', () => {
  it('delivers shipment.dispatched once after a 500, signed; a restricted shipment of another organisation is never sent', async () => {
    const who = await observer();
    const hook = await subscribe(who.authorization, '/dispatch', ['shipment.dispatched']);
    expect(hook.secret).toMatch(/^whsec_/);
    script.set('/dispatch', [500]);
    const visible = await preparedShipment('coalition');
    const restricted = await preparedShipment('restricted');
    await dispatch(restricted);
    await dispatch(visible);

    const delivered = await until('the delivery', async () => {
      const list = await deliveriesOf(hook.id, who.authorization);
      return list.find((d) => d.status === 'delivered');
    });
    const mine = received.filter((r) => r.headers['webhook-id'] === delivered.id);
    expect(mine.map((r) => r.answered)).toEqual([500, 200]);
    const payload = new Webhook(hook.secret).verify(mine[1]?.body ?? '', mine[1]?.headers ?? {}) as {
      type: string;
      data: { id: string; record: { id: string; status: string; classification: string } };
    };
    expect(payload.type).toBe('shipment.dispatched');
    expect(payload.data.id).toBe(visible);
    expect(payload.data.record).toMatchObject({
      id: visible,
      status: 'in_transit',
      classification: 'coalition',
    });
    // A wrong secret does not verify.
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(
        mine[1]?.body ?? '',
        mine[1]?.headers ?? {},
      ),
    ).toThrow();
    expect(delivered).toMatchObject({ event_type: 'shipment.dispatched', entity_id: visible, attempts: 2 });
    expect(delivered.log.map((a) => [a.status_code, a.response_body])).toEqual([
      [500, 'try later'],
      [200, 'thanks'],
    ]);

    // The restricted shipment's delivery is withheld: never sent, never listed to the subscriber.
    await until('the restricted delivery to be decided', async () => {
      const rows = await sql<{ status: string }>`
        SELECT d.status FROM webhook_delivery d JOIN outbox_event e ON e.id = d.event_id
        WHERE d.subscription_id = ${hook.id} AND e.entity_id = ${restricted}`.execute(t.database.db);
      return rows.rows[0]?.status === 'withheld' ? true : undefined;
    });
    expect(received.some((r) => r.body.includes(restricted))).toBe(false);
    expect((await deliveriesOf(hook.id, who.authorization)).map((d) => d.entity_id)).toEqual([visible]);
  });

  it('redelivers by hand with the same webhook-id, and dead-letters after the retry window', async () => {
    const who = await observer();
    const hook = await subscribe(who.authorization, '/dead', ['shipment.dispatched']);
    const shipment = await preparedShipment('coalition');
    script.set('/dead', [503, 503, 503, 503, 503, 503, 503, 503, 503, 503]);
    // The retry window has long passed for this delivery once it exists.
    await dispatch(shipment);
    const pending = await until(
      'the delivery',
      async () => (await deliveriesOf(hook.id, who.authorization))[0],
    );
    await sql`UPDATE webhook_delivery SET window_start = now() - interval '1 day' WHERE id = ${pending.id}`.execute(
      t.database.db,
    );
    const dead = await until('dead-letter', async () => {
      const [d] = await deliveriesOf(hook.id, who.authorization);
      return d?.status === 'dead' ? d : undefined;
    });
    expect(dead.log.every((a) => a.status_code === 503)).toBe(true);

    script.set('/dead', []);
    const again = await api(
      'POST',
      `/webhooks/${hook.id}/deliveries/${dead.id}/redeliver`,
      undefined,
      who.authorization,
    );
    expect(again.statusCode, again.body).toBe(202);
    const redelivered = await until('redelivery', async () => {
      const [d] = await deliveriesOf(hook.id, who.authorization);
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(redelivered.id).toBe(dead.id);
    expect(redelivered.log.at(-1)?.status_code).toBe(200);
    const ids = new Set(received.filter((r) => r.path === '/dead').map((r) => r.headers['webhook-id']));
    expect([...ids]).toEqual([dead.id]);
  });

  it('sends nothing for events while disabled; events after enabling are sent', async () => {
    const who = await observer();
    const hook = await subscribe(who.authorization, '/paused', ['shipment.dispatched']);
    const off = await api('POST', `/webhooks/${hook.id}/disable`, undefined, who.authorization);
    expect(off.json()).toMatchObject({ status: 'disabled' });
    const quiet = await preparedShipment('coalition');
    await dispatch(quiet);
    await worker.tick();
    expect(await deliveriesOf(hook.id, who.authorization)).toEqual([]);
    const on = await api('POST', `/webhooks/${hook.id}/enable`, undefined, who.authorization);
    expect(on.json()).toMatchObject({ status: 'active' });
    const loud = await preparedShipment('coalition');
    await dispatch(loud);
    const delivered = await until('the delivery', async () => {
      const [d] = await deliveriesOf(hook.id, who.authorization);
      return d?.status === 'delivered' ? d : undefined;
    });
    expect(delivered.entity_id).toBe(loud);
    expect(received.filter((r) => r.path === '/paused').map((r) => JSON.parse(r.body).data.id)).toEqual([
      loud,
    ]);
  });
});

describe('the subscriptions API', () => {
  it('refuses unsafe URLs with 422 unsafe_webhook_url', async () => {
    for (const url of [
      'http://hooks.example.org/x',
      'https://10.1.2.3/x',
      'https://[fd00::1]/x',
      'ftp://x.org',
      'https://u:p@x.org/',
    ]) {
      const response = await api('POST', '/webhooks', { url, events: ['need.created'] });
      expect(response.statusCode, url).toBe(422);
      expect(response.json().code, url).toBe('unsafe_webhook_url');
    }
    const bad = await api('POST', '/webhooks', {
      url: 'https://hooks.example.org/x',
      events: ['need.deleted'],
    });
    expect(bad.statusCode).toBe(400);
  });

  it('shows the secret once, lists, disables and deletes; another organisation sees none of it', async () => {
    const created = await api('POST', '/webhooks', {
      url: 'https://hooks.example.org/aidgrid',
      events: ['need.created', 'pledge.committed'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const hook = created.json();
    expect(hook).toMatchObject({ org_id: t.orgId, status: 'active', clearance: 'restricted' });
    const listed = await api('GET', '/webhooks');
    const mine = listed.json().items.find((h: { id: string }) => h.id === hook.id);
    expect(mine).toBeDefined();
    expect(mine.secret).toBeUndefined();
    expect((await api('GET', `/webhooks/${hook.id}`)).json().secret).toBeUndefined();

    const other = await observer();
    expect((await api('GET', `/webhooks/${hook.id}`, undefined, other.authorization)).statusCode).toBe(404);
    expect((await api('DELETE', `/webhooks/${hook.id}`, undefined, other.authorization)).statusCode).toBe(
      404,
    );
    expect(
      (await api('GET', '/webhooks', undefined, other.authorization))
        .json()
        .items.map((h: { id: string }) => h.id),
    ).not.toContain(hook.id);
    const donor = await t.tokenFor({ role: 'donor', orgId: world.donor_org_id });
    expect((await api('GET', '/webhooks', undefined, donor)).statusCode).toBe(403);

    expect((await api('DELETE', `/webhooks/${hook.id}`)).statusCode).toBe(204);
    expect((await api('GET', `/webhooks/${hook.id}`)).statusCode).toBe(404);
  });
});
