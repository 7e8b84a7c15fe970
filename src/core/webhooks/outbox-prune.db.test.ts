import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { pruneOutbox } from './outbox-prune.js';

let t: TestApp;
const now = new Date();
const daysAgo = (days: number) => new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
let subscription: string;

beforeAll(async () => {
  t = await createTestApp();
  subscription = randomUUID();
  await sql`INSERT INTO webhook_subscription (id, org_id, url, events, secret, role, clearance, created_by)
    VALUES (${subscription}, ${t.orgId}, 'https://receiver.example/hook', ARRAY['need.created'], 'whsec_test',
      'coordinator', 'restricted', 'test')`.execute(t.database.db);
});

afterAll(async () => {
  await t?.close();
});

async function event(type: string, fannedOutDaysAgo: number | null): Promise<string> {
  const id = randomUUID();
  const fanned = fannedOutDaysAgo === null ? null : daysAgo(fannedOutDaysAgo);
  await sql`INSERT INTO outbox_event (id, type, entity, entity_id, occurred_at, fanned_out_at)
    VALUES (${id}, ${type}, 'need', ${randomUUID()}, ${daysAgo(fannedOutDaysAgo ?? 40)}, ${fanned})`.execute(
    t.database.db,
  );
  return id;
}

async function delivery(
  eventId: string,
  status: 'pending' | 'delivered' | 'dead' | 'withheld',
  times: { windowStart: number; deliveredAt?: number; attempts?: readonly number[] },
): Promise<string> {
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  await sql`INSERT INTO webhook_delivery (id, subscription_id, event_id, status, window_start, delivered_at)
    VALUES (${id}, ${subscription}, ${eventId}, ${status}, ${daysAgo(times.windowStart)},
      ${times.deliveredAt === undefined ? null : daysAgo(times.deliveredAt)})`.execute(t.database.db);
  for (const [n, at] of (times.attempts ?? []).entries()) {
    await sql`INSERT INTO webhook_attempt (delivery_id, attempt, started_at, duration_ms, status_code)
      VALUES (${id}, ${n + 1}, ${daysAgo(at)}, 12, 500)`.execute(t.database.db);
  }
  return id;
}

async function exists(table: 'outbox_event' | 'webhook_delivery', id: string): Promise<boolean> {
  const found = await sql`SELECT 1 FROM ${sql.table(table)} WHERE id = ${id}`.execute(t.database.db);
  return found.rows.length === 1;
}

describe('pruneOutbox', () => {
  it('removes finished deliveries, their attempts and told events past the retention, and keeps the rest', async () => {
    const oldDelivered = await event('need.created', 40);
    const oldDeliveredDelivery = await delivery(oldDelivered, 'delivered', {
      windowStart: 41,
      deliveredAt: 40,
      attempts: [40],
    });
    const oldDead = await event('need.created', 36);
    const oldDeadDelivery = await delivery(oldDead, 'dead', { windowStart: 36, attempts: [36, 35] });
    // Its window started long ago, but its last attempt was two days ago: still recent.
    const lateDead = await event('need.created', 40);
    const lateDeadDelivery = await delivery(lateDead, 'dead', { windowStart: 40, attempts: [40, 2] });
    const oldWithheld = await event('need.created', 31);
    const oldWithheldDelivery = await delivery(oldWithheld, 'withheld', { windowStart: 31 });
    const oldPending = await event('need.created', 40);
    const oldPendingDelivery = await delivery(oldPending, 'pending', { windowStart: 40, attempts: [40] });
    const recent = await event('need.created', 5);
    const recentDelivery = await delivery(recent, 'delivered', { windowStart: 5, deliveredAt: 5 });
    const toldNobody = await event('need.changed', 40);
    const notFannedOut = await event('need.created', null);
    const pastDue = await event('need.past_due_unmet', 90);

    const result = await pruneOutbox(t.database.db, 30, now);

    expect(result).toEqual({ deliveries: 3, events: 4 });
    for (const id of [oldDeliveredDelivery, oldDeadDelivery, oldWithheldDelivery]) {
      expect(await exists('webhook_delivery', id)).toBe(false);
    }
    for (const id of [oldDelivered, oldDead, oldWithheld, toldNobody]) {
      expect(await exists('outbox_event', id)).toBe(false);
    }
    for (const id of [lateDeadDelivery, oldPendingDelivery, recentDelivery]) {
      expect(await exists('webhook_delivery', id)).toBe(true);
    }
    for (const id of [lateDead, oldPending, recent, notFannedOut, pastDue]) {
      expect(await exists('outbox_event', id)).toBe(true);
    }
    const attempts = await sql<{ delivery_id: string; n: number }>`
      SELECT delivery_id, count(*)::int AS n FROM webhook_attempt
      WHERE delivery_id = ANY (${[oldDeliveredDelivery, oldDeadDelivery, lateDeadDelivery, oldPendingDelivery]}::text[])
      GROUP BY delivery_id ORDER BY delivery_id`.execute(t.database.db);
    expect(Object.fromEntries(attempts.rows.map((r) => [r.delivery_id, r.n]))).toEqual({
      [lateDeadDelivery]: 2,
      [oldPendingDelivery]: 1,
    });

    // Nothing is left to prune: a second round (another worker's) removes nothing.
    expect(await pruneOutbox(t.database.db, 30, now)).toEqual({ deliveries: 0, events: 0 });
    // A shorter retention reaches the recent ones.
    expect(await pruneOutbox(t.database.db, 1, now)).toEqual({ deliveries: 2, events: 2 });
    expect(await exists('outbox_event', oldPending)).toBe(true);
  });

  it('refuses a retention that is not a whole number of days', async () => {
    await expect(pruneOutbox(t.database.db, 0)).rejects.toThrow(RangeError);
    await expect(pruneOutbox(t.database.db, 1.5)).rejects.toThrow(RangeError);
  });
});
