import { randomBytes } from 'node:crypto';
import type { JobHelpers, Runner } from 'graphile-worker';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { deadRunnerKeys, installPlanQueue } from '../../db/plan-queue.js';
import { findDataSetAsOf } from '../../db/repositories/data-set.repository.js';
import type { Executor } from '../../db/repositories/record.repository.js';
import type { Database } from '../../db/schema.js';
import { dataSetClock } from '../shared/clock.js';
import { actorFor, createEventRecordReader, type EventRecordReader, linkOf } from './events.js';
import { DEFAULT_OUTBOX_RETENTION_DAYS, pruneOutbox } from './outbox-prune.js';
import { guardedPost, type SendResult } from './ssrf.js';

/*
 * Delivery of the outbox (migration 0026) to webhook subscribers, on the graphile-worker queue.
 *
 * Fan-out: the triggers NOTIFY aidgrid_outbox at commit; a worker then takes the events not yet
 * fanned out (FOR UPDATE SKIP LOCKED: one worker per event), creates one delivery per active
 * subscription to the event's type, queues one `webhook_deliver` job per delivery and writes the
 * in-app notifications (src/core/notifications), all in one transaction. A poll every few seconds catches what a lost notification left behind.
 *
 * Delivery (at least once): the job claims the delivery for this process (its runner key, an
 * advisory lock held for the process's life), reads the record as the subscribing organisation
 * (nothing is sent for a record it may not see now: the delivery is `withheld` and not shown to
 * it), signs per Standard Webhooks and POSTs under the SSRF guard. A 2xx answer ends it; any other
 * outcome is logged and retried with exponential backoff and full jitter until 24 h after the first
 * try, then the delivery is `dead`. The webhook-id is the delivery's id, the same on every attempt.
 * A process killed mid-delivery leaves its claim and job locked: any worker finds the runner key
 * free, unlocks the job and the delivery is tried again with the same webhook-id.
 */

export const DELIVER_TASK = 'webhook_deliver';
const FAN_OUT_BATCH = 200;

export interface WebhookSettings {
  /** AIDGRID_WEBHOOKS_ALLOW_LOOPBACK=1 */
  readonly allowLoopback: boolean;
  /** First retry after about this long; doubles each attempt (AIDGRID_WEBHOOKS_RETRY_BASE_MS). */
  readonly retryBaseMs: number;
  /** Longest wait between two attempts. */
  readonly retryCapMs: number;
  /** Retries stop this long after the first attempt: then the delivery is dead. */
  readonly retryWindowMs: number;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  allowLoopback: false,
  retryBaseMs: 10_000,
  retryCapMs: 60 * 60 * 1000,
  retryWindowMs: 24 * 60 * 60 * 1000,
};

/** The wait before attempt n+1 after n failed attempts: base·2^(n-1), capped, full jitter (½…1). */
export function retryDelayMs(
  failedAttempts: number,
  settings: WebhookSettings,
  random = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(settings.retryCapMs, settings.retryBaseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Queues the delivery's next attempt (in the caller's transaction). */
export async function queueDelivery(trx: Executor, deliveryId: string, runAt?: Date): Promise<void> {
  await sql`SELECT graphile_worker.add_job(${DELIVER_TASK}, json_build_object('delivery_id', ${deliveryId}::text),
    run_at => ${runAt ?? null}::timestamptz, job_key => ${deliveryId}::text, max_attempts => 5)`.execute(trx);
}

/** Creates the deliveries of events not yet fanned out and queues them; how many events it took. */
export async function fanOut(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const events = await sql<{ id: string }>`
      SELECT id FROM outbox_event WHERE fanned_out_at IS NULL ORDER BY seq
      LIMIT ${FAN_OUT_BATCH} FOR UPDATE SKIP LOCKED`.execute(trx);
    const ids = events.rows.map((e) => e.id);
    if (ids.length === 0) return 0;
    const created = await sql<{ id: string }>`
      INSERT INTO webhook_delivery (id, subscription_id, event_id, next_attempt_at)
      SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), s.id, e.id, now()
      FROM outbox_event e
      JOIN webhook_subscription s ON s.status = 'active' AND e.type = ANY (s.events) AND s.created_at <= e.occurred_at
      WHERE e.id = ANY (${ids}::uuid[])
      ORDER BY e.seq
      ON CONFLICT (subscription_id, event_id) DO NOTHING
      RETURNING id`.execute(trx);
    for (const delivery of created.rows) await queueDelivery(trx, delivery.id);
    // The inboxes of the people of every organisation the record names (migration 0027); whether
    // each may see the record, and wants the event, is decided when the inbox is read.
    await sql`
      INSERT INTO notification (user_id, event_id)
      SELECT u.id, e.id
      FROM outbox_event e
      CROSS JOIN LATERAL unnest(aidgrid_event_orgs(e.entity, e.entity_id)) AS o (org_id)
      -- People who joined after the event (or with it: the demo loads its accounts and records in one
      -- transaction) are not told of it.
      JOIN app_user u ON u.org_id = o.org_id AND u.disabled_at IS NULL AND u.created_at < e.occurred_at
      WHERE e.id = ANY (${ids}::uuid[])
      ON CONFLICT DO NOTHING`.execute(trx);
    await sql`UPDATE outbox_event SET fanned_out_at = now() WHERE id = ANY (${ids}::uuid[])`.execute(trx);
    return ids.length;
  });
}

