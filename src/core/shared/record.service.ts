import type { Kysely, SelectQueryBuilder } from 'kysely';
import { insertAuditEntry, listAuditEntries } from '../../db/repositories/audit.repository.js';
import {
  deleteRecordAtVersion,
  type Executor,
  findExistingIds,
  findRecord,
  insertRecord,
  listRecordPage,
  notVisibleToWriter,
  type RecordRow,
  type RecordTable,
  updateRecordAtVersion,
} from '../../db/repositories/record.repository.js';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { currentReader, type Reader, readerOf, visibilityCondition } from '../auth/visibility.js';
import { type FieldProblem, InvalidRecord, NotFound, StaleVersion, UnknownReference } from '../errors.js';
import { actorNames } from './actor-names.js';
import { type CursorValue, cursorValue, decodeCursor, encodeCursor, InvalidCursor } from './cursor.js';
import { raiseDerivedRecords, SOURCE_TABLES } from './derived.js';
import { type CreateResult, createOnce } from './idempotency.js';
import { newId } from './ids.js';

export type { CreateResult };

export type Narrowing<T extends RecordTable> = SelectQueryBuilder<Database, T, object>;

export type { Actor };

/** Collects references to other records so that all unknown ones are reported in one error. */
export class ReferenceCheck {
  readonly wanted: { field: string; table: RecordTable; id: string }[] = [];
  expect(field: string, table: RecordTable, id: string | null | undefined): void {
    if (id) this.wanted.push({ field, table, id });
  }
}

/** What makes one kind of record different from another; the service does the rest. */
export interface RecordKind<T extends RecordTable, Entity, Create, Patch, Filters> {
  readonly entity: string;
  readonly table: T;
  /** API sort name → non-null column. */
  readonly sorts: Readonly<Record<string, string>>;
  readonly defaultSort: string;
  toEntity(row: RecordRow<T>): Entity;
  /** Validates a create and returns the column values; throws InvalidRecord listing every problem. */
  prepareCreate(input: Create, refs: ReferenceCheck): Record<string, unknown>;
  /** Validates the record as it would be after the patch and returns the changed columns. */
  preparePatch(current: Entity, patch: Patch, refs: ReferenceCheck): Record<string, unknown>;
  narrow(query: Narrowing<T>, filters: Filters): Narrowing<T>;
  /** Rules that need other records (a pledge's need must be of the same item); runs in the transaction. */
  checkConsistency?(trx: Executor, values: Record<string, unknown>): Promise<void>;
  /** Derived work after a create or update, in the same transaction (valuation, duplicate flags). */
  afterWrite?(trx: Executor, id: string): Promise<void>;
  /**
   * Figures derived from other records (stage quantities), replaced by what the reader may see of
   * them (docs/figures.md); every entity a read or write answers passes through here.
   */
  withFigures?(db: Executor, entities: Entity[], reader: Reader | null): Promise<Entity[]>;
}

export interface ListOptions {
  readonly cursor?: string | undefined;
  readonly limit?: number | undefined;
  readonly sort?: string | undefined;
}

