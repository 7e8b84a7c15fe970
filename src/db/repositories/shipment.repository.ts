import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from './record.repository.js';

/*
 * Shipments, their lines, and the stage quantities that shipping and receiving move on allocations
 * and needs. Quantities travel as decimal strings or JSON numbers and are only ever added in
 * SQL; every stage change is a guarded UPDATE that answers undefined instead of breaking a bound.
 */

/** The shipment row, locked until the transaction ends: every change to a shipment starts here. */
/** The shipment, if it exists and meets `visible` (the reader's visibility condition), locked. */
export async function lockShipment(
  db: Executor,
  id: string,
  visible: Expression<SqlBool> = sql<SqlBool>`true`,
) {
  return db
    .selectFrom('shipment')
    .selectAll()
    .where('id', '=', id)
    .where(visible)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

export async function updateShipmentStatus(
  db: Executor,
  id: string,
  change: { status: string; dispatched_on?: string },
  actor: string,
) {
  return db
    .updateTable('shipment')
    .set({
      ...change,
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
      updated_by: actor,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listShipmentLines(db: Executor, shipmentId: string) {
  return db
    .selectFrom('shipment_line')
    .selectAll()
    .where('shipment_id', '=', shipmentId)
    .orderBy('id')
    .execute();
}

/** The allocation a new line would ship against, with its need's region, locked against concurrent lines. */
export async function lockAllocationForLine(db: Executor, allocationId: string) {
  return db
    .selectFrom('allocation')
    .innerJoin('need', 'need.id', 'allocation.need_id')
    .innerJoin('pledge', 'pledge.id', 'allocation.pledge_id')
    .select([
      'allocation.id',
      'allocation.status',
      'allocation.pledge_id',
      'allocation.need_id',
      'pledge.item_id',
      'need.region_id',
    ])
    .where('allocation.id', '=', allocationId)
    .forNoKeyUpdate('allocation')
    .executeTakeFirst();
}

/**
 * Whether `quantity` more fits on the allocation: the allocation's quantity minus what its lines
 * already carry (a lost shipment carries only what was received from it before the loss).
 */
export async function allocationRoomFor(db: Executor, allocationId: string, quantity: number) {
  const result = await sql<{ fits: boolean; room: string }>`
    SELECT (a.quantity - c.carried) >= ${quantity}::numeric AS fits, (a.quantity - c.carried)::text AS room
    FROM allocation a,
         LATERAL (SELECT COALESCE(sum(CASE WHEN s.status = 'lost' THEN l.received_quantity ELSE l.quantity END), 0)
                    AS carried
                  FROM shipment_line l JOIN shipment s ON s.id = l.shipment_id
                  WHERE l.allocation_id = a.id) c
    WHERE a.id = ${allocationId}
  `.execute(db);
  return result.rows[0];
}

export async function insertShipmentLine(
  db: Executor,
  line: {
    id: string;
    shipment_id: string;
    allocation_id: string;
    pledge_id: string;
    need_id: string;
    item_id: string;
    quantity: number;
  },
) {
  return db.insertInto('shipment_line').values(line).returningAll().executeTakeFirstOrThrow();
}

export async function deleteShipmentLine(db: Executor, shipmentId: string, lineId: string) {
  return db
    .deleteFrom('shipment_line')
    .where('id', '=', lineId)
    .where('shipment_id', '=', shipmentId)
    .returningAll()
    .executeTakeFirst();
}

/** How many lines of the shipment answer needs outside the region. */
export async function countLinesOutsideRegion(db: Executor, shipmentId: string, regionId: string) {
  const row = await db
    .selectFrom('shipment_line')
    .innerJoin('need', 'need.id', 'shipment_line.need_id')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('shipment_line.shipment_id', '=', shipmentId)
    .where('need.region_id', '<>', regionId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export type LineKey = 'allocation_id' | 'pledge_id' | 'need_id';

/**
 * The shipment's lines summed per allocation, pledge or need, in key order (the order rows are
 * locked in): `shipped` counts what the lines carry, `unreceived` what has not arrived of it.
 */
export async function sumShipmentLinesBy(
  db: Executor,
  shipmentId: string,
  key: LineKey,
  measure: 'shipped' | 'unreceived',
) {
  const amount = measure === 'shipped' ? sql`l.quantity` : sql`l.quantity - l.received_quantity`;
  const result = await sql<{ key: string; quantity: string }>`
    SELECT l.${sql.ref(key)} AS key, sum(${amount})::text AS quantity
    FROM shipment_line l
    WHERE l.shipment_id = ${shipmentId}
    GROUP BY l.${sql.ref(key)}
    HAVING sum(${amount}) > 0
    ORDER BY l.${sql.ref(key)}
  `.execute(db);
  return result.rows;
}

/** Whether every line has received all it carries. */
export async function isEveryLineReceived(db: Executor, shipmentId: string): Promise<boolean> {
  const result = await sql<{ complete: boolean }>`
    SELECT COALESCE(bool_and(received_quantity = quantity), false) AS complete
    FROM shipment_line WHERE shipment_id = ${shipmentId}
  `.execute(db);
  return result.rows[0]?.complete ?? false;
}

// Stage quantities on allocations and needs; pledges move through the pledge lifecycle.

/** A signed change to stage quantities, as a decimal string or a JSON number. */
export type Delta = string | number;

export async function lockAllocationStages(db: Executor, id: string) {
  return db.selectFrom('allocation').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

/** Moves shipped/delivered of an accepted allocation; undefined when a bound would break. */
export async function shiftAllocationStages(
  db: Executor,
  id: string,
  delta: { shipped?: Delta; delivered?: Delta },
  actor: string,
) {
  const shipped = sql`shipped_quantity + ${delta.shipped ?? 0}::numeric`;
  const delivered = sql`delivered_quantity + ${delta.delivered ?? 0}::numeric`;
  return db
    .updateTable('allocation')
    .set({
      shipped_quantity: sql<string>`${shipped}`,
      delivered_quantity: sql<string>`${delivered}`,
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
      updated_by: actor,
    })
    .where('id', '=', id)
    .where('status', '=', 'accepted')
    .where(sql<boolean>`0 <= ${delivered} AND ${delivered} <= ${shipped} AND ${shipped} <= quantity`)
    .returningAll()
    .executeTakeFirst();
}

export async function lockNeedStages(db: Executor, id: string) {
  return db.selectFrom('need').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

/**
 * Moves a need's met quantity and its status with it (met when all of it is met, partially_met
 * when some is, cancelled stays); undefined when need_stage_bounds would break.
 */
export async function shiftNeedMet(db: Executor, id: string, delta: Delta, actor: string) {
  const met = sql`met_quantity + ${delta}::numeric`;
  return db
    .updateTable('need')
    .set({
      met_quantity: sql<string>`${met}`,
      status: sql<string>`CASE
        WHEN status = 'cancelled' THEN status
        WHEN ${met} >= quantity THEN 'met'
        WHEN ${met} > 0 THEN 'partially_met'
        ELSE 'open' END`,
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
      updated_by: actor,
    })
    .where('id', '=', id)
    .where(sql<boolean>`0 <= ${met} AND ${met} <= allocated_quantity`)
    .returningAll()
    .executeTakeFirst();
}
