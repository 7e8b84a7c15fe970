import type { Kysely, Selectable } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  findShipmentAllocationIds,
  findSourceClassifications,
  setShipmentClassification,
} from '../../db/repositories/classification.repository.js';
import type { Executor } from '../../db/repositories/record.repository.js';
import {
  allocationRoomFor,
  countLinesOutsideRegion,
  deleteShipmentLine,
  insertShipmentLine,
  listShipmentLines,
  lockAllocationForLine,
  lockShipment,
  sumShipmentLinesBy,
  updateShipmentStatus,
} from '../../db/repositories/shipment.repository.js';
import type { Database, ShipmentLineTable, ShipmentTable } from '../../db/schema.js';
import { currentReader, visibilityCondition } from '../auth/visibility.js';
import { Conflict, DomainError, InvalidRecord, NotFound, ProblemList, UnknownReference } from '../errors.js';
import { searchFilter } from '../search/search.service.js';
import {
  type ClassificationChoice,
  chooseClassification,
  classificationFloor,
  isBelowFloor,
} from '../shared/classification.js';
import { newId } from '../shared/ids.js';
import { type Actor, createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkDate, checkQuantity, checkText, merged, metaOf, quantityFromColumn } from '../shared/values.js';
import type {
  Shipment,
  ShipmentClose,
  ShipmentCreate,
  ShipmentDispatch,
  ShipmentFilters,
  ShipmentLine,
  ShipmentLineInput,
  ShipmentLose,
  ShipmentPatch,
} from './shipment.schema.js';
import { losePledges, moveAllocations, movePledges } from './shipment-stages.js';
import { requireShipmentAction, type ShipmentAction, type ShipmentStatus } from './shipment-status.js';

export type ShipmentRow = Selectable<ShipmentTable>;
type ShipmentLineRow = Selectable<ShipmentLineTable>;

function validateShipment(shipment: {
  reference: string;
  origin_hub: string;
  eta: string | null;
  dispatched_on: string | null;
}): void {
  const problems = new ProblemList();
  checkText(problems, 'reference', shipment.reference, 100);
  checkText(problems, 'origin_hub', shipment.origin_hub, 200);
  checkDate(problems, 'eta', shipment.eta);
  if (shipment.eta && shipment.dispatched_on && shipment.eta < shipment.dispatched_on) {
    problems.add('eta', 'must not be before dispatched_on');
  }
  problems.throwIfAny();
}

function checkLineQuantities(lines: readonly ShipmentLineInput[], field: (i: number) => string): void {
  const problems = new ProblemList();
  lines.forEach((line, i) => {
    checkQuantity(problems, `${field(i)}quantity`, line.quantity);
  });
  problems.throwIfAny();
}

export function shipmentOf(row: ShipmentRow): Shipment {
  return {
    id: row.id,
    reference: row.reference,
    origin_hub: row.origin_hub,
    destination_region_id: row.destination_region_id,
    dispatched_on: row.dispatched_on,
    eta: row.eta,
    status: row.status as ShipmentStatus,
    ...metaOf(row),
  };
}

function lineOf(row: ShipmentLineRow): ShipmentLine {
  return {
    id: row.id,
    shipment_id: row.shipment_id,
    allocation_id: row.allocation_id,
    pledge_id: row.pledge_id,
    need_id: row.need_id,
    item_id: row.item_id,
    quantity: quantityFromColumn(row.quantity),
    received_quantity: quantityFromColumn(row.received_quantity),
  };
}

const SHIPMENT_SOURCES = 'the allocations its lines are shipped against';

/** The floor of a shipment: the classification of the allocations its lines carry (classification.ts). */
async function shipmentFloor(trx: Executor, id: string): Promise<ClassificationChoice> {
  const allocations = await findShipmentAllocationIds(trx, id);
  return classificationFloor(...(await findSourceClassifications(trx, 'allocation', allocations)));
}

/** Raises a shipment that a new line has put below its floor, as an audited change of the shipment. */
async function raiseShipmentToFloor(trx: Executor, shipment: ShipmentRow, actor: Actor): Promise<void> {
  const floor = await shipmentFloor(trx, shipment.id);
  if (!isBelowFloor(shipment, floor)) return;
  const raised = await setShipmentClassification(trx, shipment.id, classificationFloor(shipment, floor), {
    actorId: actor.id,
    newVersion: true,
  });
  await insertAuditEntry(trx, {
    actor: actor.id,
    action: 'update',
    entity_type: 'shipment',
    entity_id: shipment.id,
    before: shipmentOf(shipment),
    after: shipmentOf(raised),
  });
}