/** Writes the once-only `need.past_due_unmet` events: critical needs past their date, still unmet. */
export async function checkPastDue(db: Kysely<Database>, today: string): Promise<number> {
  const result = await sql`
    INSERT INTO outbox_event (type, entity, entity_id, detail)
    SELECT 'need.past_due_unmet', 'need', n.id, jsonb_build_object('needed_by', n.needed_by, 'status', n.status)
    FROM need n
    WHERE n.priority = 'critical' AND n.status IN ('open', 'partially_met') AND n.needed_by < ${today}::date
    ON CONFLICT (entity_id) WHERE type = 'need.past_due_unmet' DO NOTHING`.execute(db);
  const count = Number(result.numAffectedRows ?? 0);
  if (count > 0) await sql`SELECT pg_notify('aidgrid_outbox', '')`.execute(db);
  return count;
}

/** The payload sent: Standard Webhooks' {type, timestamp, data}. */
export interface WebhookPayload {
  readonly type: string;
  readonly timestamp: string;
  readonly data: {
    readonly event_id: string;
    readonly entity: string;
    readonly id: string;
    readonly link: string | null;
    readonly detail: Record<string, unknown>;
    /** The record as the subscribing organisation may see it now (the API's representation). */
    readonly record: unknown;
  };
}

export interface DeliverDeps {
  readonly db: Kysely<Database>;
  readonly settings: WebhookSettings;
  readonly records: EventRecordReader;
  /** This process's runner key and graphile-worker id, for recovery after a crash. */
  readonly runner: { key: string; worker: string };
  /** How to send (tests may replace it). */
  readonly send?: typeof guardedPost;
  readonly now?: () => Date;
}

export type AttemptOutcome = 'delivered' | 'retry' | 'dead' | 'withheld' | 'skipped';

/** One attempt of one delivery. */
export async function deliverOnce(deps: DeliverDeps, deliveryId: string): Promise<AttemptOutcome> {
  const { db, settings, runner } = deps;
  const now = deps.now ?? (() => new Date());
  const claimed = await sql<{
    id: string;
    attempts: number;
    window_start: Date;
    sub_id: string;
    org_id: string;
    url: string;
    secret: string;
    role: string;
    clearance: 'public' | 'coalition' | 'restricted';
    sub_status: string;
    type: string;
    entity: string;
    entity_id: string;
    detail: Record<string, unknown>;
    occurred_at: Date;
    event_id: string;
  }>`
    UPDATE webhook_delivery d SET claimed_by = ${runner.key}, claimed_worker = ${runner.worker}
    FROM webhook_subscription s, outbox_event e
    WHERE d.id = ${deliveryId} AND d.status = 'pending' AND s.id = d.subscription_id AND e.id = d.event_id
    RETURNING d.id, d.attempts, d.window_start, s.id AS sub_id, s.org_id, s.url, s.secret, s.role,
      s.clearance, s.status AS sub_status, e.type, e.entity, e.entity_id, e.detail, e.occurred_at, e.id AS event_id`.execute(
    db,
  );
  const row = claimed.rows[0];
  if (!row) return 'skipped';
  const release = sql`claimed_by = NULL, claimed_worker = NULL`;
  if (row.sub_status !== 'active') {
    // Kept pending: enabling the subscription again queues it.
    await sql`UPDATE webhook_delivery SET ${release} WHERE id = ${row.id}`.execute(db);
    return 'skipped';
  }
  const actor = actorFor({
    id: `webhook:${row.sub_id}`,
    orgId: row.org_id,
    role: row.role,
    clearance: row.clearance,
  });
  const record = await deps.records.read(actor, row.entity, row.entity_id, row.detail);
  if (record === null) {
    await sql`UPDATE webhook_delivery SET status = 'withheld', next_attempt_at = NULL, ${release}
      WHERE id = ${row.id}`.execute(db);
    return 'withheld';
  }
  const payload: WebhookPayload = {
    type: row.type,
    timestamp: row.occurred_at.toISOString(),
    data: {
      event_id: row.event_id,
      entity: row.entity,
      id: row.entity_id,
      link: linkOf(row.entity, row.entity_id, row.detail),
      detail: row.detail,
      record,
    },
  };
  const body = JSON.stringify(payload);
  const sentAt = now();
  const signature = new Webhook(row.secret).sign(row.id, sentAt, body);
  const headers = {
    'webhook-id': row.id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': signature,
  };
  const send = deps.send ?? guardedPost;
  const result: SendResult = await send(row.url, body, headers, { allowLoopback: settings.allowLoopback });
  const ok = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
  const attempt = row.attempts + 1;
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempt')
      .values({
        delivery_id: row.id,
        attempt,
        started_at: sentAt,
        duration_ms: result.durationMs,
        status_code: result.statusCode,
        error: ok ? null : (result.error ?? `answered ${result.statusCode}`),
        response_body: result.body,
      })
      .execute();
    if (ok) {
      await sql`UPDATE webhook_delivery SET status = 'delivered', attempts = ${attempt}, delivered_at = now(),
        next_attempt_at = NULL, ${release} WHERE id = ${row.id}`.execute(trx);
      return 'delivered';
    }
    const next = new Date(now().getTime() + retryDelayMs(attempt, settings));
    if (next.getTime() > row.window_start.getTime() + settings.retryWindowMs) {
      await sql`UPDATE webhook_delivery SET status = 'dead', attempts = ${attempt}, next_attempt_at = NULL, ${release}
        WHERE id = ${row.id}`.execute(trx);
      return 'dead';
    }
    await sql`UPDATE webhook_delivery SET attempts = ${attempt}, next_attempt_at = ${next}, ${release}
      WHERE id = ${row.id}`.execute(trx);
    await queueDelivery(trx, row.id, next);
    return 'retry';
  });
}

