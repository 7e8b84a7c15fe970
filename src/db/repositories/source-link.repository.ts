import type { Expression, SqlBool } from 'kysely';
import type { Executor } from './record.repository.js';

/** The source's links that meet `visible` (the record each one names is one the reader may see). */
export async function listSourceLinks(db: Executor, sourceId: string, visible: Expression<SqlBool>) {
  return db
    .selectFrom('source_link')
    .select(['entity_type', 'entity_id'])
    .where('source_id', '=', sourceId)
    .where(visible)
    .orderBy('entity_type')
    .orderBy('entity_id')
    .execute();
}

/** Inserts the link unless it exists; answers whether it was new. */
export async function insertSourceLink(
  db: Executor,
  link: { source_id: string; entity_type: string; entity_id: string; created_by: string },
): Promise<boolean> {
  const rows = await db
    .insertInto('source_link')
    .values(link)
    .onConflict((oc) => oc.doNothing())
    .returning('source_id')
    .execute();
  return rows.length > 0;
}

export async function deleteSourceLink(
  db: Executor,
  link: { source_id: string; entity_type: string; entity_id: string },
): Promise<boolean> {
  const result = await db
    .deleteFrom('source_link')
    .where('source_id', '=', link.source_id)
    .where('entity_type', '=', link.entity_type)
    .where('entity_id', '=', link.entity_id)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