/** The shipment, locked for the rest of the transaction, if the action is allowed in its status. */
export async function lockShipmentFor(
  trx: Executor,
  id: string,
  action: ShipmentAction,
): Promise<ShipmentRow> {
  // Only a shipment the request's reader may see can be acted on (visibility.ts); others are 404.
  const row = await lockShipment(trx, id, visibilityCondition('shipment', currentReader()));
  if (!row) throw NotFound('shipment', id);
  requireShipmentAction(row.status as ShipmentStatus, action);
  return row;
}

/** Moves a shipment to a new status with a new version, and audits it (with the note, if any). */
export async function changeShipmentStatus(
  trx: Executor,
  before: ShipmentRow,
  change: { status: ShipmentStatus; dispatched_on?: string },
  actor: Actor,
  note?: string,
): Promise<Shipment> {
  const after = shipmentOf(await updateShipmentStatus(trx, before.id, change, actor.id));
  await insertAuditEntry(trx, {
    actor: actor.id,
    action: 'update',
    entity_type: 'shipment',
    entity_id: before.id,
    before: shipmentOf(before),
    after: note === undefined ? after : { ...after, note },
  });
  return after;
}

/**
 * Adds one line against an accepted allocation whose need is in the shipment's region, if the
 * allocation has room for it; the allocation row is locked so that concurrent lines queue.
 */
async function addLine(
  trx: Executor,
  shipment: Pick<ShipmentRow, 'id' | 'destination_region_id'>,
  input: ShipmentLineInput,
  field: string,
  actor: Actor,
): Promise<ShipmentLine> {
  const allocation = await lockAllocationForLine(trx, input.allocation_id);
  if (!allocation) {
    throw UnknownReference([
      { field: `${field}allocation_id`, message: `no allocation with id ${input.allocation_id}` },
    ]);
  }
  if (allocation.status !== 'accepted') {
    throw Conflict(
      'allocation_not_accepted',
      `allocation ${allocation.id} is ${allocation.status}; only accepted allocations can be shipped`,
    );
  }
  if (allocation.region_id !== shipment.destination_region_id) {
    throw new DomainError(
      'wrong_region',
      422,
      `allocation ${allocation.id} answers a need in another region than the shipment goes to`,
      [{ field: `${field}allocation_id`, message: 'its need is not in the destination region' }],
    );
  }
  const room = await allocationRoomFor(trx, allocation.id, input.quantity);
  if (!room?.fits) {
    throw Conflict(
      'exceeds_allocation',
      `allocation ${allocation.id} has ${Number(room?.room ?? 0)} left to ship, less than ${input.quantity}`,
    );
  }
  const line = lineOf(
    await insertShipmentLine(trx, {
      id: newId(),
      shipment_id: shipment.id,
      allocation_id: allocation.id,
      pledge_id: allocation.pledge_id,
      need_id: allocation.need_id,
      item_id: allocation.item_id,
      quantity: input.quantity,
    }),
  );
  await insertAuditEntry(trx, {
    actor: actor.id,
    action: 'create',
    entity_type: 'shipment_line',
    entity_id: line.id,
    before: null,
    after: line,
  });
  return line;
}

/** Lines in allocation order, so that concurrent creates lock allocations in the same order. */
async function addLines(
  trx: Executor,
  shipment: Pick<ShipmentRow, 'id' | 'destination_region_id'>,
  lines: readonly ShipmentLineInput[],
  actor: Actor,
): Promise<void> {
  const ordered = lines
    .map((line, index) => ({ line, index }))
    .sort((a, b) => (a.line.allocation_id < b.line.allocation_id ? -1 : 1));
  for (const { line, index } of ordered) await addLine(trx, shipment, line, `lines.${index}.`, actor);
}

