import type { Kysely } from 'kysely';
import {
  addToNeedAllocated,
  decideAllocation,
  findAllocationForUpdate,
  findNeedForUpdate,
} from '../../db/repositories/allocation.repository.js';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import { findSourceClassifications } from '../../db/repositories/classification.repository.js';
import { findAllocationStages } from '../../db/repositories/figure.repository.js';
import { violatedCheck } from '../../db/repositories/pledge-lifecycle.repository.js';
import {
  type Executor,
  findExistingIds,
  findRecord,
  insertRecord,
  type RecordRow,
  translateDatabaseError,
} from '../../db/repositories/record.repository.js';
import type { Database } from '../../db/schema.js';
import type { Classification } from '../auth/actor.js';
import { currentReader, visibilityCondition } from '../auth/visibility.js';
import {
  Conflict,
  DomainError,
  type FieldProblem,
  NotFound,
  ProblemList,
  StaleVersion,
  UnknownReference,
} from '../errors.js';
import { decimalOf, isTerminal, type PledgeStatus, thousandths } from '../pledges/pledge-lifecycle.js';
import { changePledgeStage } from '../pledges/pledge-transition.service.js';
import { chooseClassification, classificationFloor } from '../shared/classification.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { createOnce } from '../shared/idempotency.js';
import { newId } from '../shared/ids.js';
import {
  type Actor,
  type CreateResult,
  createRecordService,
  type RecordKind,
  type RecordService,
  ReferenceCheck,
} from '../shared/record.service.js';
import { checkDate, checkQuantity, merged, metaOf, quantityFromColumn, timestamp } from '../shared/values.js';
import type {
  Allocation,
  AllocationCreate,
  AllocationDecision,
  AllocationFilters,
  AllocationPatch,
} from './allocation.schema.js';

type AllocationRow = RecordRow<'allocation'>;

const ALLOCATION_SOURCES = 'its pledge and its need';

/** True for an ISO week that exists: W53 only in the years that have one (2020 does, 2022 does not). */
export function isIsoWeek(week: string): boolean {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return false;
  const year = Number(match[1]);
  const number = Number(match[2]);
  return number >= 1 && number <= isoWeeksIn(year);
}

/** 53 when the year starts on a Thursday, or on a Wednesday in a leap year; otherwise 52. */
function isoWeeksIn(year: number): number {
  const weekday = (y: number) => (y + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400)) % 7;
  return weekday(year) === 4 || weekday(year - 1) === 3 ? 53 : 52;
}

function validateAllocation(allocation: { quantity: number; week: string }): void {
  const problems = new ProblemList();
  checkQuantity(problems, 'quantity', allocation.quantity);
  if (!isIsoWeek(allocation.week)) problems.add('week', 'must be an ISO week that exists, YYYY-Www');
  problems.throwIfAny();
}

export const allocationKind: RecordKind<
  'allocation',
  Allocation,
  AllocationCreate,
  AllocationPatch,
  AllocationFilters
