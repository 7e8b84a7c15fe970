import type { Kysely } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import { findVisibleRecordIds, listVisibleTransitions } from '../../db/repositories/figure.repository.js';
import {
  findLastStepDay,
  findPledgeForUpdate,
  insertPledgeTransition,
  listPledgeTransitionsOf,
  type PledgeQuantityColumn,
  type PledgeTransitionRow,
  setPledgeStatus,
  updatePledgeLifecycle,
  violatedCheck,
} from '../../db/repositories/pledge-lifecycle.repository.js';
import {
  type Executor,
  findExistingIds,
  findRecord,
  translateDatabaseError,
} from '../../db/repositories/record.repository.js';
import type { Database, PledgeRow, TransitionCause } from '../../db/schema.js';
import { currentReader, visibilityCondition } from '../auth/visibility.js';
import { Conflict, NotFound, ProblemList, StaleVersion, UnknownReference } from '../errors.js';
import { actorNames } from '../shared/actor-names.js';
import { type Clock, systemClock } from '../shared/clock.js';
import { newId } from '../shared/ids.js';
import type { Actor } from '../shared/record.service.js';
import { checkDate, checkText, quantityFromColumn, timestamp } from '../shared/values.js';
import type { Pledge, PledgeTransition, PledgeTransitionRequest } from './pledge.schema.js';
import { pledgeKind } from './pledge.service.js';
import {
  type Decimal,
  exceedsCode,
  type PledgeAction,
  type PledgeEffect,
  type PledgeState,
  type PledgeStatus,
  planPledgeTransition,
  pledgeStatusOf,
} from './pledge-lifecycle.js';

/** A lifecycle step to apply to a pledge inside the caller's transaction. */
export interface PledgeStageChange {
  readonly pledge_id: string;
  readonly action: PledgeAction;
  /** Omitted: all there is (see planPledgeTransition). */
  readonly quantity?: number | undefined;
  readonly source_id?: string | null | undefined;
  readonly note?: string | null | undefined;
  /** The allocation, shipment or receipt that takes the step; readers who cannot see it do not see the step. */
  readonly cause?: TransitionCauseRef | undefined;
  readonly actor: Actor;
  /** The version the caller read (If-Match); when given and no longer current, 412 stale_version. */
  readonly expected_version?: number | undefined;
  /**
   * The day the step took effect, with `today` (the data's clock) to check it against: not before the
   * pledge's announcement or previous step, not after today. Omitted with `today`: today, or the previous
   * step's day when that is later. Both omitted: the day it is recorded.
   */
  readonly effective_on?: string | undefined;
  readonly today?: string | undefined;
}

export interface PledgeStageChangeResult {
  readonly before: Pledge;
  readonly pledge: Pledge;
  readonly transition: PledgeTransition;
}

/** A row of the pledge's history, as recordPledgeTransition takes it. */
export interface PledgeTransitionInput {
  readonly pledge_id: string;
  readonly action: PledgeAction;
  readonly quantity: Decimal;
  readonly from_status: PledgeStatus;
  readonly to_status: PledgeStatus;
  readonly source_id?: string | null | undefined;
  readonly note?: string | null | undefined;
  readonly effective_on?: string | null | undefined;
  readonly cause?: TransitionCauseRef | undefined;
  readonly actor: Actor;
}

/** The record behind a step of a pledge's history. */
export interface TransitionCauseRef {
  readonly type: TransitionCause;
  readonly id: string;
}

function columnOf(effect: PledgeEffect): { column: PledgeQuantityColumn; delta: string } | undefined {
  switch (effect.kind) {
    case 'stage':
      return { column: `${effect.stage}_quantity`, delta: effect.delta };
    case 'withdraw':
      return { column: 'quantity', delta: effect.delta };
    case 'close':
      return undefined;
  }
}