export interface Page<Entity> {
  readonly items: Entity[];
  readonly next_cursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface RecordService<Entity, Create, Patch, Filters> {
  list(filters: Filters, options?: ListOptions): Promise<Page<Entity>>;
  get(id: string): Promise<Entity>;
  create(input: Create, actor: Actor, idempotencyKey?: string): Promise<CreateResult<Entity>>;
  update(id: string, expectedVersion: number, patch: Patch, actor: Actor): Promise<Entity>;
  remove(id: string, expectedVersion: number, actor: Actor): Promise<void>;
  history(id: string): Promise<AuditRecord[]>;
}

export interface AuditRecord {
  readonly seq: string;
  readonly at: string;
  readonly actor: string;
  /** The actor as people read it: a user's name, a token's name and organisation. */
  readonly actor_name: string;
  readonly action: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * Builds list/get/create/update/remove for one kind of record, with audit, versions and idempotency.
 *
 * Visibility (src/core/auth/visibility.ts): reads see only what their reader may see, the reader
 * being the actor of the request (currentReader(), as the routes pass no actor to reads); writes
 * use the actor they are given. A record the reader may not see does not exist for them: 404, and
 * a reference to it is an unknown reference. A write may not leave a record its writer cannot read.
 */
export function createRecordService<
  T extends RecordTable,
  Entity extends { id: string },
  Create,
  Patch,
  Filters,
>(
  kind: RecordKind<T, Entity, Create, Patch, Filters>,
  deps: { db: Kysely<Database> },
): RecordService<Entity, Create, Patch, Filters> {
  const { db } = deps;
  for (const column of Object.values(kind.sorts)) {
    // A sort column of unknown type would let a forged cursor reach PostgreSQL unchecked.
    if (!SORT_VALUES[column]) throw new Error(`${kind.entity}: no cursor check for sort column ${column}`);
  }

  async function checkReferences(trx: Executor, refs: ReferenceCheck, reader: Reader | null): Promise<void> {
    const byTable = new Map<RecordTable, string[]>();
    for (const ref of refs.wanted) byTable.set(ref.table, [...(byTable.get(ref.table) ?? []), ref.id]);
    const problems: FieldProblem[] = [];
    for (const [table, ids] of byTable) {
      const found = await findExistingIds(trx, table, ids, visibilityCondition(table, reader));
      for (const ref of refs.wanted) {
        if (ref.table === table && !found.has(ref.id)) {
          problems.push({ field: ref.field, message: `no ${table} with id ${ref.id}` });
        }
      }
    }
    if (problems.length > 0) throw UnknownReference(problems);
  }

  async function load(
    trx: Executor,
    id: string,
    reader: Reader | null,
    forUpdate = false,
  ): Promise<RecordRow<T>> {
    const row = await findRecord(trx, kind.table, id, forUpdate, visibilityCondition(kind.table, reader));
    if (!row) throw NotFound(kind.entity, id);
    return row as RecordRow<T>;
  }

  /** Derived work, then the row as written; refused when its writer could no longer read it. */
  async function rereadAfterWrite(trx: Executor, id: string, reader: Reader | null): Promise<RecordRow<T>> {
    await kind.afterWrite?.(trx, id);
    const row = await findRecord(trx, kind.table, id, false, visibilityCondition(kind.table, reader));
    if (!row) throw notVisibleToWriter(kind.table);
    return row as RecordRow<T>;
  }

  async function present(trx: Executor, entities: Entity[], reader: Reader | null): Promise<Entity[]> {
    return kind.withFigures ? kind.withFigures(trx, entities, reader) : entities;
  }

  async function presentOne(trx: Executor, entity: Entity, reader: Reader | null): Promise<Entity> {
    const [shown] = await present(trx, [entity], reader);
    if (!shown) throw new Error(`${kind.entity} ${entity.id}: no figures`);
    return shown;
  }

  return {
    async list(filters, options = {}) {
      const sortName = options.sort ?? kind.defaultSort;
      const descending = sortName.startsWith('-');
      const column = kind.sorts[descending ? sortName.slice(1) : sortName];
      if (!column) {
        throw InvalidRecord([
          {
            field: 'sort',
            message: `sort by one of ${Object.keys(kind.sorts).join(', ')} (prefix - for descending)`,
          },
        ]);
      }
      const limit = Math.min(Math.max(options.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
      const after = options.cursor ? decodeRecordCursor(options.cursor, sortName, column) : undefined;
      const rows = await listRecordPage(
        db,
        kind.table,
        { sort: { column, direction: descending ? 'desc' : 'asc' }, after, limit: limit + 1 },
        (query) => kind.narrow(query, filters).where(visibilityCondition(kind.table, currentReader())),
      );
      const items = rows.slice(0, limit);
      const last = items.at(-1) as Record<string, unknown> | undefined;
      const next_cursor =
        rows.length > limit && last ? encodeCursor([sortName, last[column], last.id]) : null;
      const entities = await present(
        db,
        items.map((row) => kind.toEntity(row)),
        currentReader(),
      );
      return { items: entities, next_cursor };
    },

    async get(id) {
      const reader = currentReader();
      return presentOne(db, kind.toEntity(await load(db, id, reader)), reader);
    },

    async create(input, actor, idempotencyKey) {
      const refs = new ReferenceCheck();
      const values = kind.prepareCreate(input, refs);
      const reader = readerOf(actor);
      return db.transaction().execute((trx) =>
        createOnce(trx, kind.entity, actor, idempotencyKey, input, async () => {
          await checkReferences(trx, refs, reader);
          await kind.checkConsistency?.(trx, values);
          const inserted = await insertRecord(trx, kind.table, {
            id: newId(),
            ...values,
            created_by: actor.id,
            updated_by: actor.id,
          });
          const row =
            kind.afterWrite || mayNotSee(reader)
              ? await rereadAfterWrite(trx, inserted.id, reader)
              : inserted;
          const entity = kind.toEntity(row);
          await insertAuditEntry(trx, {
            actor: actor.id,
            action: 'create',
            entity_type: kind.entity,
            entity_id: entity.id,
            before: null,
            after: entity,
          });
          // A record just created has no other records pointing at it yet: its figures are its own.
          return entity;
        }),
      );
    },

    async update(id, expectedVersion, patch, actor) {
      const reader = readerOf(actor);
      return db.transaction().execute(async (trx) => {
        const current = await load(trx, id, reader);
        if (current.version !== expectedVersion) throw StaleVersion(kind.entity, id, current.version);
        const before = kind.toEntity(current);
        const refs = new ReferenceCheck();
        const values = kind.preparePatch(before, patch, refs);
        await checkReferences(trx, refs, reader);
        await kind.checkConsistency?.(trx, { ...current, ...values });
        const updated = await updateRecordAtVersion(trx, kind.table, id, expectedVersion, {
          ...values,
          updated_by: actor.id,
        });
        // Another transaction changed the row between our read and our write.
        if (!updated) throw StaleVersion(kind.entity, id, (await load(trx, id, reader)).version);
        const row = kind.afterWrite || mayNotSee(reader) ? await rereadAfterWrite(trx, id, reader) : updated;
        const after = kind.toEntity(row);
        await insertAuditEntry(trx, {
          actor: actor.id,
          action: 'update',
          entity_type: kind.entity,
          entity_id: id,
          before,
          after,
        });
        // Records derived from this one follow it up (classification.ts, derived.ts).
        if (SOURCE_TABLES.has(kind.table) && levelChanged(before, after)) {
          await raiseDerivedRecords(trx, { table: kind.table, id }, actor);
        }
        return presentOne(trx, after, reader);
      });
    },

    async remove(id, expectedVersion, actor) {
      const reader = readerOf(actor);
      await db.transaction().execute(async (trx) => {
        const current = await load(trx, id, reader);
        if (current.version !== expectedVersion) throw StaleVersion(kind.entity, id, current.version);
        const row = await deleteRecordAtVersion(trx, kind.table, id, expectedVersion);
        if (!row) throw StaleVersion(kind.entity, id, (await load(trx, id, reader)).version);
        await insertAuditEntry(trx, {
          actor: actor.id,
          action: 'delete',
          entity_type: kind.entity,
          entity_id: id,
          before: kind.toEntity(row),
          after: null,
        });
      });
    },

    async history(id) {
      await load(db, id, currentReader());
      const entries = await listAuditEntries(db, kind.entity, id);
      const names = await actorNames(
        db,
        entries.map((entry) => entry.actor),
      );
      return entries.map((entry) => ({
        seq: entry.seq,
        at: entry.at.toISOString(),
        actor: entry.actor,
        actor_name: names.get(entry.actor) ?? entry.actor,
        action: entry.action,
        before: entry.before,
        after: entry.after,
      }));
    },
  };
}

/** Whether an update changed the classification or the embargo of a record. */
function levelChanged(before: unknown, after: unknown): boolean {
  const level = (entity: unknown) => {
    const { classification, embargo_until } = entity as { classification?: unknown; embargo_until?: unknown };
    return `${String(classification)} ${String(embargo_until)}`;
  };
  return level(before) !== level(after);
}

/** Whether some record could be invisible to the reader (restricted clearance sees them all). */
function mayNotSee(reader: Reader | null): boolean {
  return reader !== null && reader.clearance !== 'restricted';
}

/** The type of each column lists sort by (by name: a name means one type in every table). */
const SORT_VALUES: Readonly<Record<string, CursorValue>> = {
  id: cursorValue.uuid,
  name: cursorValue.text,
  code: cursorValue.text,
  category: cursorValue.text,
  reference: cursorValue.text,
  origin_hub: cursorValue.text,
  title: cursorValue.text,
  publisher: cursorValue.text,
  week: cursorValue.text,
  quantity: cursorValue.numeric,
  announced_on: cursorValue.date,
  needed_by: cursorValue.date,
  starts_on: cursorValue.date,
  stock_as_of: cursorValue.date,
  occurred_at: cursorValue.timestamp,
  priority: cursorValue.oneOf('critical', 'high', 'medium', 'low'),
};

/** A cursor is [sort name, sort value, id]; 400 invalid_cursor unless each is of its column's type. */
function decodeRecordCursor(cursor: string, sort: string, column: string): readonly [unknown, string] {
  const check = SORT_VALUES[column];
  if (!check) throw InvalidCursor();
  const [, value, id] = decodeCursor(cursor, [sort, check, cursorValue.uuid]);
  return [value, id as string];
}