> = {
  entity: 'allocation',
  table: 'allocation',
  sorts: { created: 'id', week: 'week', quantity: 'quantity' },
  defaultSort: 'created',
  toEntity: (row) => ({
    id: row.id,
    pledge_id: row.pledge_id,
    need_id: row.need_id,
    quantity: quantityFromColumn(row.quantity),
    week: row.week,
    status: row.status as Allocation['status'],
    proposed_by: row.proposed_by as Allocation['proposed_by'],
    shipped_quantity: quantityFromColumn(row.shipped_quantity),
    delivered_quantity: quantityFromColumn(row.delivered_quantity),
    decided_at: row.decided_at === null ? null : timestamp(row.decided_at),
    decided_by: row.decided_by,
    proposed_on: row.proposed_on ?? timestamp(row.created_at).slice(0, 10),
    decided_on: row.decided_on ?? (row.decided_at === null ? null : timestamp(row.decided_at).slice(0, 10)),
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    validateAllocation(input);
    refs.expect('pledge_id', 'pledge', input.pledge_id);
    refs.expect('need_id', 'need', input.need_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      pledge_id: input.pledge_id,
      need_id: input.need_id,
      quantity: input.quantity,
      week: input.week,
      proposed_by: input.proposed_by ?? 'hand',
    };
  },
  preparePatch(current, patch) {
    if (current.status !== 'proposed') {
      throw Conflict(
        'allocation_decided',
        `the allocation is ${current.status}; only a proposed one can change`,
      );
    }
    validateAllocation(merged(current, patch));
    return { ...patch };
  },
  async checkConsistency(trx, values) {
    // On update: the classification may be raised, never lowered below the pledge's and the need's.
    const sources = [
      ...(await findSourceClassifications(trx, 'pledge', [values.pledge_id as string])),
      ...(await findSourceClassifications(trx, 'need', [values.need_id as string])),
    ];
    chooseClassification(
      values as { classification: Classification; embargo_until: string | null },
      classificationFloor(...sources),
      ALLOCATION_SOURCES,
    );
  },
  /** Shipped and delivered count only the shipments and receipts the reader sees (docs/figures.md). */
  async withFigures(db, allocations, reader) {
    const rows = await findAllocationStages(
      db,
      allocations.map((a) => a.id),
      reader,
    );
    const stages = new Map(rows.map((r) => [r.id, r]));
    return allocations.map((allocation) => {
      const seen = stages.get(allocation.id);
      if (!seen) return allocation;
      return {
        ...allocation,
        shipped_quantity: quantityFromColumn(seen.shipped),
        delivered_quantity: quantityFromColumn(seen.delivered),
      };
    });
  },
  narrow(query, filters) {
    let q = query;
    if (filters.pledge_id) q = q.where('allocation.pledge_id', '=', filters.pledge_id);
    if (filters.need_id) q = q.where('allocation.need_id', '=', filters.need_id);
    if (filters.status) q = q.where('allocation.status', '=', filters.status);
    if (filters.week) q = q.where('allocation.week', '=', filters.week);
    if (filters.proposed_by) q = q.where('allocation.proposed_by', '=', filters.proposed_by);
    return q;
  },
};

async function lockAllocation(trx: Executor, id: string, expectedVersion?: number): Promise<AllocationRow> {
  // Only an allocation the request's reader may see can be decided (visibility.ts); others are 404.
  const row = await findAllocationForUpdate(trx, id, visibilityCondition('allocation', currentReader()));
  if (!row) throw NotFound('allocation', id);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw StaleVersion('allocation', id, row.version);
  }
  return row;
}

/**
 * When a decision takes effect: `effective_on` as asked (back-dating), checked against `today` (the
 * data's clock); omitted, today. The day it asks for, or the day to default to when it asks for none.
 */
interface DecisionDay {
  readonly effective_on: string | undefined;
  readonly today: string;
}

/**
 * The day a decision on the allocation takes effect: not before the day it was proposed or last
 * decided, not after today; 422 on effective_on otherwise. Omitted: today, or that step's day when later.
 */
function decisionDayOf(row: AllocationRow, when: DecisionDay): DecisionDay {
  const problems = new ProblemList();
  checkDate(problems, 'effective_on', when.effective_on);
  problems.throwIfAny();
  const current = allocationKind.toEntity(row);
  const floor = current.decided_on ?? current.proposed_on;
  // Days as YYYY-MM-DD compare as text.
  if (when.effective_on === undefined) {
    return { effective_on: undefined, today: when.today.localeCompare(floor) < 0 ? floor : when.today };
  }
  if (when.effective_on < floor) {
    problems.add(
      'effective_on',
      `must not be before ${floor}, the day the allocation was ${current.decided_on ? `last ${current.status}` : 'proposed'}`,
    );
  } else if (when.effective_on > when.today) {
    problems.add('effective_on', `must not be after ${when.today}, the day the data is as of`);
  }
  problems.throwIfAny();
  return when;
}

function pledgeNote(row: AllocationRow, note: string | undefined): string {
  return `allocation ${row.id} to need ${row.need_id}${note ? `: ${note}` : ''}`;
}

/**
 * Moves the pledge's allocated stage by the allocation's quantity, as a step of the pledge on the
 * decision's day (which must not be before the pledge's previous step); a closed pledge is
 * pledge_closed here. Answers the day the step took effect.
 */
async function movePledge(
  trx: Executor,
  row: AllocationRow,
  action: 'allocate' | 'release',
  actor: Actor,
  note: string | undefined,
  when: DecisionDay,
): Promise<string> {
  try {
    const { transition } = await changePledgeStage(trx, {
      pledge_id: row.pledge_id,
      action,
      quantity: quantityFromColumn(row.quantity),
      note: pledgeNote(row, note),
      cause: { type: 'allocation', id: row.id },
      actor,
      effective_on: when.effective_on,
      today: when.today,
    });
    return transition.effective_on;
  } catch (error) {
    if (error instanceof DomainError && error.code === 'invalid_transition') {
      throw Conflict('pledge_closed', error.message);
    }
    throw error;
  }
}

