import { type Expression, type Selectable, type SqlBool, sql } from 'kysely';
import type { AllocationTable, NeedRow } from '../schema.js';
import type { Executor } from './record.repository.js';

export type AllocationRow = Selectable<AllocationTable> & { id: string; version: number };

/*
 * Locks are FOR NO KEY UPDATE: they keep the row's quantities still until the transaction ends, yet
 * neither wait for nor deadlock with the key-share locks that inserts referencing the row take (a new
 * allocation locks its pledge and need that way).
 */

/** The allocation, if it exists and meets `visible` (the reader's visibility condition), locked. */
export async function findAllocationForUpdate(
  db: Executor,
  id: string,
  visible: Expression<SqlBool> = sql<SqlBool>`true`,
): Promise<AllocationRow | undefined> {
  return db
    .selectFrom('allocation')
    .selectAll()
    .where('id', '=', id)
    .where(visible)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

export async function findNeedForUpdate(db: Executor, id: string): Promise<NeedRow | undefined> {
  return db.selectFrom('need').selectAll().where('id', '=', id).forNoKeyUpdate().executeTakeFirst();
}

/** Records a decision (accepted or rejected) on an allocation, taking effect `on` a day, with a new version. */
export async function decideAllocation(
  db: Executor,
  id: string,
  decision: { readonly status: string; readonly actor: string; readonly on?: string | undefined },
): Promise<AllocationRow | undefined> {
  return db
    .updateTable('allocation')
    .set({
      status: decision.status,
      decided_at: sql`now()`,
      decided_by: decision.actor,
      decided_on: decision.on ?? null,
      version: sql`version + 1`,
      updated_at: sql`now()`,
      updated_by: decision.actor,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Adds the signed decimal `delta` to a need's allocated quantity in one atomic UPDATE; going past the
 * need's quantity raises check violation 23514 on need_stage_bounds, whatever runs concurrently.
 */
export async function addToNeedAllocated(db: Executor, needId: string, delta: string): Promise<boolean> {
  const row = await db
    .updateTable('need')
    .set({ allocated_quantity: sql`allocated_quantity + ${delta}::numeric` })
    .where('id', '=', needId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
