import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { type Reader, readerOf, type VisibleRecordTable, visibilityCondition } from '../auth/visibility.js';
import { DomainError } from '../errors.js';
import { EVENT_TYPES, type EventType } from '../webhooks/events.js';

/**
 * Each user's inbox (migration 0027): the events that concern their organisation, for records they
 * may see now (the visibility rule of src/core/auth/visibility.ts, evaluated as the user when the
 * inbox is read), of the events they chose. The tables are closed to the application role: the
 * routes run this service with the owner's rights, and every query names the user and states the
 * visibility condition itself.
 */

/** The kinds of record notifications are about (plan runs are told through their allocations). */
const ENTITIES = [
  'need',
  'pledge',
  'allocation',
  'shipment',
  'receipt',
] as const satisfies readonly VisibleRecordTable[];
type Entity = (typeof ENTITIES)[number];

export interface Notification {
  /** The event's id: what mark-read takes. */
  readonly id: string;
  readonly event_type: EventType;
  readonly entity: string;
  readonly entity_id: string;
  readonly occurred_at: string;
  readonly read_at: string | null;
  /** Whether the record is the reader organisation's own business (its need, its pledge, …). */
  readonly yours: boolean;
  /** What the record is called: an item's name, a shipment's reference; null when it has none to show. */
  readonly label: string | null;
  /** A quantity the event is about (an allocation's), in the item's unit; null otherwise. */
  readonly quantity: number | null;
  readonly unit: string | null;
  /** The web page of the record. */
  readonly link: string;
  /** The notification in English words, for programs and the API documentation. */
  readonly message: string;
}

function userOf(actor: Actor): { userId: string; reader: Reader } {
  const reader = readerOf(actor);
  if (actor.kind !== 'user' || reader === null) {
    throw new DomainError('not_a_person', 403, 'notifications belong to a person signed in');
  }
  return { userId: actor.id, reader };
}

/** The condition that the event `e` is about a record the reader may see now. */
function visibleEvent(reader: Reader): RawBuilder<SqlBool> {
  const parts = ENTITIES.map(
    (
      entity,
    ) => sql<SqlBool>`(e.entity = ${entity} AND EXISTS (SELECT 1 FROM ${sql.table(`public.${entity}`)} AS v
      WHERE v.id = e.entity_id AND ${visibilityCondition(entity, reader, 'v')}))`,
  );
  return sql<SqlBool>`(${sql.join(parts, sql` OR `)})`;
}

/** The condition that the user chose the event (no choice made: every event). */
const chosen = sql<SqlBool>`(p.events IS NULL OR e.type = ANY (p.events))`;

function messageOf(n: Omit<Notification, 'message'>): string {
  const label = n.label ?? '';
  const what = (noun: string) => `${n.yours ? 'Your' : 'A'} ${noun}${label ? ` ${label}` : ''}`;
  switch (n.event_type) {
    case 'need.created':
      return `${what('need')} was recorded`;
    case 'need.changed':
      return `${what('need')} was changed`;
    case 'need.past_due_unmet':
      return `${what('critical need')} is past its date and not met`;
    case 'pledge.committed':
      return `${what('pledge')} was committed`;
    case 'pledge.allocated':
      return `${what('pledge')} was allocated`;
    case 'allocation.accepted':
      return `${what('need')} was allocated${n.quantity !== null ? ` ${n.quantity}${n.unit ? ` ${n.unit}` : ''}` : ''}`;
    case 'shipment.dispatched':
      return `${what('shipment')} was dispatched`;
    case 'shipment.arrived':
      return `${what('shipment')} arrived`;
    case 'shipment.lost':
      return `${what('shipment')} was lost`;
    case 'receipt.recorded':
      return `A receipt was recorded for ${n.yours ? 'your ' : ''}shipment${label ? ` ${label}` : ''}`;
    default:
      return n.event_type;
  }
}