/**
 * Deliveries claimed by processes that died: their claims are cleared and their jobs unlocked, so
 * they are tried again (same webhook-id). Pending deliveries whose job is gone are queued again.
 */
export async function recoverDeliveries(db: Kysely<Database>, ownKey: string | null): Promise<number> {
  const claimed = await sql<{ claimed_by: string }>`
    SELECT DISTINCT claimed_by FROM webhook_delivery WHERE claimed_by IS NOT NULL`.execute(db);
  const keys = claimed.rows.map((r) => r.claimed_by).filter((k) => k !== ownKey);
  const dead = await deadRunnerKeys(db, keys);
  let recovered = 0;
  if (dead.length > 0) {
    const released = await sql<{ id: string; claimed_worker: string | null }>`
      UPDATE webhook_delivery d SET claimed_by = NULL, claimed_worker = NULL
      FROM (SELECT id, claimed_worker FROM webhook_delivery WHERE claimed_by = ANY (${dead}::text[]) FOR UPDATE) old
      WHERE d.id = old.id RETURNING d.id, old.claimed_worker`.execute(db);
    const workers = [
      ...new Set(released.rows.map((r) => r.claimed_worker).filter((w): w is string => w !== null)),
    ];
    if (workers.length > 0) {
      await sql`SELECT graphile_worker.force_unlock_workers(${workers}::text[])`.execute(db);
    }
    recovered += released.rows.length;
  }
  // Pending, unclaimed, due more than a minute ago and without a job (its job failed for good).
  const orphans = await sql<{ id: string }>`
    SELECT d.id FROM webhook_delivery d
    JOIN webhook_subscription s ON s.id = d.subscription_id AND s.status = 'active'
    WHERE d.status = 'pending' AND d.claimed_by IS NULL AND d.next_attempt_at < now() - interval '1 minute'
      AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j WHERE j.key = d.id)
    LIMIT 500`.execute(db);
  if (orphans.rows.length > 0) {
    await db.transaction().execute(async (trx) => {
      for (const o of orphans.rows) await queueDelivery(trx, o.id);
    });
    recovered += orphans.rows.length;
  }
  return recovered;
}

export interface WebhookWorkerOptions {
  readonly db: Kysely<Database>;
  readonly url: string;
  readonly settings: WebhookSettings;
  /** The data's today, for the past-due check. */
  readonly today: () => Promise<string>;
  /** Deliveries at once in this process (default 4). */
  readonly concurrency?: number;
  /** Fan-out, recovery and past-due check every this often (default 5 s). */
  readonly pollMs?: number;
  /** Finished deliveries and told events are pruned after this many days (default 30). */
  readonly outboxRetentionDays?: number;
  /** Pruning runs at most once in this long (default 1 h); the first round at start prunes. */
  readonly pruneEveryMs?: number;
  readonly log?: (line: string) => void;
}