/** Moves the need's allocated quantity; the need_stage_bounds CHECK keeps it within the need. */
async function moveNeed(trx: Executor, row: AllocationRow, sign: 1 | -1): Promise<void> {
  const need = await findNeedForUpdate(trx, row.need_id);
  if (!need) throw NotFound('need', row.need_id);
  if (sign > 0 && need.status === 'cancelled') {
    throw Conflict('need_closed', `need ${need.reference} is cancelled; nothing can be allocated to it`);
  }
  try {
    await addToNeedAllocated(trx, need.id, decimalOf(BigInt(sign) * thousandths(row.quantity)));
  } catch (error) {
    if (sign > 0 && violatedCheck(error) === 'need_stage_bounds') {
      const room = thousandths(need.quantity) - thousandths(need.allocated_quantity);
      throw Conflict(
        'exceeds_need',
        `need ${need.reference} has room for ${quantityFromColumn(decimalOf(room))} more (${quantityFromColumn(need.allocated_quantity)} of ${quantityFromColumn(need.quantity)} allocated), not ${quantityFromColumn(row.quantity)}`,
      );
    }
    throw translateDatabaseError(error, 'need');
  }
}

async function recordDecision(
  trx: Executor,
  row: AllocationRow,
  status: 'accepted' | 'rejected',
  actor: Actor,
  on: string,
): Promise<Allocation> {
  const decided = await decideAllocation(trx, row.id, { status, actor: actor.id, on });
  if (!decided) throw NotFound('allocation', row.id);
  const before = allocationKind.toEntity(row);
  const after = allocationKind.toEntity(decided as AllocationRow);
  await insertAuditEntry(trx, {
    actor: actor.id,
    action: 'update',
    entity_type: 'allocation',
    entity_id: row.id,
    before,
    after,
  });
  return after;
}

/** Accepts a proposed allocation locked by the caller: pledge and need allocated, then the decision. */
async function acceptLocked(
  trx: Executor,
  row: AllocationRow,
  actor: Actor,
  note: string | undefined,
  when: DecisionDay,
): Promise<Allocation> {
  if (row.status !== 'proposed') {
    throw Conflict(
      'invalid_transition',
      `the allocation is ${row.status}; only a proposed one can be accepted`,
    );
  }
  const day = decisionDayOf(row, when);
  // Lock order pledge → need, the same in every path, so concurrent accepts cannot deadlock.
  const on = await movePledge(trx, row, 'allocate', actor, note, day);
  await moveNeed(trx, row, 1);
  return recordDecision(trx, row, 'accepted', actor, on);
}

export interface AllocationService
  extends RecordService<Allocation, AllocationCreate, AllocationPatch, AllocationFilters> {
  /** proposed → accepted: the pledge's and the need's allocated quantities grow, in one transaction. */
  accept(
    id: string,
    decision: AllocationDecision,
    actor: Actor,
    expectedVersion?: number,
  ): Promise<Allocation>;
  /** proposed → rejected. */
  reject(
    id: string,
    decision: AllocationDecision,
    actor: Actor,
    expectedVersion?: number,
  ): Promise<Allocation>;
  /** accepted and not shipped → rejected: the quantities go back to the pledge and the need. */
  release(
    id: string,
    decision: AllocationDecision,
    actor: Actor,
    expectedVersion?: number,
  ): Promise<Allocation>;
}

