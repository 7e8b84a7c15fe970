import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Reader } from '../../core/auth/visibility.js';
import type { Executor } from './record.repository.js';

/**
 * The aggregate cells of migration 0018 (docs/figures.md, "Aggregate cells"): the triggers keep
 * them; this module rebuilds them, compares them with a full recomputation, and says which cells a
 * reader is admitted to.
 */

/** The fact kinds a cell sums. */
export type CellKind = 'need' | 'pledged' | 'committed' | 'allocated' | 'shipped' | 'delivered';

/**
 * Whether the reader may see a visibility tuple `alias` of aggregate_visibility: the row rule of
 * src/core/auth/visibility.ts (owner, parties, clearance, embargo) over the tuple's columns. An
 * embargo that does not matter is stored as '-infinity', so it is always past.
 */
export function visibilityTupleCondition(reader: Reader | null, alias = 'v'): RawBuilder<SqlBool> {
  if (reader === null) return sql<SqlBool>`true`;
  const col = (name: string) => sql.ref(`${alias}.${name}`);
  const clearance = {
    restricted: sql<SqlBool>`true`,
    coalition: sql<SqlBool>`${col('classification')} IN ('public', 'coalition')`,
    public: sql<SqlBool>`(${col('classification')} = 'public' AND ${col('embargo_until')} <= (now() AT TIME ZONE 'UTC')::date)`,
  }[reader.clearance];
  if (reader.orgId === null) return sql<SqlBool>`(${clearance})`;
  const org = sql`${reader.orgId}::uuid`;
  return sql<SqlBool>`(${col('owner_org_id')} = ${org} OR ${org} = ANY (${col('parties')}) OR ${clearance})`;
}

/**
 * The cells of `aggregate_cell` (as `alias`) the reader is admitted to: those whose every
 * visibility tuple the reader may see — so every row summed in them. A cell of rows everyone sees
 * has no tuple. The tuples the reader may not see are collected once (a hashed subplan).
 */
export function cellVisibilityCondition(reader: Reader | null, alias = 'c'): RawBuilder<SqlBool> {
  // A restricted clearance sees every classification, so every tuple.
  if (reader === null || reader.clearance === 'restricted') return sql<SqlBool>`true`;
  return sql<SqlBool>`NOT EXISTS (SELECT 1 FROM unnest(${sql.ref(`${alias}.vis`)}) AS hidden(id)
    WHERE hidden.id IN (SELECT v.id FROM aggregate_visibility v WHERE NOT ${visibilityTupleCondition(reader, 'v')}))`;
}

/** Recomputes every cell from the rows (in the caller's transaction); the number of cells. */
export async function rebuildCells(db: Executor): Promise<number> {
  const result = await sql<{ cells: string }>`SELECT aidgrid_aggregate_rebuild()::text AS cells`.execute(db);
  return Number(result.rows[0]?.cells ?? 0);
}

/** How many cells are stored (a key's shards counted once). */
export async function countCells(db: Executor): Promise<number> {
  const result = await sql<{ cells: string }>`SELECT aidgrid_aggregate_cell_count()::text AS cells`.execute(
    db,
  );
  return Number(result.rows[0]?.cells ?? 0);
}

export interface CellDifferenceRow {
  kind: CellKind;
  item_id: string;
  item: string;
  region_id: string | null;
  region: string | null;
  donor_org_id: string | null;
  donor: string | null;
  event_id: string | null;
  event: string | null;
  week: string | null;
  visibility: string;
  stored_quantity: string;
  recomputed_quantity: string;
  stored_eur: string;
  recomputed_eur: string;
  stored_count: string;
  recomputed_count: string;
  stored_unvalued: string;
  recomputed_unvalued: string;
}

/**
 * The cells whose stored measures (shards added up) differ from a recomputation from every row,
 * first `limit`, in key order, with the names of their item, region, donor and event.
 */
export async function findCellDifferences(db: Executor, limit: number): Promise<CellDifferenceRow[]> {
  const result = await sql<CellDifferenceRow>`
    SELECT d.kind, d.item_id::text AS item_id, i.code || ' ' || i.name AS item,
           d.region_id::text AS region_id, r.code || ' ' || r.name AS region,
           d.donor_org_id::text AS donor_org_id, o.name AS donor,
           d.event_id::text AS event_id, e.name AS event,
           to_char(d.week, 'IYYY-"W"IW') AS week,
           COALESCE((SELECT string_agg(format('%s%s owner %s parties %s', (t).classification,
                                              CASE WHEN (t).embargo_until > '-infinity' THEN ' embargo ' || (t).embargo_until END,
                                              (t).owner_org_id, (t).parties), '; ')
                     FROM unnest(d.vis) AS t), 'public') AS visibility,
           trim_scale(d.stored_quantity)::text AS stored_quantity, trim_scale(d.recomputed_quantity)::text AS recomputed_quantity,
           round(d.stored_eur, 2)::text AS stored_eur, round(d.recomputed_eur, 2)::text AS recomputed_eur,
           trim_scale(d.stored_count)::text AS stored_count, trim_scale(d.recomputed_count)::text AS recomputed_count,
           trim_scale(d.stored_unvalued)::text AS stored_unvalued, trim_scale(d.recomputed_unvalued)::text AS recomputed_unvalued
    FROM (SELECT * FROM aidgrid_aggregate_differences() LIMIT ${limit}) d
    LEFT JOIN item i ON i.id = d.item_id
    LEFT JOIN region r ON r.id = d.region_id
    LEFT JOIN organisation o ON o.id = d.donor_org_id
    LEFT JOIN event e ON e.id = d.event_id
  `.execute(db);
  return result.rows;
}