/** A pledge row as the lifecycle state machine reads it. */
export function stateOf(row: PledgeRow): PledgeState {
  return {
    status: row.status as PledgeStatus,
    quantity: row.quantity,
    stages: {
      committed: row.committed_quantity,
      allocated: row.allocated_quantity,
      shipped: row.shipped_quantity,
      delivered: row.delivered_quantity,
      in_service: row.in_service_quantity,
    },
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The ids a note names. */
function idsIn(note: string | null): string[] {
  return note ? [...note.matchAll(UUID)].map((match) => match[0].toLowerCase()) : [];
}

/** The note with every id the reader may not see replaced by "(not visible)". */
export function redactedNote(note: string | null, seen: ReadonlySet<string>): string | null {
  return note === null
    ? null
    : note.replace(UUID, (id) => (seen.has(id.toLowerCase()) ? id : '(not visible)'));
}

function transitionOf(row: PledgeTransitionRow): PledgeTransition {
  return {
    id: row.id,
    pledge_id: row.pledge_id,
    action: row.action as PledgeAction,
    quantity: quantityFromColumn(row.quantity),
    from_status: row.from_status as PledgeStatus,
    to_status: row.to_status as PledgeStatus,
    source_id: row.source_id,
    note: row.note,
    at: timestamp(row.at),
    effective_on: row.effective_on ?? timestamp(row.at).slice(0, 10),
    actor: row.actor,
  };
}

/** Appends one step to a pledge's history (ship and deliver record theirs through this too). */
export async function recordPledgeTransition(
  trx: Executor,
  input: PledgeTransitionInput,
): Promise<PledgeTransition> {
  const row = await insertPledgeTransition(trx, {
    id: newId(),
    pledge_id: input.pledge_id,
    action: input.action,
    quantity: input.quantity,
    from_status: input.from_status,
    to_status: input.to_status,
    source_id: input.source_id ?? null,
    note: input.note ?? null,
    effective_on: input.effective_on ?? null,
    cause_type: input.cause?.type ?? null,
    cause_id: input.cause?.id ?? null,
    actor: input.actor.id,
  });
  return transitionOf(row);
}

/**
 * Sets a pledge's status to the furthest stage holding a quantity (cancelled and expired stay), for
 * code that moved a stage quantity with its own UPDATE; locks the pledge row. Changes no version.
 */
export async function refreshPledgeStatus(
  trx: Executor,
  pledgeId: string,
): Promise<{ from_status: PledgeStatus; to_status: PledgeStatus }> {
  const row = await findPledgeForUpdate(trx, pledgeId);
  if (!row) throw NotFound('pledge', pledgeId);
  const from_status = row.status as PledgeStatus;
  const to_status = pledgeStatusOf(stateOf(row));
  if (to_status !== from_status) await setPledgeStatus(trx, pledgeId, to_status);
  return { from_status, to_status };
}

/** The day a step takes effect (see PledgeStageChange.effective_on); 422 when it breaks the rules. */
async function effectiveDayOf(
  trx: Executor,
  row: PledgeRow,
  change: PledgeStageChange,
): Promise<string | undefined> {
  if (change.effective_on === undefined && change.today === undefined) return undefined;
  const lastStep = await findLastStepDay(trx, row.id);
  // Days as YYYY-MM-DD compare as text.
  const stepIsLater = lastStep !== undefined && lastStep.localeCompare(row.announced_on) > 0;
  const floor = stepIsLater ? lastStep : row.announced_on;
  if (change.effective_on === undefined) {
    const today = change.today as string;
    return today.localeCompare(floor) < 0 ? floor : today;
  }
  const problems = new ProblemList();
  if (change.effective_on < floor) {
    problems.add(
      'effective_on',
      `must not be before ${floor}, the day of the pledge's ${stepIsLater ? 'previous step' : 'announcement'}`,
    );
  } else if (change.today !== undefined && change.effective_on > change.today) {
    problems.add('effective_on', `must not be after ${change.today}, the day the data is as of`);
  }
  problems.throwIfAny();
  return change.effective_on;
}

/**
 * Applies one lifecycle step inside the caller's transaction: locks the pledge, lets the state machine
 * decide, moves the stage with an atomic UPDATE (the database's pledge_stage_bounds CHECK is the last
 * word), sets the status, and records the step in the history and the audit log.
 */
export async function changePledgeStage(
  trx: Executor,
  change: PledgeStageChange,
): Promise<PledgeStageChangeResult> {
  const id = change.pledge_id;
  // Only a pledge the request's reader may see takes a step (visibility.ts); others are 404.
  const row = await findPledgeForUpdate(trx, id, visibilityCondition('pledge', currentReader()));
  if (!row) throw NotFound('pledge', id);
  if (change.expected_version !== undefined && row.version !== change.expected_version) {
    throw StaleVersion('pledge', id, row.version);
  }
  const problems = new ProblemList();
  checkText(problems, 'note', change.note, 4000);
  checkDate(problems, 'effective_on', change.effective_on);
  problems.throwIfAny();
  const effectiveOn = await effectiveDayOf(trx, row, change);
  if (change.source_id && !(await findExistingIds(trx, 'source', [change.source_id])).has(change.source_id)) {
    throw UnknownReference([{ field: 'source_id', message: `no source with id ${change.source_id}` }]);
  }
  const plan = planPledgeTransition(stateOf(row), change.action, change.quantity);
  let updated: PledgeRow | undefined;
  try {
    updated = await updatePledgeLifecycle(trx, id, {
      add: columnOf(plan.effect),
      status: plan.to_status,
      actor: change.actor.id,
    });
  } catch (error) {
    if (violatedCheck(error) === 'pledge_stage_bounds') {
      throw Conflict(
        exceedsCode(change.action),
        `the ${change.action} would break the pledge's stage bounds`,
      );
    }
    throw translateDatabaseError(error, 'pledge');
  }
  if (!updated) throw NotFound('pledge', id);
  if (plan.effect.kind === 'withdraw' && pledgeKind.afterWrite) {
    // The pledged quantity changed: derived values (valuation, duplicate flags) follow it.
    await pledgeKind.afterWrite(trx, id);
    updated = (await findRecord(trx, 'pledge', id)) ?? updated;
  }
  const before = pledgeKind.toEntity(row);
  const after = pledgeKind.toEntity(updated);
  const transition = await recordPledgeTransition(trx, {
    pledge_id: id,
    action: plan.action,
    quantity: plan.quantity,
    from_status: plan.from_status,
    to_status: plan.to_status,
    source_id: change.source_id,
    note: change.note,
    effective_on: effectiveOn,
    cause: change.cause,
    actor: change.actor,
  });
  await insertAuditEntry(trx, {
    actor: change.actor.id,
    action: 'update',
    entity_type: 'pledge',
    entity_id: id,
    before,
    after,
  });
  return { before, pledge: after, transition };
}

/** The lifecycle steps a client takes directly on a pledge; the others come with allocations, shipments, receipts. */
export type PledgeEndpointAction = 'commit' | 'put_in_service' | 'cancel' | 'expire';

export type PledgeTransitionService = ReturnType<typeof createPledgeTransitionService>;

/** Lifecycle steps on pledges and their history. */
export function createPledgeTransitionService(deps: { db: Kysely<Database>; clock?: Clock }) {
  const { db, clock = systemClock() } = deps;
  return {
    /** Takes one step; `expectedVersion` is the optional If-Match. Answers the pledge as it now is. */
    async take(
      id: string,
      action: PledgeEndpointAction,
      request: PledgeTransitionRequest,
      actor: Actor,
      expectedVersion?: number,
    ): Promise<Pledge> {
      const result = await db.transaction().execute((trx) =>
        changePledgeStage(trx, {
          pledge_id: id,
          action,
          quantity: request.quantity,
          source_id: request.source_id,
          note: request.note,
          actor,
          expected_version: expectedVersion,
          effective_on: request.effective_on,
          today: clock.today(),
        }),
      );
      return result.pledge;
    },

    /**
     * The steps of several pledges, per pledge oldest first (without actor names), for exports: the
     * same steps `history` shows the reader — none of a pledge they may not see, none caused by an
     * allocation, shipment or receipt they may not see, no hidden id in a note.
     */
    async historiesOf(ids: readonly string[]): Promise<Map<string, PledgeTransition[]>> {
      const reader = currentReader();
      const visible = new Set(
        (await listPledgeTransitionsOf(db, ids, visibilityCondition('pledge', reader))).map(
          (row) => row.pledge_id,
        ),
      );
      const histories = new Map<string, PledgeTransition[]>();
      for (const id of ids) {
        if (!visible.has(id)) continue;
        const rows = await listVisibleTransitions(db, id, reader);
        const named = new Set(rows.flatMap((row) => idsIn(row.note)));
        const seen = await findVisibleRecordIds(db, [...named], reader);
        histories.set(
          id,
          rows.map((row) => ({ ...transitionOf(row), note: redactedNote(row.note, seen) })),
        );
      }
      return histories;
    },

    /**
     * The steps of the pledge the reader may see, oldest first: a step caused by an allocation,
     * shipment or receipt they cannot see is left out (its quantity would tell of it), and an id in
     * a note that names a record they cannot see is replaced (docs/figures.md).
     */
    async history(id: string): Promise<PledgeTransition[]> {
      const reader = currentReader();
      const visible = visibilityCondition('pledge', reader);
      if (!(await findRecord(db, 'pledge', id, false, visible))) throw NotFound('pledge', id);
      const rows = await listVisibleTransitions(db, id, reader);
      const named = new Set(rows.flatMap((row) => idsIn(row.note)));
      const seen = await findVisibleRecordIds(db, [...named], reader);
      const transitions = rows.map((row) => ({ ...transitionOf(row), note: redactedNote(row.note, seen) }));
      const names = await actorNames(
        db,
        transitions.map((t) => t.actor),
      );
      return transitions.map((t) => ({ ...t, actor_name: names.get(t.actor) ?? t.actor }));
    },
  };
}