export const shipmentKind: RecordKind<'shipment', Shipment, ShipmentCreate, ShipmentPatch, ShipmentFilters> =
  {
    entity: 'shipment',
    table: 'shipment',
    sorts: { created: 'id', reference: 'reference', origin_hub: 'origin_hub' },
    defaultSort: 'created',
    toEntity: shipmentOf,
    prepareCreate(input, refs) {
      validateShipment({ ...input, eta: input.eta ?? null, dispatched_on: null });
      checkLineQuantities(input.lines ?? [], (i) => `lines.${i}.`);
      refs.expect('destination_region_id', 'region', input.destination_region_id);
      refs.expect('owner_org_id', 'organisation', input.owner_org_id);
      return {
        reference: input.reference.trim(),
        origin_hub: input.origin_hub.trim(),
        destination_region_id: input.destination_region_id,
        eta: input.eta ?? null,
        owner_org_id: input.owner_org_id,
        classification: input.classification ?? 'coalition',
        embargo_until: input.embargo_until ?? null,
      };
    },
    preparePatch(current, patch, refs) {
      requireShipmentAction(current.status, 'edit');
      validateShipment(merged(current, patch));
      refs.expect('destination_region_id', 'region', patch.destination_region_id);
      return { ...patch };
    },
    async checkConsistency(trx, values) {
      // On update only: lock the shipment so that no line is added meanwhile, then check every line's region.
      const id = values.id as string | undefined;
      if (!id) return;
      await lockShipment(trx, id);
      const outside = await countLinesOutsideRegion(trx, id, values.destination_region_id as string);
      if (outside > 0) {
        throw new DomainError(
          'wrong_region',
          422,
          `${outside} line(s) of the shipment answer needs outside the new destination region`,
          [{ field: 'destination_region_id', message: 'the needs of the lines are in another region' }],
        );
      }
      // The classification may be raised, never lowered below the allocations of its lines.
      chooseClassification(
        values as { classification: Shipment['classification']; embargo_until: string | null },
        await shipmentFloor(trx, id),
        SHIPMENT_SOURCES,
      );
    },
    narrow(query, filters) {
      let q = query;
      if (filters.q) q = q.where(searchFilter('shipment', filters.q));
      if (filters.status) q = q.where('shipment.status', '=', filters.status);
      if (filters.destination_region_id) {
        q = q.where('shipment.destination_region_id', '=', filters.destination_region_id);
      }
      if (filters.origin_hub) q = q.where('shipment.origin_hub', '=', filters.origin_hub);
      if (filters.dispatched_from) q = q.where('shipment.dispatched_on', '>=', filters.dispatched_from);
      if (filters.dispatched_to) q = q.where('shipment.dispatched_on', '<=', filters.dispatched_to);
      return q;
    },
  };

export type ShipmentService = ReturnType<typeof createShipmentService>;

