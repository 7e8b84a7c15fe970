import type { Kysely, Selectable } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  addReceivedQuantity,
  findLinesOfShipment,
  insertReceipt,
  insertReceiptLines,
  listReceiptLines,
  listReceipts,
  sumReceiptBy,
} from '../../db/repositories/receipt.repository.js';
import { findExistingIds, findRecord } from '../../db/repositories/record.repository.js';
import { isEveryLineReceived } from '../../db/repositories/shipment.repository.js';
import type { Database, ReceiptLineTable, ReceiptTable } from '../../db/schema.js';
import { currentReader, visibilityCondition } from '../auth/visibility.js';
import { Conflict, DomainError, NotFound, ProblemList, UnknownReference } from '../errors.js';
import { classificationFloor } from '../shared/classification.js';
import { createOnce } from '../shared/idempotency.js';
import { newId } from '../shared/ids.js';
import type { Actor, CreateResult } from '../shared/record.service.js';
import { checkDate, checkQuantity, checkText, metaOf, quantityFromColumn } from '../shared/values.js';
import type { Receipt, ReceiptCreate, ReceiptLine } from './receipt.schema.js';
import { changeShipmentStatus, lockShipmentFor } from './shipment.service.js';
import { meetNeeds, moveAllocations, movePledges } from './shipment-stages.js';
import { statusAfterReceipt } from './shipment-status.js';

type ReceiptRow = Selectable<ReceiptTable>;
type ReceiptLineRow = Selectable<ReceiptLineTable>;

function receiptOf(row: ReceiptRow, lines: readonly ReceiptLineRow[]): Receipt {
  return {
    id: row.id,
    shipment_id: row.shipment_id,
    received_on: row.received_on,
    received_by_org_id: row.received_by_org_id,
    note: row.note,
    lines: lines.map(receiptLineOf),
    ...metaOf(row),
  };
}

function receiptLineOf(row: ReceiptLineRow): ReceiptLine {
  return {
    id: row.id,
    shipment_line_id: row.shipment_line_id,
    quantity: quantityFromColumn(row.quantity),
    discrepancy_reason: row.discrepancy_reason as ReceiptLine['discrepancy_reason'],
    note: row.note,
  };
}

function validateReceipt(input: ReceiptCreate): void {
  const problems = new ProblemList();
  checkDate(problems, 'received_on', input.received_on);
  checkText(problems, 'note', input.note, 4000);
  const seen = new Set<string>();
  input.lines.forEach((line, i) => {
    checkQuantity(problems, `lines.${i}.quantity`, line.quantity, { positive: false });
    checkText(problems, `lines.${i}.note`, line.note, 4000);
    if (seen.has(line.shipment_line_id)) {
      problems.add(`lines.${i}.shipment_line_id`, 'names a shipment line already received in this receipt');
    }
    seen.add(line.shipment_line_id);
  });
  problems.throwIfAny();
}

export type ReceiptService = ReturnType<typeof createReceiptService>;