/** Allocations of pledges to needs: proposed by hand or by the planner, then accepted or rejected. */
export function createAllocationService(deps: { db: Kysely<Database>; clock?: Clock }): AllocationService {
  const { db, clock = systemClock() } = deps;
  const records = createRecordService(allocationKind, deps);

  async function checkCreate(trx: Executor, input: AllocationCreate) {
    // What the request's reader may not see does not exist for it (visibility.ts).
    const reader = currentReader();
    const pledge = await findRecord(
      trx,
      'pledge',
      input.pledge_id,
      false,
      visibilityCondition('pledge', reader),
    );
    const need = await findRecord(trx, 'need', input.need_id, false, visibilityCondition('need', reader));
    const owners = input.owner_org_id
      ? await findExistingIds(
          trx,
          'organisation',
          [input.owner_org_id],
          visibilityCondition('organisation', reader),
        )
      : undefined;
    const unknown: FieldProblem[] = [];
    if (!pledge) unknown.push({ field: 'pledge_id', message: `no pledge with id ${input.pledge_id}` });
    if (!need) unknown.push({ field: 'need_id', message: `no need with id ${input.need_id}` });
    if (input.owner_org_id && !owners?.has(input.owner_org_id)) {
      unknown.push({ field: 'owner_org_id', message: `no organisation with id ${input.owner_org_id}` });
    }
    if (!pledge || !need || unknown.length > 0) throw UnknownReference(unknown);
    if (pledge.item_id !== need.item_id) {
      throw new DomainError('item_mismatch', 422, 'the need is for another item than the pledge', [
        { field: 'need_id', message: 'the need is for another item than the pledge' },
      ]);
    }
    if (isTerminal(pledge.status as PledgeStatus)) {
      throw Conflict(
        'pledge_closed',
        `pledge ${pledge.id} is ${pledge.status}; nothing can be allocated from it`,
      );
    }
    if (need.status === 'cancelled') {
      throw Conflict('need_closed', `need ${need.reference} is cancelled; nothing can be allocated to it`);
    }
    return {
      donor: pledge.donor_org_id,
      classified: chooseClassification(input, classificationFloor(pledge, need), ALLOCATION_SOURCES),
    };
  }

  async function decide(
    id: string,
    expectedVersion: number | undefined,
    step: (trx: Executor, row: AllocationRow) => Promise<Allocation>,
  ): Promise<Allocation> {
    return db.transaction().execute(async (trx) => step(trx, await lockAllocation(trx, id, expectedVersion)));
  }

  return {
    ...records,

    async create(input, actor, idempotencyKey): Promise<CreateResult<Allocation>> {
      const values = allocationKind.prepareCreate(input, new ReferenceCheck());
      return db.transaction().execute((trx) =>
        createOnce(trx, 'allocation', actor, idempotencyKey, input, async () => {
          const { donor, classified } = await checkCreate(trx, input);
          const row = await insertRecord(trx, 'allocation', {
            id: newId(),
            ...values,
            ...classified,
            proposed_on: clock.today(),
            owner_org_id: input.owner_org_id ?? donor,
            created_by: actor.id,
            updated_by: actor.id,
          });
          await insertAuditEntry(trx, {
            actor: actor.id,
            action: 'create',
            entity_type: 'allocation',
            entity_id: row.id,
            before: null,
            after: allocationKind.toEntity(row),
          });
          const entity = input.accept
            ? await acceptLocked(trx, row, actor, undefined, {
                effective_on: undefined,
                today: clock.today(),
              })
            : allocationKind.toEntity(row);
          return entity;
        }),
      );
    },

    async remove(id, expectedVersion, actor) {
      const current = await records.get(id);
      if (current.status !== 'proposed') {
        throw Conflict(
          'allocation_decided',
          `the allocation is ${current.status}; only a proposed one can be deleted (release an accepted one)`,
        );
      }
      // An accept in between gives the row a new version, so the delete below then answers 412.
      await records.remove(id, expectedVersion, actor);
    },

    accept(id, decision, actor, expectedVersion) {
      return decide(id, expectedVersion, (trx, row) =>
        acceptLocked(trx, row, actor, decision.note, {
          effective_on: decision.effective_on,
          today: clock.today(),
        }),
      );
    },

    reject(id, decision, actor, expectedVersion) {
      return decide(id, expectedVersion, async (trx, row) => {
        if (row.status !== 'proposed') {
          throw Conflict(
            'invalid_transition',
            `the allocation is ${row.status}; only a proposed one can be rejected${row.status === 'accepted' ? ' (release it instead)' : ''}`,
          );
        }
        const day = decisionDayOf(row, { effective_on: decision.effective_on, today: clock.today() });
        return recordDecision(trx, row, 'rejected', actor, day.effective_on ?? day.today);
      });
    },

    release(id, decision, actor, expectedVersion) {
      return decide(id, expectedVersion, async (trx, row) => {
        if (row.status !== 'accepted') {
          throw Conflict(
            'invalid_transition',
            `the allocation is ${row.status}; only an accepted one can be released`,
          );
        }
        if (thousandths(row.shipped_quantity) > 0n) {
          throw Conflict(
            'allocation_shipped',
            `${quantityFromColumn(row.shipped_quantity)} of the allocation has been shipped; it can no longer be released`,
          );
        }
        const day = decisionDayOf(row, { effective_on: decision.effective_on, today: clock.today() });
        const on = await movePledge(trx, row, 'release', actor, decision.note, day);
        await moveNeed(trx, row, -1);
        return recordDecision(trx, row, 'rejected', actor, on);
      });
    },
  };
}