export interface WebhookWorker {
  readonly key: string;
  /** Fans out now (tests; the NOTIFY does it otherwise). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts this process's webhook worker: LISTEN + poll for fan-out, graphile-worker for deliveries. */
export async function startWebhookWorker(options: WebhookWorkerOptions): Promise<WebhookWorker> {
  const { db, settings } = options;
  const log = options.log ?? (() => undefined);
  await installPlanQueue(options.url);
  const key = (BigInt(`0x${randomBytes(8).toString('hex')}`) >> 2n).toString();
  const client = new pg.Client({ connectionString: options.url, application_name: 'aidgrid webhooks' });
  await client.connect();
  client.on('error', () => undefined);
  await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
  const records = createEventRecordReader(db);
  const fail = (what: string) => (error: unknown) =>
    log(`webhooks: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);

  let fanning: Promise<void> | undefined;
  let again = false;
  const fanOutNow = (): Promise<void> => {
    if (fanning) {
      again = true;
      return fanning;
    }
    fanning = (async () => {
      do {
        again = false;
        while ((await fanOut(db)) === FAN_OUT_BATCH) {
          // a full batch: there may be more
        }
      } while (again);
    })()
      .catch(fail('fan-out'))
      .finally(() => {
        fanning = undefined;
      });
    return fanning;
  };
  const retentionDays = options.outboxRetentionDays ?? DEFAULT_OUTBOX_RETENTION_DAYS;
  const pruneEveryMs = options.pruneEveryMs ?? 60 * 60 * 1000;
  let prunedAt = Number.NEGATIVE_INFINITY;
  const housekeeping = async () => {
    // Reading the data's day needs the database too: while it is down, the check waits for the next round.
    await (async () => checkPastDue(db, await options.today()))().catch(fail('past-due check'));
    await recoverDeliveries(db, key).catch(fail('recovery'));
    await fanOutNow();
    if (Date.now() - prunedAt >= pruneEveryMs) {
      prunedAt = Date.now();
      // Several workers may prune at once: the deletes are idempotent and each removes what is left.
      await pruneOutbox(db, retentionDays).catch(fail('outbox pruning'));
    }
  };
  client.on('notification', () => void fanOutNow());
  await client.query('LISTEN aidgrid_outbox');
  await housekeeping();

  const lib = await import('graphile-worker');
  const quiet = new lib.Logger(() => (level, message) => {
    if (level === 'error') log(`webhooks: job queue: ${message}`);
  });
  const runner: Runner = await lib.run({
    connectionString: options.url,
    concurrency: options.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: quiet,
    taskList: {
      [DELIVER_TASK]: async (payload: unknown, helpers: JobHelpers) => {
        const { delivery_id } = payload as { delivery_id: string };
        await deliverOnce(
          { db, settings, records, runner: { key, worker: helpers.job.locked_by ?? `pid ${process.pid}` } },
          delivery_id,
        );
      },
    },
  });
  const timer = setInterval(() => void housekeeping(), options.pollMs ?? 5000);
  timer.unref();
  let stopped: Promise<void> | undefined;
  return {
    key,
    tick: () => fanOutNow(),
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        await runner.stop();
        await fanning;
        await client.end().catch(() => undefined);
      })();
      return stopped;
    },
  };
}

/** A fresh signing secret in Standard Webhooks' form (whsec_ + base64 of 32 random bytes). */
export function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The worker as `aidgrid serve` and `aidgrid worker` start it, from the configuration. */
export function startConfiguredWebhookWorker(options: {
  db: Kysely<Database>;
  url: string;
  allowLoopback: boolean;
  retryBaseMs: number;
  /** Default 30 (DEFAULT_OUTBOX_RETENTION_DAYS). */
  outboxRetentionDays?: number;
  log?: (line: string) => void;
}): Promise<WebhookWorker> {
  const { db } = options;
  return startWebhookWorker({
    db,
    url: options.url,
    settings: {
      ...DEFAULT_WEBHOOK_SETTINGS,
      allowLoopback: options.allowLoopback,
      retryBaseMs: options.retryBaseMs,
    },
    today: async () => dataSetClock(await findDataSetAsOf(db)).today(),
    ...(options.outboxRetentionDays === undefined
      ? {}
      : { outboxRetentionDays: options.outboxRetentionDays }),
    ...(options.log ? { log: options.log } : {}),
  });
}
