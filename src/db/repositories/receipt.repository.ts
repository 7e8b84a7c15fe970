import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from './record.repository.js';
import type { LineKey } from './shipment.repository.js';

/** The ids among `lineIds` that are lines of the shipment. */
export async function findLinesOfShipment(
  db: Executor,
  shipmentId: string,
  lineIds: readonly string[],
): Promise<Set<string>> {
  if (lineIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('shipment_line')
    .select('id')
    .where('shipment_id', '=', shipmentId)
    .where('id', 'in', [...lineIds])
    .execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * Adds a received quantity to a shipment line in one statement, only if the line then holds no more
 * than it carried; undefined when it would not fit. Concurrent receipts on one line queue on its row.
 */
export async function addReceivedQuantity(
  db: Executor,
  shipmentId: string,
  lineId: string,
  quantity: number,
) {
  return db
    .updateTable('shipment_line')
    .set({ received_quantity: sql<string>`received_quantity + ${quantity}::numeric` })
    .where('id', '=', lineId)
    .where('shipment_id', '=', shipmentId)
    .where(sql<boolean>`received_quantity + ${quantity}::numeric <= quantity`)
    .returningAll()
    .executeTakeFirst();
}

export async function insertReceipt(
  db: Executor,
  receipt: {
    id: string;
    shipment_id: string;
    received_on: string;
    received_by_org_id: string;
    note: string | null;
    owner_org_id: string;
    classification: 'public' | 'coalition' | 'restricted';
    created_by: string;
    updated_by: string;
  },
) {
  return db.insertInto('receipt').values(receipt).returningAll().executeTakeFirstOrThrow();
}

export async function insertReceiptLines(
  db: Executor,
  lines: readonly {
    id: string;
    receipt_id: string;
    shipment_line_id: string;
    quantity: number;
    discrepancy_reason: string | null;
    note: string | null;
  }[],
) {
  if (lines.length === 0) return [];
  return db
    .insertInto('receipt_line')
    .values([...lines])
    .returningAll()
    .execute()
    .then((rows) => rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
}

/** What one receipt brought, summed per allocation, pledge or need, in key order; zero sums left out. */
export async function sumReceiptBy(db: Executor, receiptId: string, key: LineKey) {
  const result = await sql<{ key: string; quantity: string }>`
    SELECT l.${sql.ref(key)} AS key, sum(r.quantity)::text AS quantity
    FROM receipt_line r JOIN shipment_line l ON l.id = r.shipment_line_id
    WHERE r.receipt_id = ${receiptId}
    GROUP BY l.${sql.ref(key)}
    HAVING sum(r.quantity) > 0
    ORDER BY l.${sql.ref(key)}
  `.execute(db);
  return result.rows;
}

/** The shipment's receipts that meet `visible` (the reader's visibility condition on receipt). */
export async function listReceipts(db: Executor, shipmentId: string, visible: Expression<SqlBool>) {
  return db
    .selectFrom('receipt')
    .selectAll()
    .where('shipment_id', '=', shipmentId)
    .where(visible)
    .orderBy('received_on')
    .orderBy('id')
    .execute();
}

export async function listReceiptLines(db: Executor, receiptIds: readonly string[]) {
  if (receiptIds.length === 0) return [];
  return db
    .selectFrom('receipt_line')
    .selectAll()
    .where('receipt_id', 'in', [...receiptIds])
    .orderBy('receipt_id')
    .orderBy('id')
    .execute();
}
