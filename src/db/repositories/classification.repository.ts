import { sql } from 'kysely';
import type { Classification } from '../../core/auth/actor.js';
import type { Executor } from './record.repository.js';

/** Tables whose rows other records are derived from (migration 0010). */
export type SourceTable = 'pledge' | 'need' | 'allocation' | 'shipment' | 'incident' | 'need_rule';

/**
 * The classification and embargo of each source row named, whatever the reader may see of it
 * (aidgrid_source_classifications, SECURITY DEFINER, levels and dates only): the floor of a derived
 * record is its sources', not the part of them its writer happens to see.
 */
export async function findSourceClassifications(
  db: Executor,
  table: SourceTable,
  ids: readonly string[],
): Promise<{ classification: Classification; embargo_until: string | null }[]> {
  if (ids.length === 0) return [];
  const result = await sql<{ classification: Classification; embargo_until: string | null }>`
    SELECT classification, embargo_until
      FROM aidgrid_source_classifications(${table}, ${sql.val([...ids])}::uuid[])`.execute(db);
  return result.rows;
}

/** The allocations a shipment's lines are shipped against, in id order. */
export async function findShipmentAllocationIds(db: Executor, shipmentId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('shipment_line')
    .select('allocation_id')
    .distinct()
    .where('shipment_id', '=', shipmentId)
    .orderBy('allocation_id')
    .execute();
  return rows.map((row) => row.allocation_id);
}

/**
 * Sets a shipment's classification and embargo to what its lines call for: in the transaction that
 * created it (same version), or later with a new version that the caller audits.
 */
export async function setShipmentClassification(
  db: Executor,
  id: string,
  values: { classification: Classification; embargo_until: string | null },
  change: { actorId: string; newVersion: boolean },
) {
  return db
    .updateTable('shipment')
    .set({
      classification: values.classification,
      embargo_until: values.embargo_until,
      ...(change.newVersion
        ? { version: sql<number>`version + 1`, updated_at: sql<Date>`now()`, updated_by: change.actorId }
        : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Record kinds derived from others, which a raise of their sources may raise in turn. */
export type DerivedTable = 'allocation' | 'need' | 'shipment' | 'receipt';

/** The records derived directly from one source row, whatever the reader may see (ids only). */
export async function findDerivedRecords(
  db: Executor,
  table: string,
  id: string,
): Promise<{ entity_type: DerivedTable; entity_id: string }[]> {
  const result = await sql<{ entity_type: DerivedTable; entity_id: string }>`
    SELECT entity_type, entity_id FROM aidgrid_derived_records(${table}, ${id}::uuid)`.execute(db);
  return result.rows;
}

/** A derived record's own classification ('self') and its sources' ('source'), whatever the reader may see. */
export async function findDerivedLevels(
  db: Executor,
  table: DerivedTable,
  id: string,
): Promise<{ role: 'self' | 'source'; classification: Classification; embargo_until: string | null }[]> {
  const result = await sql<{
    role: 'self' | 'source';
    classification: Classification;
    embargo_until: string | null;
  }>`
    SELECT role, classification, embargo_until FROM aidgrid_derived_levels(${table}, ${id}::uuid)`.execute(
    db,
  );
  return result.rows;
}

/** Raises a derived record (never lowers it), whatever the reader may see; its new version, or null. */
export async function raiseDerivedRecord(
  db: Executor,
  table: DerivedTable,
  id: string,
  values: { classification: Classification; embargo_until: string | null },
  actorId: string,
): Promise<number | null> {
  const result = await sql<{ version: number | null }>`
    SELECT aidgrid_raise_derived(${table}, ${id}::uuid, ${values.classification}::classification,
      ${values.embargo_until}::date, ${actorId}) AS version`.execute(db);
  return result.rows[0]?.version ?? null;
}
