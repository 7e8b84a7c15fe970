import { sql } from 'kysely';
import { type Reader, withVisibleTables } from '../../core/auth/visibility.js';
import type { Executor } from './record.repository.js';

export interface DuplicateRules {
  /** Announcement dates at most this many days apart. */
  readonly maxDays: number;
  /** Quantities differing by at most this fraction of the larger one, as a decimal string ("0.1"). */
  readonly maxQuantityShare: string;
}

export interface DuplicateCandidateRow {
  /** The pair in id order: entity_id < other_id. */
  entity_id: string;
  other_id: string;
  entity_announced_on: string;
  other_announced_on: string;
  entity_quantity: string;
  other_quantity: string;
  days_apart: number;
}

/**
 * Other pledges that may record the same promise as this one: neither cancelled, same donor and
 * item, announced at most maxDays apart, quantities within maxQuantityShare of the larger.
 */
export async function findDuplicateCandidates(
  db: Executor,
  pledgeId: string,
  rules: DuplicateRules,
): Promise<DuplicateCandidateRow[]> {
  const result = await sql<DuplicateCandidateRow>`
    SELECT
      CASE WHEN p.id < o.id THEN p.id ELSE o.id END AS entity_id,
      CASE WHEN p.id < o.id THEN o.id ELSE p.id END AS other_id,
      CASE WHEN p.id < o.id THEN p.announced_on ELSE o.announced_on END AS entity_announced_on,
      CASE WHEN p.id < o.id THEN o.announced_on ELSE p.announced_on END AS other_announced_on,
      CASE WHEN p.id < o.id THEN p.quantity ELSE o.quantity END AS entity_quantity,
      CASE WHEN p.id < o.id THEN o.quantity ELSE p.quantity END AS other_quantity,
      abs(o.announced_on - p.announced_on) AS days_apart
    FROM pledge p
    JOIN pledge o ON o.donor_org_id = p.donor_org_id AND o.item_id = p.item_id AND o.id <> p.id
    WHERE p.id = ${pledgeId}
      AND p.status <> 'cancelled' AND o.status <> 'cancelled'
      AND abs(o.announced_on - p.announced_on) <= ${rules.maxDays}::integer
      AND abs(o.quantity - p.quantity) <= ${rules.maxQuantityShare}::numeric * greatest(o.quantity, p.quantity)
    ORDER BY o.id
  `.execute(db);
  return result.rows;
}

/** Inserts the flags, skipping pairs already flagged (in any status); answers how many were new. */
export async function insertDuplicateFlags(
  db: Executor,
  flags: readonly { id: string; entity_id: string; other_id: string; reason: string }[],
): Promise<number> {
  if (flags.length === 0) return 0;
  const rows = await db
    .insertInto('duplicate_flag')
    .values(flags.map((flag) => ({ ...flag, entity_type: 'pledge' })))
    .onConflict((oc) => oc.columns(['entity_type', 'entity_id', 'other_id']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/** A flag with the fields of both pledges a reviewer compares. */
export interface DuplicateFlagRow {
  id: string;
  entity_type: string;
  status: string;
  reason: string;
  created_at: Date;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  pledge: PledgeKeyFields;
  other_pledge: PledgeKeyFields;
}

export interface PledgeKeyFields {
  id: string;
  donor_org_id: string;
  donor_name: string;
  item_id: string;
  item_code: string;
  item_name: string;
  quantity: string;
  announced_on: string;
  event_id: string | null;
  value_amount: string | null;
  value_currency: string | null;
  status: string;
}

const pledgeFields = (alias: string) => sql`json_build_object(
  'id', ${sql.ref(`${alias}.id`)},
  'donor_org_id', ${sql.ref(`${alias}.donor_org_id`)},
  'donor_name', (SELECT name FROM organisation WHERE id = ${sql.ref(`${alias}.donor_org_id`)}),
  'item_id', ${sql.ref(`${alias}.item_id`)},
  'item_code', (SELECT code FROM item WHERE id = ${sql.ref(`${alias}.item_id`)}),
  'item_name', (SELECT name FROM item WHERE id = ${sql.ref(`${alias}.item_id`)}),
  'quantity', ${sql.ref(`${alias}.quantity`)}::text,
  'announced_on', ${sql.ref(`${alias}.announced_on`)}::text,
  'event_id', ${sql.ref(`${alias}.event_id`)},
  'value_amount', ${sql.ref(`${alias}.value_amount`)}::text,
  'value_currency', ${sql.ref(`${alias}.value_currency`)},
  'status', ${sql.ref(`${alias}.status`)}
)`;

/**
 * Flags (optionally of one status, or one flag by id) in id order after `after`, with both
 * pledges; flags whose pledges no longer exist are left out.
 */
export async function listDuplicateFlags(
  db: Executor,
  options: { status?: string | undefined; id?: string; after?: string | undefined; limit: number },
  reader: Reader | null,
): Promise<DuplicateFlagRow[]> {
  const status = options.status ? sql`AND f.status = ${options.status}` : sql``;
  const id = options.id ? sql`AND f.id = ${options.id}` : sql``;
  const after = options.after ? sql`AND f.id > ${options.after}` : sql``;
  const result = await sql<DuplicateFlagRow>`${withVisibleTables(reader)}
    SELECT f.id, f.entity_type, f.status, f.reason, f.created_at, f.reviewed_at, f.reviewed_by,
      ${pledgeFields('a')} AS pledge, ${pledgeFields('b')} AS other_pledge
    FROM duplicate_flag f
    JOIN pledge a ON a.id = f.entity_id
    JOIN pledge b ON b.id = f.other_id
    WHERE f.entity_type = 'pledge' ${status} ${id} ${after}
    ORDER BY f.id
    LIMIT ${options.limit}
  `.execute(db);
  return result.rows;
}

export async function findDuplicateFlag(db: Executor, id: string, forUpdate = false) {
  let query = db.selectFrom('duplicate_flag').selectAll().where('id', '=', id);
  if (forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Records a reviewer's judgement on an open flag; answers undefined when the flag is not open. */
export async function reviewDuplicateFlag(
  db: Executor,
  id: string,
  status: 'dismissed' | 'confirmed',
  reviewer: string,
) {
  return db
    .updateTable('duplicate_flag')
    .set({ status, reviewed_at: sql`now()`, reviewed_by: reviewer })
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
}