/** Receipts: what arrived with a shipment, and what that does to allocations, pledges and needs. */
export function createReceiptService(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  return {
    /**
     * Records a receipt on an in-transit or arrived shipment, all or nothing: each line's received
     * quantity grows by one guarded UPDATE (409 exceeds_shipped when it would pass what the line
     * carried), then the allocations' and pledges' delivered and the needs' met quantities follow, and
     * the shipment becomes arrived, or received once every line is complete.
     */
    async receive(
      shipmentId: string,
      input: ReceiptCreate,
      actor: Actor,
      idempotencyKey?: string,
    ): Promise<CreateResult<Receipt>> {
      validateReceipt(input);
      return db.transaction().execute((trx) =>
        createOnce(trx, 'receipt', actor, idempotencyKey, [shipmentId, input], async () => {
          const shipment = await lockShipmentFor(trx, shipmentId, 'receive');
          if (shipment.dispatched_on && input.received_on < shipment.dispatched_on) {
            throw new DomainError(
              'invalid_record',
              422,
              'a shipment cannot be received before it was dispatched',
              [
                {
                  field: 'received_on',
                  message: `must not be before dispatched_on ${shipment.dispatched_on}`,
                },
              ],
            );
          }
          const unknown: { field: string; message: string }[] = [];
          const org = await findExistingIds(trx, 'organisation', [input.received_by_org_id]);
          if (!org.has(input.received_by_org_id)) {
            unknown.push({
              field: 'received_by_org_id',
              message: `no organisation with id ${input.received_by_org_id}`,
            });
          }
          const ours = await findLinesOfShipment(
            trx,
            shipmentId,
            input.lines.map((line) => line.shipment_line_id),
          );
          input.lines.forEach((line, i) => {
            if (!ours.has(line.shipment_line_id)) {
              unknown.push({
                field: `lines.${i}.shipment_line_id`,
                message: `no line ${line.shipment_line_id} in shipment ${shipmentId}`,
              });
            }
          });
          if (unknown.length > 0) throw UnknownReference(unknown);

          // Line rows in id order, so that receipts of several lines never wait on each other in a circle.
          const ordered = [...input.lines].sort((a, b) => (a.shipment_line_id < b.shipment_line_id ? -1 : 1));
          for (const line of ordered) {
            const updated = await addReceivedQuantity(trx, shipmentId, line.shipment_line_id, line.quantity);
            if (!updated) {
              throw Conflict(
                'exceeds_shipped',
                `shipment line ${line.shipment_line_id} cannot receive ${line.quantity} more: ` +
                  'that would be more than it carried',
              );
            }
          }

          const receipt = await insertReceipt(trx, {
            id: newId(),
            shipment_id: shipmentId,
            received_on: input.received_on,
            received_by_org_id: input.received_by_org_id,
            note: input.note ?? null,
            owner_org_id: input.received_by_org_id,
            // A receipt is derived from its shipment: at least as classified (classification.ts).
            ...classificationFloor(shipment),
            created_by: actor.id,
            updated_by: actor.id,
          });
          const lines = await insertReceiptLines(
            trx,
            input.lines.map((line) => ({
              id: newId(),
              receipt_id: receipt.id,
              shipment_line_id: line.shipment_line_id,
              quantity: line.quantity,
              discrepancy_reason: line.discrepancy_reason ?? null,
              note: line.note ?? null,
            })),
          );

          const note = `receipt ${receipt.id} of shipment ${shipment.reference} (${shipmentId})`;
          await moveAllocations(trx, await sumReceiptBy(trx, receipt.id, 'allocation_id'), 'delivered', {
            exceedsCode: 'exceeds_shipped',
            actor,
          });
          await movePledges(trx, await sumReceiptBy(trx, receipt.id, 'pledge_id'), 'deliver', {
            note,
            cause: { type: 'receipt', id: receipt.id },
            exceedsCode: 'exceeds_shipped',
            actor,
          });
          await meetNeeds(trx, await sumReceiptBy(trx, receipt.id, 'need_id'), actor);

          const status = statusAfterReceipt(await isEveryLineReceived(trx, shipmentId));
          if (status !== shipment.status) await changeShipmentStatus(trx, shipment, { status }, actor);

          const entity = receiptOf(receipt, lines);
          await insertAuditEntry(trx, {
            actor: actor.id,
            action: 'create',
            entity_type: 'receipt',
            entity_id: receipt.id,
            before: null,
            after: entity,
          });
          return entity;
        }),
      );
    },

    /** The shipment's receipts with their lines, oldest first. */
    async list(shipmentId: string): Promise<Receipt[]> {
      const visible = visibilityCondition('shipment', currentReader());
      if (!(await findRecord(db, 'shipment', shipmentId, false, visible)))
        throw NotFound('shipment', shipmentId);
      const receipts = await listReceipts(db, shipmentId, visibilityCondition('receipt', currentReader()));
      const lines = await listReceiptLines(
        db,
        receipts.map((r) => r.id),
      );
      return receipts.map((receipt) =>
        receiptOf(
          receipt,
          lines.filter((line) => line.receipt_id === receipt.id),
        ),
      );
    },
  };
}
