import { type Expression, type Insertable, type Selectable, type SqlBool, sql } from 'kysely';
import type { PledgeRow, PledgeTransitionTable } from '../schema.js';
import type { Executor } from './record.repository.js';

export type PledgeTransitionRow = Selectable<PledgeTransitionTable>;

/** The pledge columns a lifecycle step may move. */
export type PledgeQuantityColumn =
  | 'quantity'
  | 'committed_quantity'
  | 'allocated_quantity'
  | 'shipped_quantity'
  | 'delivered_quantity'
  | 'in_service_quantity';

/**
 * Reads a pledge and locks it until the transaction ends, so its stages cannot move meanwhile. The lock
 * is FOR NO KEY UPDATE: it does not wait for, nor deadlock with, the key-share locks that inserts
 * referencing the pledge (allocations, shipment lines, transitions) take.
 */
export async function findPledgeForUpdate(
  db: Executor,
  id: string,
  visible: Expression<SqlBool> = sql<SqlBool>`true`,
): Promise<PledgeRow | undefined> {
  return db
    .selectFrom('pledge')
    .selectAll()
    .where('id', '=', id)
    .where(visible)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

export interface PledgeLifecycleUpdate {
  /** Adds the signed decimal `delta` to this column, in SQL; the pledge_stage_bounds CHECK guards it. */
  readonly add?: { readonly column: PledgeQuantityColumn; readonly delta: string } | undefined;
  readonly status: string;
  readonly actor: string;
}

/**
 * One atomic UPDATE of a pledge's stage and status, with a new version. A stage that would leave its
 * bounds raises PostgreSQL check violation 23514 on pledge_stage_bounds (see violatedCheck).
 */
export async function updatePledgeLifecycle(
  db: Executor,
  id: string,
  update: PledgeLifecycleUpdate,
): Promise<PledgeRow | undefined> {
  const added = update.add
    ? { [update.add.column]: sql`${sql.ref(update.add.column)} + ${update.add.delta}::numeric` }
    : {};
  return db
    .updateTable('pledge')
    .set({
      ...added,
      status: update.status,
      version: sql`version + 1`,
      updated_at: sql`now()`,
      updated_by: update.actor,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Sets only the status (the caller's own UPDATE of the stage already gave the row a new version). */
export async function setPledgeStatus(db: Executor, id: string, status: string): Promise<void> {
  await db.updateTable('pledge').set({ status }).where('id', '=', id).execute();
}

export async function insertPledgeTransition(
  db: Executor,
  row: Omit<Insertable<PledgeTransitionTable>, 'at'>,
): Promise<PledgeTransitionRow> {
  // clock_timestamp, not now(): several steps in one transaction keep their order in the history.
  return db
    .insertInto('pledge_transition')
    .values({ ...row, at: sql`clock_timestamp()` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The day the pledge's latest step took effect (its recorded day when not given), or undefined before any step. */
export async function findLastStepDay(db: Executor, pledgeId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('pledge_transition')
    .select(sql<string | null>`max(COALESCE(effective_on, (at AT TIME ZONE 'UTC')::date))::text`.as('day'))
    .where('pledge_id', '=', pledgeId)
    .executeTakeFirst();
  return row?.day ?? undefined;
}

export async function listPledgeTransitions(db: Executor, pledgeId: string): Promise<PledgeTransitionRow[]> {
  return db
    .selectFrom('pledge_transition')
    .selectAll()
    .where('pledge_id', '=', pledgeId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** The steps of several pledges, those whose pledge passes `visible`, per pledge oldest first. */
export async function listPledgeTransitionsOf(
  db: Executor,
  pledgeIds: readonly string[],
  visible: Expression<SqlBool>,
): Promise<PledgeTransitionRow[]> {
  if (pledgeIds.length === 0) return [];
  return db
    .selectFrom('pledge_transition')
    .innerJoin('pledge', 'pledge.id', 'pledge_transition.pledge_id')
    .selectAll('pledge_transition')
    .where('pledge_transition.pledge_id', 'in', pledgeIds)
    .where(visible)
    .orderBy('pledge_transition.pledge_id')
    .orderBy('pledge_transition.at')
    .orderBy('pledge_transition.id')
    .execute();
}

/** The name of the CHECK constraint a statement broke, or undefined for any other error. */
export function violatedCheck(error: unknown): string | undefined {
  const pgError = error as { code?: string; constraint?: string } | null;
  return pgError?.code === '23514' ? pgError.constraint : undefined;
}
