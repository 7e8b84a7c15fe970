import {
  type Expression,
  type Kysely,
  type Selectable,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
  type Transaction,
} from 'kysely';
import { Conflict, DomainError } from '../../core/errors.js';
import type { Database } from '../schema.js';

/** Repository functions take the pool or a transaction alike. */
export type Executor = Kysely<Database> | Transaction<Database>;

/** Tables whose rows are records with the common columns (owner, classification, version...). */
export type RecordTable =
  | 'organisation'
  | 'region'
  | 'item'
  | 'event'
  | 'need'
  | 'pledge'
  | 'source'
  | 'allocation'
  | 'shipment'
  | 'receipt'
  | 'incident'
  | 'need_rule'
  | 'production_line'
  | 'material'
  | 'material_input'
  | 'consumption_profile'
  | 'grid_asset'
  | 'repair_project'
  | 'money_pledge'
  | 'fund_allocation';

export type RecordRow<T extends RecordTable> = Selectable<Database[T]> & { id: string; version: number };

/**
 * The generic functions below address a table chosen at run time, which Kysely's types cannot follow;
 * they go through an untyped view and give typed rows back to the caller.
 */
// biome-ignore lint/suspicious/noExplicitAny: table name is a run-time value; rows are re-typed at the boundary.
type Untyped = Kysely<any>;
const untyped = (db: Executor) => db as unknown as Untyped;

export interface SortKey {
  /** A non-null column of the table. */
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

export interface PageRequest {
  readonly sort: SortKey;
  readonly after?: readonly [unknown, string] | undefined;
  readonly limit: number;
}

/** The record, if it exists and meets `visible` (the reader's visibility condition on `table`). */
export async function findRecord<T extends RecordTable>(
  db: Executor,
  table: T,
  id: string,
  forUpdate = false,
  visible?: Expression<SqlBool>,
) {
  let query = untyped(db)
    .selectFrom(table as string)
    .selectAll()
    .where('id', '=', id);
  if (visible) query = query.where(visible);
  if (forUpdate) query = query.forUpdate();
  return (await query.executeTakeFirst()) as RecordRow<T> | undefined;
}

export async function insertRecord<T extends RecordTable>(
  db: Executor,
  table: T,
  values: Record<string, unknown>,
): Promise<RecordRow<T>> {
  try {
    return (await untyped(db)
      .insertInto(table as string)
      .values(values)
      .returningAll()
      .executeTakeFirstOrThrow()) as RecordRow<T>;
  } catch (error) {
    throw translateDatabaseError(error, table);
  }
}

/** Applies a change only if the row is still at the expected version (optimistic concurrency). */
export async function updateRecordAtVersion<T extends RecordTable>(
  db: Executor,
  table: T,
  id: string,
  expectedVersion: number,
  values: Record<string, unknown>,
): Promise<RecordRow<T> | undefined> {
  try {
    return (await untyped(db)
      .updateTable(table as string)
      .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst()) as RecordRow<T> | undefined;
  } catch (error) {
    throw translateDatabaseError(error, table);
  }
}

export async function deleteRecordAtVersion<T extends RecordTable>(
  db: Executor,
  table: T,
  id: string,
  expectedVersion: number,
): Promise<RecordRow<T> | undefined> {
  try {
    return (await untyped(db)
      .deleteFrom(table as string)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst()) as RecordRow<T> | undefined;
  } catch (error) {
    throw translateDatabaseError(error, table);
  }
}

/** Keyset pagination on (sort column, id): stable under inserts, one index range scan per page. */
export async function listRecordPage<T extends RecordTable>(
  db: Executor,
  table: T,
  page: PageRequest,
  narrow: (query: SelectQueryBuilder<Database, T, object>) => SelectQueryBuilder<Database, T, object>,
): Promise<RecordRow<T>[]> {
  const { column, direction } = page.sort;
  const base = untyped(db).selectFrom(table as string) as unknown as SelectQueryBuilder<Database, T, object>;
  let query = (narrow(base) as unknown as ReturnType<Untyped['selectFrom']>).selectAll();
  if (page.after) {
    const [value, id] = page.after;
    const op = direction === 'asc' ? sql.raw('>') : sql.raw('<');
    query = query.where(
      sql<boolean>`(${sql.ref(`${table}.${column}`)}, ${sql.ref(`${table}.id`)}) ${op} (${value}, ${id})`,
    );
  }
  return (await query
    .orderBy(sql.ref(`${table}.${column}`), direction)
    .orderBy(sql.ref(`${table}.id`), direction)
    .limit(page.limit)
    .execute()) as unknown as RecordRow<T>[];
}

/**
 * The subset of `ids` that exist in `table` (and meet `visible`, the reader's visibility condition
 * on `table`); used to report every unknown reference at once.
 */
export async function findExistingIds(
  db: Executor,
  table: RecordTable,
  ids: readonly string[],
  visible?: Expression<SqlBool>,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  let query = untyped(db)
    .selectFrom(table as string)
    .select('id')
    .where('id', 'in', [...ids]);
  if (visible) query = query.where(visible);
  const rows = (await query.execute()) as { id: string }[];
  return new Set(rows.map((row) => row.id));
}

const PG_FOREIGN_KEY_VIOLATION = '23503';
const PG_UNIQUE_VIOLATION = '23505';
const PG_CHECK_VIOLATION = '23514';
const PG_INSUFFICIENT_PRIVILEGE = '42501';

/** Turns constraint violations into the stable errors of the API; anything else stays a 500. */
export function translateDatabaseError(error: unknown, table: string): unknown {
  const pgError = error as { code?: string; constraint?: string; detail?: string };
  switch (pgError.code) {
    case PG_FOREIGN_KEY_VIOLATION:
      return pgError.detail?.includes('is still referenced')
        ? Conflict('in_use', `this ${table} is still referenced by other records and cannot be deleted`)
        : new DomainError('unknown_reference', 422, `the ${table} refers to a record that does not exist`);
    case PG_UNIQUE_VIOLATION:
      return Conflict(
        'duplicate',
        `a ${table} with the same ${uniqueFieldOf(pgError.constraint)} already exists`,
      );
    case PG_CHECK_VIOLATION:
      return new DomainError(
        'invalid_record',
        422,
        `the ${table} breaks the rule ${pgError.constraint ?? ''}`.trim(),
      );
    case PG_INSUFFICIENT_PRIVILEGE:
      // Row-level security refused a row its writer could not read back (migration 0008).
      return (error as Error).message?.includes('row-level security') ? notVisibleToWriter(table) : error;
    default:
      return error;
  }
}

/** A create or change that would leave a record its writer may not read. */
export function notVisibleToWriter(table: string): DomainError {
  return new DomainError(
    'invalid_record',
    422,
    `the ${table} would not be visible to you: give it your organisation as owner or a classification within your clearance`,
    [
      {
        field: 'classification',
        message: 'the record would not be visible to you with this owner and classification',
      },
    ],
  );
}

function uniqueFieldOf(constraint: string | undefined): string {
  if (!constraint) return 'key';
  return constraint.replace(/^[a-z]+_/, '').replace(/_key$/, '');
}
