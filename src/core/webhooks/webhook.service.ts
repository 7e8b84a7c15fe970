import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { DomainError, NotFound } from '../errors.js';
import { newId } from '../shared/ids.js';
import type { EventType } from './events.js';
import { checkWebhookUrl, UnsafeUrlError } from './ssrf.js';
import type { Webhook, WebhookCreate, WebhookCreated, WebhookDelivery } from './webhook.schema.js';
import { newSecret, queueDelivery } from './webhook-worker.js';

/**
 * Webhook subscriptions of an organisation (its admins and coordinators; the route table says who)
 * and what was delivered to them. The tables are closed to the application role: the routes run
 * this service with the owner's rights, and every method confines itself to the actor's organisation
 * (another organisation's subscription does not exist for it: 404).
 */
export function createWebhookService(deps: { db: Kysely<Database>; allowLoopback: boolean }) {
  const { db } = deps;

  function orgOf(actor: Actor): string {
    if (actor.orgId === null) {
      throw new DomainError(
        'no_organisation',
        422,
        'webhooks belong to an organisation, and this actor has none',
      );
    }
    return actor.orgId;
  }

  function view(row: {
    id: string;
    org_id: string;
    url: string;
    events: string[];
    status: 'active' | 'disabled';
    clearance: Webhook['clearance'];
    created_at: Date;
    created_by: string;
  }): Webhook {
    return {
      id: row.id,
      org_id: row.org_id,
      url: row.url,
      events: row.events as EventType[],
      status: row.status,
      clearance: row.clearance,
      created_at: row.created_at.toISOString(),
      created_by: row.created_by,
    };
  }

  const columns = [
    'id',
    'org_id',
    'url',
    'events',
    'status',
    'clearance',
    'created_at',
    'created_by',
  ] as const;

  async function own(id: string, actor: Actor) {
    const row = await db
      .selectFrom('webhook_subscription')
      .select(columns)
      .where('id', '=', id)
      .where('org_id', '=', orgOf(actor))
      .executeTakeFirst();
    if (!row) throw NotFound('webhook', id);
    return row;
  }

  async function deliveriesOf(id: string, limit: number, only?: string): Promise<WebhookDelivery[]> {
    const rows = await db
      .selectFrom('webhook_delivery as d')
      .innerJoin('outbox_event as e', 'e.id', 'd.event_id')
      .select([
        'd.id',
        'e.type',
        'e.entity',
        'e.entity_id',
        'e.occurred_at',
        'd.status',
        'd.attempts',
        'd.next_attempt_at',
        'd.delivered_at',
        'd.created_at',
      ])
      .where('d.subscription_id', '=', id)
      .where('d.status', '<>', 'withheld')
      .$if(only !== undefined, (q) => q.where('d.id', '=', only as string))
      .orderBy('d.created_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(limit)
      .execute();
    const attempts =
      rows.length === 0
        ? []
        : await db
            .selectFrom('webhook_attempt')
            .selectAll()
            .where(
              'delivery_id',
              'in',
              rows.map((r) => r.id),
            )
            .orderBy('id')
            .execute();
    return rows.map((r) => ({
      id: r.id,
      event_type: r.type as EventType,
      entity: r.entity,
      entity_id: r.entity_id,
      occurred_at: r.occurred_at.toISOString(),
      status: r.status as WebhookDelivery['status'],
      attempts: r.attempts,
      next_attempt_at: r.next_attempt_at?.toISOString() ?? null,
      delivered_at: r.delivered_at?.toISOString() ?? null,
      log: attempts
        .filter((a) => a.delivery_id === r.id)
        .map((a) => ({
          attempt: a.attempt,
          started_at: a.started_at.toISOString(),
          duration_ms: a.duration_ms,
          status_code: a.status_code,
          error: a.error,
          response_body: a.response_body,
        })),
    }));
  }

  return {
    async create(input: WebhookCreate, actor: Actor): Promise<WebhookCreated> {
      const orgId = orgOf(actor);
      try {
        checkWebhookUrl(input.url, { allowLoopback: deps.allowLoopback });
      } catch (error) {
        if (error instanceof UnsafeUrlError) {
          throw new DomainError('unsafe_webhook_url', 422, error.message, [
            { field: 'url', message: error.message },
          ]);
        }
        throw error;
      }
      const secret = input.secret ?? newSecret();
      const row = await db
        .insertInto('webhook_subscription')
        .values({
          id: newId(),
          org_id: orgId,
          url: input.url,
          events: [...new Set(input.events)],
          secret,
          role: actor.role ?? 'coordinator',
          clearance: actor.clearance,
          created_by: actor.id,
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
      return { ...view(row), secret };
    },

    async list(actor: Actor): Promise<Webhook[]> {
      const rows = await db
        .selectFrom('webhook_subscription')
        .select(columns)
        .where('org_id', '=', orgOf(actor))
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(view);
    },

    async get(id: string, actor: Actor): Promise<Webhook> {
      return view(await own(id, actor));
    },

    /** Disabled: events are not fanned out to it; deliveries already pending wait and go when enabled. */
    async setStatus(id: string, status: 'active' | 'disabled', actor: Actor): Promise<Webhook> {
      await own(id, actor);
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('webhook_subscription')
          .set({ status, updated_at: new Date() })
          .where('id', '=', id)
          .returning(columns)
          .executeTakeFirstOrThrow();
        if (status === 'active') {
          const pending = await trx
            .selectFrom('webhook_delivery')
            .select('id')
            .where('subscription_id', '=', id)
            .where('status', '=', 'pending')
            .where('claimed_by', 'is', null)
            .execute();
          for (const d of pending) await queueDelivery(trx, d.id);
        }
        return view(row);
      });
    },

    async remove(id: string, actor: Actor): Promise<void> {
      await own(id, actor);
      await db.deleteFrom('webhook_subscription').where('id', '=', id).execute();
    },

    /** What was sent and answered, newest first; events withheld for visibility are not shown. */
    async deliveries(id: string, actor: Actor, limit = 50): Promise<WebhookDelivery[]> {
      await own(id, actor);
      return deliveriesOf(id, limit);
    },

    /** Sends a delivery again now (same webhook-id), with a fresh 24 h of retries. */
    async redeliver(id: string, deliveryId: string, actor: Actor): Promise<WebhookDelivery> {
      const subscription = await own(id, actor);
      if (subscription.status !== 'active') {
        throw new DomainError('webhook_disabled', 409, `webhook ${id} is disabled: enable it first`);
      }
      const updated = await db.transaction().execute(async (trx) => {
        const row = await sql<{ id: string }>`
          UPDATE webhook_delivery SET status = 'pending', window_start = now(), next_attempt_at = now()
          WHERE id = ${deliveryId} AND subscription_id = ${id} AND status <> 'withheld' AND claimed_by IS NULL
          RETURNING id`.execute(trx);
        if (row.rows.length === 0) return false;
        await queueDelivery(trx, deliveryId);
        return true;
      });
      if (!updated) {
        const exists = await db
          .selectFrom('webhook_delivery')
          .select(['status'])
          .where('id', '=', deliveryId)
          .where('subscription_id', '=', id)
          .where('status', '<>', 'withheld')
          .executeTakeFirst();
        if (!exists) throw NotFound('delivery', deliveryId);
        throw new DomainError('delivery_in_progress', 409, `delivery ${deliveryId} is being sent now`);
      }
      const [found] = await deliveriesOf(id, 1, deliveryId);
      if (!found) throw NotFound('delivery', deliveryId);
      return found;
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