export function createNotificationService(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  async function unreadOf(userId: string, reader: Reader): Promise<number> {
    const row = await sql<{ count: string }>`
      SELECT count(*) AS count FROM notification n
      JOIN outbox_event e ON e.id = n.event_id
      LEFT JOIN notification_preference p ON p.user_id = n.user_id
      WHERE n.user_id = ${userId} AND n.read_at IS NULL AND ${chosen} AND ${visibleEvent(reader)}`.execute(
      db,
    );
    return Number(row.rows[0]?.count ?? 0);
  }

  /** Labels, quantities and whose business it is, read under the reader's visibility. */
  async function describe(
    reader: Reader,
    rows: readonly { entity: string; entity_id: string }[],
  ): Promise<
    Map<
      string,
      { label: string | null; yours: boolean; quantity: number | null; unit: string | null; link: string }
    >
  > {
    const out = new Map<
      string,
      { label: string | null; yours: boolean; quantity: number | null; unit: string | null; link: string }
    >();
    const ids = (entity: Entity) => rows.filter((r) => r.entity === entity).map((r) => r.entity_id);
    const org = reader.orgId;
    const item = sql`(SELECT i.name FROM item i WHERE i.id = x.item_id AND ${visibilityCondition('item', reader, 'i')})`;
    const unit = sql`(SELECT i.unit FROM item i WHERE i.id = x.item_id AND ${visibilityCondition('item', reader, 'i')})`;
    const needIds = ids('need');
    if (needIds.length > 0) {
      const found = await sql<{ id: string; label: string | null; mine: boolean }>`
        SELECT x.id, ${item} AS label, (x.owner_org_id = ${org}::uuid OR x.recipient_org_id = ${org}::uuid) AS mine
        FROM need x WHERE x.id = ANY (${needIds}::uuid[])`.execute(db);
      for (const r of found.rows)
        out.set(r.id, {
          label: r.label,
          yours: r.mine === true,
          quantity: null,
          unit: null,
          link: `/needs/${r.id}`,
        });
    }
    const pledgeIds = ids('pledge');
    if (pledgeIds.length > 0) {
      const found = await sql<{ id: string; label: string | null; mine: boolean }>`
        SELECT x.id, ${item} AS label,
          (x.owner_org_id = ${org}::uuid OR x.donor_org_id = ${org}::uuid OR x.recipient_org_id = ${org}::uuid) AS mine
        FROM pledge x WHERE x.id = ANY (${pledgeIds}::uuid[])`.execute(db);
      for (const r of found.rows)
        out.set(r.id, {
          label: r.label,
          yours: r.mine === true,
          quantity: null,
          unit: null,
          link: `/pledges/${r.id}`,
        });
    }
    const allocationIds = ids('allocation');
    if (allocationIds.length > 0) {
      // Told from the need's side: "your need … was allocated" to its recipient.
      const found = await sql<{
        id: string;
        need_id: string;
        label: string | null;
        unit: string | null;
        quantity: string;
        mine: boolean;
      }>`
        SELECT a.id, x.id AS need_id, ${item} AS label, ${unit} AS unit, a.quantity::text AS quantity,
          (x.owner_org_id = ${org}::uuid OR x.recipient_org_id = ${org}::uuid) AS mine
        FROM allocation a JOIN need x ON x.id = a.need_id WHERE a.id = ANY (${allocationIds}::uuid[])`.execute(
        db,
      );
      for (const r of found.rows)
        out.set(r.id, {
          label: r.label,
          yours: r.mine === true,
          quantity: Number(r.quantity),
          unit: r.unit,
          link: `/needs/${r.need_id}`,
        });
    }
    const shipmentIds = ids('shipment');
    if (shipmentIds.length > 0) {
      const found = await sql<{ id: string; label: string; mine: boolean }>`
        SELECT x.id, x.reference AS label, (x.owner_org_id = ${org}::uuid OR ${org}::uuid = ANY (aidgrid_shipment_parties(x.id))) AS mine
        FROM shipment x WHERE x.id = ANY (${shipmentIds}::uuid[])`.execute(db);
      for (const r of found.rows)
        out.set(r.id, {
          label: r.label,
          yours: r.mine === true,
          quantity: null,
          unit: null,
          link: `/shipments/${r.id}`,
        });
    }
    const receiptIds = ids('receipt');
    if (receiptIds.length > 0) {
      const found = await sql<{ id: string; shipment_id: string; label: string | null; mine: boolean }>`
        SELECT r.id, r.shipment_id,
          (SELECT s.reference FROM shipment s WHERE s.id = r.shipment_id AND ${visibilityCondition('shipment', reader, 's')}) AS label,
          (r.owner_org_id = ${org}::uuid OR ${org}::uuid = ANY (aidgrid_receipt_parties(r.shipment_id, r.received_by_org_id))) AS mine
        FROM receipt r WHERE r.id = ANY (${receiptIds}::uuid[])`.execute(db);
      for (const r of found.rows)
        out.set(r.id, {
          label: r.label,
          yours: r.mine === true,
          quantity: null,
          unit: null,
          link: `/shipments/${r.shipment_id}`,
        });
    }
    return out;
  }

  return {
    /** The inbox, newest first, and how many are unread. */
    async list(actor: Actor, options: { unread?: boolean; limit?: number } = {}) {
      const { userId, reader } = userOf(actor);
      const rows = await sql<{
        id: string;
        type: string;
        entity: string;
        entity_id: string;
        occurred_at: Date;
        read_at: Date | null;
      }>`
        SELECT e.id, e.type, e.entity, e.entity_id, e.occurred_at, n.read_at
        FROM notification n
        JOIN outbox_event e ON e.id = n.event_id
        LEFT JOIN notification_preference p ON p.user_id = n.user_id
        WHERE n.user_id = ${userId} AND ${chosen} AND ${visibleEvent(reader)}
          ${options.unread ? sql`AND n.read_at IS NULL` : sql``}
        ORDER BY n.created_at DESC, e.seq DESC
        LIMIT ${options.limit ?? 50}`.execute(db);
      const described = await describe(reader, rows.rows);
      const items: Notification[] = rows.rows.map((r) => {
        const d = described.get(r.entity_id);
        const base = {
          id: r.id,
          event_type: r.type as EventType,
          entity: r.entity,
          entity_id: r.entity_id,
          occurred_at: r.occurred_at.toISOString(),
          read_at: r.read_at?.toISOString() ?? null,
          yours: d?.yours ?? false,
          label: d?.label ?? null,
          quantity: d?.quantity ?? null,
          unit: d?.unit ?? null,
          link: d?.link ?? '/',
        };
        return { ...base, message: messageOf(base) };
      });
      return { items, unread: await unreadOf(userId, reader) };
    },

    async unread(actor: Actor): Promise<{ unread: number }> {
      const { userId, reader } = userOf(actor);
      return { unread: await unreadOf(userId, reader) };
    },

    /** Marks the given notifications (or all) read; answers how many remain unread. */
    async markRead(actor: Actor, input: { ids?: string[] | undefined; all?: boolean | undefined }) {
      const { userId, reader } = userOf(actor);
      if (!input.all && (input.ids ?? []).length === 0) {
        throw new DomainError(
          'invalid_request',
          422,
          'name the notifications to mark read in ids, or send all: true',
          [{ field: 'ids', message: 'name at least one notification, or send all: true' }],
        );
      }
      let query = db
        .updateTable('notification')
        .set({ read_at: new Date() })
        .where('user_id', '=', userId)
        .where('read_at', 'is', null);
      if (!input.all) query = query.where('event_id', 'in', input.ids ?? []);
      await query.execute();
      return { unread: await unreadOf(userId, reader) };
    },

    async preferences(actor: Actor): Promise<{ events: EventType[] }> {
      const { userId } = userOf(actor);
      const row = await db
        .selectFrom('notification_preference')
        .select('events')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return { events: (row?.events ?? [...EVENT_TYPES]) as EventType[] };
    },

    async setPreferences(actor: Actor, events: readonly EventType[]): Promise<{ events: EventType[] }> {
      const { userId } = userOf(actor);
      const unique = [...new Set(events)];
      await db
        .insertInto('notification_preference')
        .values({ user_id: userId, events: unique })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ events: unique, updated_at: new Date() }))
        .execute();
      return { events: unique };
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
