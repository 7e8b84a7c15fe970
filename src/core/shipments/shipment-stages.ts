import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  findPledgeForUpdate,
  insertPledgeTransition,
  updatePledgeLifecycle,
  violatedCheck,
} from '../../db/repositories/pledge-lifecycle.repository.js';
import { type Executor, findRecord } from '../../db/repositories/record.repository.js';
import {
  lockAllocationStages,
  lockNeedStages,
  shiftAllocationStages,
  shiftNeedMet,
} from '../../db/repositories/shipment.repository.js';
import { allocationKind } from '../allocations/allocation.service.js';
import { Conflict, DomainError, NotFound } from '../errors.js';
import { needKind } from '../needs/need.service.js';
import { pledgeKind } from '../pledges/pledge.service.js';
import { decimalOf, thousandths } from '../pledges/pledge-lifecycle.js';
import {
  changePledgeStage,
  refreshPledgeStatus,
  type TransitionCauseRef,
} from '../pledges/pledge-transition.service.js';
import { newId } from '../shared/ids.js';
import type { Actor } from '../shared/record.service.js';
import { quantityFromColumn } from '../shared/values.js';

/*
 * What shipping, losing and receiving do to allocations, pledges and needs, inside the caller's
 * transaction. Each takes quantities summed per record by SQL, in id order, so that concurrent
 * transactions lock allocations, then pledges, then needs, always in the same order.
 */

/** A quantity summed per allocation, pledge or need: the record's id and a decimal string. */
export interface KeyedQuantity {
  readonly key: string;
  readonly quantity: string;
}

/** A decimal string for a message: 40 rather than 40.000. */
function shown(quantity: string): number {
  return quantityFromColumn(quantity);
}

/** The signed decimal that takes `quantity` away. */
function negated(quantity: string): string {
  return decimalOf(-thousandths(quantity));
}

/**
 * Adds to (or, with `take`, takes from) the shipped or delivered quantity of each accepted allocation.
 * Throws 409 allocation_not_accepted for an allocation no longer accepted, and `exceedsCode` when a
 * bound (delivered ≤ shipped ≤ quantity) would break.
 */
export async function moveAllocations(
  trx: Executor,
  sums: readonly KeyedQuantity[],
  stage: 'shipped' | 'delivered',
  options: { take?: boolean; exceedsCode: string; actor: Actor },
): Promise<void> {
  for (const { key, quantity } of sums) {
    const before = await lockAllocationStages(trx, key);
    if (!before) throw NotFound('allocation', key);
    if (before.status !== 'accepted') {
      throw Conflict('allocation_not_accepted', `allocation ${key} is ${before.status}, no longer accepted`);
    }
    const delta = options.take ? negated(quantity) : quantity;
    const after = await shiftAllocationStages(trx, key, { [stage]: delta }, options.actor.id);
    if (!after) {
      throw Conflict(
        options.exceedsCode,
        `allocation ${key} cannot have ${shown(quantity)} ${options.take ? 'less' : 'more'} ${stage}: it has ` +
          `${shown(before.shipped_quantity)} shipped and ${shown(before.delivered_quantity)} delivered ` +
          `of ${shown(before.quantity)}`,
      );
    }
    await insertAuditEntry(trx, {
      actor: options.actor.id,
      action: 'update',
      entity_type: 'allocation',
      entity_id: key,
      before: allocationKind.toEntity(before),
      after: allocationKind.toEntity(after),
    });
  }
}

/**
 * Ships or delivers each pledge's share through the pledge lifecycle (history, audit, status). A
 * quantity beyond the stage before it becomes `exceedsCode` (exceeds_allocated, exceeds_shipped).
 */
export async function movePledges(
  trx: Executor,
  sums: readonly KeyedQuantity[],
  action: 'ship' | 'deliver',
  options: { note: string; cause: TransitionCauseRef; exceedsCode: string; actor: Actor },
): Promise<void> {
  for (const { key, quantity } of sums) {
    try {
      await changePledgeStage(trx, {
        pledge_id: key,
        action,
        quantity: quantityFromColumn(quantity),
        note: options.note,
        cause: options.cause,
        actor: options.actor,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'quantity_exceeds_stage') {
        throw Conflict(options.exceedsCode, `pledge ${key}: ${error.message}`);
      }
      throw error;
    }
  }
}

/**
 * Gives what a lost shipment did not deliver back from each pledge's shipped stage to its allocated
 * stage, so that it can be shipped again, and records the step as `lose` in the pledge's history.
 */
export async function losePledges(
  trx: Executor,
  sums: readonly KeyedQuantity[],
  options: { note: string; cause: TransitionCauseRef; actor: Actor },
): Promise<void> {
  for (const { key, quantity } of sums) {
    const before = await findPledgeForUpdate(trx, key);
    if (!before) throw NotFound('pledge', key);
    try {
      await updatePledgeLifecycle(trx, key, {
        add: { column: 'shipped_quantity', delta: negated(quantity) },
        status: before.status,
        actor: options.actor.id,
      });
    } catch (error) {
      if (violatedCheck(error) === 'pledge_stage_bounds') {
        throw Conflict(
          'exceeds_shipped',
          `pledge ${key} has less than ${quantity} shipped and not delivered`,
        );
      }
      throw error;
    }
    const { from_status, to_status } = await refreshPledgeStatus(trx, key);
    await insertPledgeTransition(trx, {
      id: newId(),
      pledge_id: key,
      action: 'lose',
      quantity,
      from_status,
      to_status,
      source_id: null,
      note: options.note,
      cause_type: options.cause.type,
      cause_id: options.cause.id,
      actor: options.actor.id,
    });
    const after = await findRecord(trx, 'pledge', key);
    await insertAuditEntry(trx, {
      actor: options.actor.id,
      action: 'update',
      entity_type: 'pledge',
      entity_id: key,
      before: pledgeKind.toEntity(before),
      after: after ? pledgeKind.toEntity(after) : null,
    });
  }
}

/** Adds what arrived to each need's met quantity; its status follows (partially_met, met). */
export async function meetNeeds(trx: Executor, sums: readonly KeyedQuantity[], actor: Actor): Promise<void> {
  for (const { key, quantity } of sums) {
    const before = await lockNeedStages(trx, key);
    if (!before) throw NotFound('need', key);
    const after = await shiftNeedMet(trx, key, quantity, actor.id);
    if (!after) {
      throw Conflict(
        'exceeds_allocated',
        `need ${key} cannot have ${shown(quantity)} more met: ${shown(before.met_quantity)} met ` +
          `of ${shown(before.allocated_quantity)} allocated`,
      );
    }
    await insertAuditEntry(trx, {
      actor: actor.id,
      action: 'update',
      entity_type: 'need',
      entity_id: key,
      before: needKind.toEntity(before),
      after: needKind.toEntity(after),
    });
  }
}
