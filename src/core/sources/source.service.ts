import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import { findExistingIds, findRecord } from '../../db/repositories/record.repository.js';
import {
  deleteSourceLink,
  insertSourceLink,
  listSourceLinks,
} from '../../db/repositories/source-link.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader, type Reader, readerOf, visibilityCondition } from '../auth/visibility.js';
import { DomainError, NotFound, ProblemList, UnknownReference } from '../errors.js';
import { type Actor, createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkDate, checkText, metaOf } from '../shared/values.js';
import type {
  LinkableEntity,
  Source,
  SourceCreate,
  SourceFilters,
  SourceLink,
  SourcePatch,
} from './source.schema.js';

function validateSource(source: {
  title?: string;
  publisher?: string;
  notes?: string | null;
  published_on?: string | null;
}) {
  const problems = new ProblemList();
  checkText(problems, 'title', source.title, 500);
  checkText(problems, 'publisher', source.publisher, 200);
  checkText(problems, 'notes', source.notes, 4000);
  checkDate(problems, 'published_on', source.published_on);
  problems.throwIfAny();
}

export const sourceKind: RecordKind<'source', Source, SourceCreate, SourcePatch, SourceFilters> = {
  entity: 'source',
  table: 'source',
  sorts: { created: 'id', title: 'title', publisher: 'publisher' },
  defaultSort: 'created',
  toEntity: (row) => ({
    id: row.id,
    url: row.url,
    title: row.title,
    publisher: row.publisher,
    published_on: row.published_on,
    kind: row.kind as Source['kind'],
    notes: row.notes,
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    validateSource(input);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      url: input.url ?? null,
      title: input.title.trim(),
      publisher: input.publisher.trim(),
      published_on: input.published_on ?? null,
      kind: input.kind,
      notes: input.notes ?? null,
      owner_org_id: input.owner_org_id,
      classification: input.classification ?? 'public',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch) {
    validateSource({ ...current, ...patch });
    return { ...patch };
  },
  narrow(query, filters) {
    let q = query;
    if (filters.publisher) q = q.where('source.publisher', '=', filters.publisher);
    if (filters.kind) q = q.where('source.kind', '=', filters.kind);
    if (filters.entity_type || filters.entity_id) {
      const { entity_type, entity_id } = filters;
      q = q.where((eb) => {
        let links = eb.selectFrom('source_link').select('source_link.source_id');
        if (entity_type) links = links.where('source_link.entity_type', '=', entity_type);
        if (entity_id) links = links.where('source_link.entity_id', '=', entity_id);
        // A link counts only where its reader may see the record it supports.
        return eb('source.id', 'in', links.where(linkedRecordVisible(currentReader())));
      });
    }
    return q;
  },
};

const LINKABLE: readonly LinkableEntity[] = [
  'organisation',
  'region',
  'item',
  'event',
  'need',
  'pledge',
  'incident',
  'need_rule',
];

/** The record a `source_link` row names is one the reader may see (true for the system). */
function linkedRecordVisible(reader: Reader | null): RawBuilder<SqlBool> {
  if (reader === null) return sql<SqlBool>`true`;
  const byKind = LINKABLE.map(
    (kind) => sql<SqlBool>`(source_link.entity_type = ${kind} AND EXISTS (
      SELECT 1 FROM ${sql.table(`public.${kind}`)} AS linked
       WHERE linked.id = source_link.entity_id AND ${visibilityCondition(kind, reader, 'linked')}))`,
  );
  return sql<SqlBool>`(${sql.join(byKind, sql` OR `)})`;
}

export type SourceService = ReturnType<typeof createSourceService>;

/** Provenance: documents and pages, and the records each one supports. */
export function createSourceService(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  const records = createRecordService(sourceKind, deps);

  /** The source must exist and be visible to the reader (null: the system). */
  async function requireSource(trx: Kysely<Database>, id: string, reader: Reader | null): Promise<void> {
    if (!(await findRecord(trx, 'source', id, false, visibilityCondition('source', reader)))) {
      throw NotFound('source', id);
    }
  }

  return {
    ...records,
    async links(sourceId: string): Promise<SourceLink[]> {
      const reader = currentReader();
      await requireSource(db, sourceId, reader);
      return (await listSourceLinks(db, sourceId, linkedRecordVisible(reader))) as SourceLink[];
    },
    /** Attaches the source to a record; linking twice is harmless. */
    async link(sourceId: string, link: SourceLink, actor: Actor): Promise<SourceLink[]> {
      await db.transaction().execute(async (trx) => {
        const reader = readerOf(actor);
        await requireSource(trx, sourceId, reader);
        const found = await findExistingIds(
          trx,
          link.entity_type,
          [link.entity_id],
          visibilityCondition(link.entity_type, reader),
        );
        if (!found.has(link.entity_id)) {
          throw UnknownReference([
            { field: 'entity_id', message: `no ${link.entity_type} with id ${link.entity_id}` },
          ]);
        }
        const added = await insertSourceLink(trx, { source_id: sourceId, ...link, created_by: actor.id });
        if (added) {
          await insertAuditEntry(trx, {
            actor: actor.id,
            action: 'link',
            entity_type: 'source',
            entity_id: sourceId,
            before: null,
            after: link,
          });
        }
      });
      return this.links(sourceId);
    },
    async unlink(sourceId: string, link: SourceLink, actor: Actor): Promise<void> {
      await db.transaction().execute(async (trx) => {
        await requireSource(trx, sourceId, readerOf(actor));
        if (!(await deleteSourceLink(trx, { source_id: sourceId, ...link }))) {
          throw new DomainError(
            'not_found',
            404,
            `source ${sourceId} is not linked to ${link.entity_type} ${link.entity_id}`,
          );
        }
        await insertAuditEntry(trx, {
          actor: actor.id,
          action: 'unlink',
          entity_type: 'source',
          entity_id: sourceId,
          before: link,
          after: null,
        });
      });
    },
  };
}