/** Consignments from hubs to regions: lines against accepted allocations, dispatch, loss, closing. */
export function createShipmentService(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  const records = createRecordService(shipmentKind, deps);

  return {
    ...records,

    /** Creates the shipment and its lines in one transaction (with Idempotency-Key, like any create). */
    create(input: ShipmentCreate, actor: Actor, idempotencyKey?: string) {
      const lines = input.lines ?? [];
      if (lines.length === 0) return records.create(input, actor, idempotencyKey);
      const withLines: typeof shipmentKind = {
        ...shipmentKind,
        afterWrite: async (trx, id) => {
          const shipment = await lockShipment(trx, id);
          if (!shipment) throw NotFound('shipment', id);
          await addLines(trx, shipment, lines, actor);
          // Without a classification in the request the shipment takes its lines' floor.
          const chosen = chooseClassification(input, await shipmentFloor(trx, id), SHIPMENT_SOURCES);
          if (
            chosen.classification !== shipment.classification ||
            chosen.embargo_until !== shipment.embargo_until
          ) {
            await setShipmentClassification(trx, id, chosen, { actorId: actor.id, newVersion: false });
          }
        },
      };
      return createRecordService(withLines, deps).create(input, actor, idempotencyKey);
    },

    /** Deletes a shipment that is still being prepared, with its lines. */
    async remove(id: string, expectedVersion: number, actor: Actor): Promise<void> {
      // Every status change gives a new version, so the version-checked delete cannot outrun one.
      const current = await records.get(id);
      if (current.version === expectedVersion) requireShipmentAction(current.status, 'delete');
      await records.remove(id, expectedVersion, actor);
    },

    async lines(id: string): Promise<ShipmentLine[]> {
      await records.get(id);
      return (await listShipmentLines(db, id)).map(lineOf);
    },

    async addLine(id: string, input: ShipmentLineInput, actor: Actor): Promise<ShipmentLine> {
      checkLineQuantities([input], () => '');
      return db.transaction().execute(async (trx) => {
        const shipment = await lockShipmentFor(trx, id, 'add_line');
        const line = await addLine(trx, shipment, input, '', actor);
        await raiseShipmentToFloor(trx, shipment, actor);
        return line;
      });
    },

    async removeLine(id: string, lineId: string, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await lockShipmentFor(trx, id, 'remove_line');
        const row = await deleteShipmentLine(trx, id, lineId);
        if (!row) throw NotFound('shipment line', lineId);
        await insertAuditEntry(trx, {
          actor: actor.id,
          action: 'delete',
          entity_type: 'shipment_line',
          entity_id: lineId,
          before: lineOf(row),
          after: null,
        });
      });
    },

    /**
     * Sends the shipment on its way: each line's quantity becomes shipped on its allocation and its
     * pledge, all or nothing. 409 empty_shipment without lines, exceeds_allocated beyond a bound.
     */
    async dispatch(id: string, input: ShipmentDispatch, actor: Actor): Promise<Shipment> {
      const problems = new ProblemList();
      checkDate(problems, 'dispatched_on', input.dispatched_on);
      problems.throwIfAny();
      return db.transaction().execute(async (trx) => {
        const shipment = await lockShipmentFor(trx, id, 'dispatch');
        if (shipment.eta && shipment.eta < input.dispatched_on) {
          throw InvalidRecord([
            { field: 'dispatched_on', message: `must not be after the eta ${shipment.eta}` },
          ]);
        }
        const byAllocation = await sumShipmentLinesBy(trx, id, 'allocation_id', 'shipped');
        if (byAllocation.length === 0) {
          throw Conflict('empty_shipment', `shipment ${id} has no lines; add some before dispatching it`);
        }
        await moveAllocations(trx, byAllocation, 'shipped', { exceedsCode: 'exceeds_allocated', actor });
        await movePledges(trx, await sumShipmentLinesBy(trx, id, 'pledge_id', 'shipped'), 'ship', {
          note: `shipment ${shipment.reference} (${id}) dispatched from ${shipment.origin_hub}`,
          cause: { type: 'shipment', id },
          exceedsCode: 'exceeds_allocated',
          actor,
        });
        return changeShipmentStatus(
          trx,
          shipment,
          { status: 'in_transit', dispatched_on: input.dispatched_on },
          actor,
        );
      });
    },

    /**
     * Reports the shipment lost: what it had not delivered goes back from shipped to allocated on its
     * allocations and pledges, so that it can be shipped again; what was received stays delivered.
     */
    async lose(id: string, input: ShipmentLose, actor: Actor): Promise<Shipment> {
      const problems = new ProblemList();
      checkText(problems, 'note', input.note, 4000);
      problems.throwIfAny();
      return db.transaction().execute(async (trx) => {
        const shipment = await lockShipmentFor(trx, id, 'lose');
        const note = `shipment ${shipment.reference} (${id}) lost: ${input.note}`;
        await moveAllocations(
          trx,
          await sumShipmentLinesBy(trx, id, 'allocation_id', 'unreceived'),
          'shipped',
          { take: true, exceedsCode: 'exceeds_shipped', actor },
        );
        await losePledges(trx, await sumShipmentLinesBy(trx, id, 'pledge_id', 'unreceived'), {
          note,
          cause: { type: 'shipment', id },
          actor,
        });
        return changeShipmentStatus(trx, shipment, { status: 'lost' }, actor, input.note);
      });
    },

    /** Closes an arrived shipment as received with what arrived (a short delivery). */
    async close(id: string, input: ShipmentClose, actor: Actor): Promise<Shipment> {
      const problems = new ProblemList();
      checkText(problems, 'note', input.note, 4000);
      problems.throwIfAny();
      return db.transaction().execute(async (trx) => {
        const shipment = await lockShipmentFor(trx, id, 'close');
        return changeShipmentStatus(trx, shipment, { status: 'received' }, actor, input.note);
      });
    },
  };
}
