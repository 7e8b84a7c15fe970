import { sql } from 'kysely';
import type { Executor } from './record.repository.js';

/** Saved import mappings (migration 0038): one organisation's, or the operator's (org null). */

export interface SavedMappingRow {
  name: string;
  mapping: unknown;
  updated_by: string;
  updated_at: Date;
}

const sameOrg = (orgId: string | null) =>
  orgId === null ? sql<boolean>`org_id IS NULL` : sql<boolean>`org_id = ${orgId}::uuid`;

export async function listMappings(db: Executor, orgId: string | null): Promise<SavedMappingRow[]> {
  return db
    .selectFrom('import_mapping')
    .select(['name', 'mapping', 'updated_by', 'updated_at'])
    .where(sameOrg(orgId))
    .orderBy(sql`lower(name)`)
    .execute();
}

export async function findMapping(
  db: Executor,
  orgId: string | null,
  name: string,
): Promise<SavedMappingRow | undefined> {
  return db
    .selectFrom('import_mapping')
    .select(['name', 'mapping', 'updated_by', 'updated_at'])
    .where(sameOrg(orgId))
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .executeTakeFirst();
}

/** Inserts or replaces the mapping of that name (any case); answers whether it was new. */
export async function upsertMapping(
  db: Executor,
  row: { id: string; orgId: string | null; name: string; mapping: string; actor: string },
): Promise<boolean> {
  const result = await sql<{ created: boolean }>`
    INSERT INTO import_mapping (id, org_id, name, mapping, created_by, updated_by)
    VALUES (${row.id}, ${row.orgId}, ${row.name}, ${row.mapping}::jsonb, ${row.actor}, ${row.actor})
    ON CONFLICT (COALESCE(org_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name))
    DO UPDATE SET name = excluded.name, mapping = excluded.mapping, updated_by = excluded.updated_by, updated_at = now()
    RETURNING (xmax = 0) AS created`.execute(db);
  return result.rows[0]?.created === true;
}

export async function deleteMapping(db: Executor, orgId: string | null, name: string): Promise<boolean> {
  const result = await db
    .deleteFrom('import_mapping')
    .where(sameOrg(orgId))
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
