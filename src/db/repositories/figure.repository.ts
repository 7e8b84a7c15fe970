import { type RawBuilder, sql } from 'kysely';
import { type Reader, visibleTables } from '../../core/auth/visibility.js';
import type { PledgeTransitionRow } from './pledge-lifecycle.repository.js';
import type { Executor } from './record.repository.js';

/**
 * The rows a stage figure may add for a reader (docs/figures.md), as common table expressions to
 * follow `visibleTables(reader)`, which has already cut every table down to what the reader sees:
 *
 * - `counted_allocation`: accepted allocations whose pledge and need the reader also sees;
 * - `counted_shipped`: lines of visible shipments on a counted allocation, with what they shipped
 *   (nothing while the shipment is being prepared; what arrived of a lost one; the line otherwise);
 * - `counted_received`: lines of visible receipts on a counted shipment line, with the receipt date.
 *
 * Each stage therefore keeps its bound for every reader: received ≤ shipped ≤ allocated per row.
 * NOT MATERIALIZED, so that a query for a few records reads only their rows.
 */
export function countedTables() {
  return sql`
    counted_allocation AS NOT MATERIALIZED (
      SELECT a.id, a.pledge_id, a.need_id, a.quantity
      FROM allocation a
      JOIN pledge ap ON ap.id = a.pledge_id
      JOIN need an ON an.id = a.need_id
      WHERE a.status = 'accepted'
    ),
    counted_shipped AS NOT MATERIALIZED (
      SELECT sl.id, sl.allocation_id, ca.pledge_id, ca.need_id,
             CASE s.status WHEN 'preparing' THEN 0 WHEN 'lost' THEN sl.received_quantity ELSE sl.quantity END
               AS quantity
      FROM shipment_line sl
      JOIN shipment s ON s.id = sl.shipment_id
      JOIN counted_allocation ca ON ca.id = sl.allocation_id
    ),
    counted_received AS NOT MATERIALIZED (
      SELECT rl.id, cs.allocation_id, cs.pledge_id, cs.need_id, rl.quantity, r.received_on
      FROM receipt_line rl
      JOIN receipt r ON r.id = rl.receipt_id
      JOIN counted_shipped cs ON cs.id = rl.shipment_line_id
    )`;
}

/**
 * The same three tables for reports that scan every pledge, from the aggregate ledger
 * (`aggregate_fact`, migration 0018) through `aidgrid_counted_facts` (migration 0040): the accepted
 * allocations, shipment lines and receipt lines of live pledges whose every record the reader may
 * see, with the quantity as counted (nothing while preparing, what arrived when lost) — the rows of
 * countedTables() for live pledges. countedTables() joins the reader's visible tables, whose row
 * conditions PostgreSQL estimates at tens of rows where there are thousands; it then joined
 * receipts to shipments by nested loops, 13–28 s for one report at 100,000 needs and pledges
 * (bench/results/report-queries.md). The function's rows are planned as many.
 */
export function countedFacts(reader: Reader | null) {
  const facts = (kind: 'allocated' | 'shipped' | 'delivered') =>
    sql`aidgrid_counted_facts(${kind}, ${reader?.orgId ?? null}::uuid, ${reader?.clearance ?? 'restricted'}::classification, ${reader === null || reader.clearance === 'restricted'})`;
  return sql`
    counted_allocation AS NOT MATERIALIZED (
      SELECT id, pledge_id, need_id, quantity FROM ${facts('allocated')}
    ),
    counted_shipped AS NOT MATERIALIZED (
      SELECT id, allocation_id, pledge_id, need_id, quantity FROM ${facts('shipped')}
    ),
    counted_received AS NOT MATERIALIZED (
      SELECT id, allocation_id, pledge_id, need_id, quantity, received_on FROM ${facts('delivered')}
    )`;
}

/**
 * One stage of one record as the reader may see it, as a scalar subquery for a query of the record
 * table: `outerId` is the record's id column in the outer query (aliased so that the shadowing
 * tables inside cannot capture it).
 */
export function countedStage(
  reader: Reader | null,
  stage: 'allocated' | 'shipped' | 'received',
  by: 'need_id' | 'pledge_id',
  outerId: RawBuilder<unknown>,
): RawBuilder<string> {
  const table = { allocated: 'counted_allocation', shipped: 'counted_shipped', received: 'counted_received' }[
    stage
  ];
  return sql<string>`(WITH ${visibleTables(reader)} ${countedTables()}
    SELECT COALESCE(sum(c.quantity), 0) FROM ${sql.table(table)} c WHERE c.${sql.ref(by)} = ${outerId})`;
}

export interface NeedStageRow {
  id: string;
  allocated: string;
  met: string;
}

/** A need's allocated and met quantities as the reader may see them, for each of `ids`. */
export async function findNeedStages(
  db: Executor,
  ids: readonly string[],
  reader: Reader | null,
): Promise<NeedStageRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<NeedStageRow>`
    WITH ${visibleTables(reader)} ${countedTables()}
    SELECT x.id::text AS id,
           (SELECT COALESCE(sum(quantity), 0) FROM counted_allocation WHERE need_id = x.id)::text AS allocated,
           (SELECT COALESCE(sum(quantity), 0) FROM counted_received WHERE need_id = x.id)::text AS met
    FROM unnest(${[...ids]}::uuid[]) AS x(id)
    ORDER BY x.id
  `.execute(db);
  return result.rows;
}

export interface PledgeStageRow {
  id: string;
  allocated: string;
  shipped: string;
  delivered: string;
}

/** A pledge's allocated, shipped and delivered quantities as the reader may see them. */
export async function findPledgeStages(
  db: Executor,
  ids: readonly string[],
  reader: Reader | null,
): Promise<PledgeStageRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<PledgeStageRow>`
    WITH ${visibleTables(reader)} ${countedTables()}
    SELECT x.id::text AS id,
           (SELECT COALESCE(sum(quantity), 0) FROM counted_allocation WHERE pledge_id = x.id)::text AS allocated,
           (SELECT COALESCE(sum(quantity), 0) FROM counted_shipped WHERE pledge_id = x.id)::text AS shipped,
           (SELECT COALESCE(sum(quantity), 0) FROM counted_received WHERE pledge_id = x.id)::text AS delivered
    FROM unnest(${[...ids]}::uuid[]) AS x(id)
    ORDER BY x.id
  `.execute(db);
  return result.rows;
}

export interface AllocationStageRow {
  id: string;
  shipped: string;
  delivered: string;
}

/**
 * An allocation's shipped and delivered quantities as the reader may see them: lines of the
 * shipments and receipts the reader sees (the allocation itself is in the reader's hands).
 */
export async function findAllocationStages(
  db: Executor,
  ids: readonly string[],
  reader: Reader | null,
): Promise<AllocationStageRow[]> {
  if (ids.length === 0) return [];
  const result = await sql<AllocationStageRow>`
    WITH ${visibleTables(reader)}
    own_shipped AS NOT MATERIALIZED (
      SELECT sl.id, sl.allocation_id,
             CASE s.status WHEN 'preparing' THEN 0 WHEN 'lost' THEN sl.received_quantity ELSE sl.quantity END
               AS quantity
      FROM shipment_line sl JOIN shipment s ON s.id = sl.shipment_id
    )
    SELECT x.id::text AS id,
           (SELECT COALESCE(sum(quantity), 0) FROM own_shipped WHERE allocation_id = x.id)::text AS shipped,
           (SELECT COALESCE(sum(rl.quantity), 0)
              FROM receipt_line rl JOIN receipt r ON r.id = rl.receipt_id
              JOIN own_shipped os ON os.id = rl.shipment_line_id
             WHERE os.allocation_id = x.id)::text AS delivered
    FROM unnest(${[...ids]}::uuid[]) AS x(id)
    ORDER BY x.id
  `.execute(db);
  return result.rows;
}

/**
 * The steps of a pledge's history the reader may see: those taken by the pledge itself, and those
 * caused by an allocation (with its need), a shipment, or a receipt (with its shipment) the reader sees.
 */
export async function listVisibleTransitions(
  db: Executor,
  pledgeId: string,
  reader: Reader | null,
): Promise<PledgeTransitionRow[]> {
  const result = await sql<PledgeTransitionRow>`
    WITH ${visibleTables(reader)} seen_cause AS NOT MATERIALIZED (
      SELECT 'allocation' AS type, a.id FROM allocation a JOIN need n ON n.id = a.need_id
      UNION ALL SELECT 'shipment', s.id FROM shipment s
      UNION ALL SELECT 'receipt', r.id FROM receipt r JOIN shipment s ON s.id = r.shipment_id
    )
    SELECT t.* FROM pledge_transition t
    WHERE t.pledge_id = ${pledgeId}
      AND (t.cause_type IS NULL
           OR EXISTS (SELECT 1 FROM seen_cause c WHERE c.type = t.cause_type AND c.id = t.cause_id))
    ORDER BY t.at, t.id
  `.execute(db);
  return result.rows;
}

/** Which of `ids` name a record (of the tables generated text names) the reader may see. */
export async function findVisibleRecordIds(
  db: Executor,
  ids: readonly string[],
  reader: Reader | null,
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const result = await sql<{ id: string }>`
    WITH ${visibleTables(reader)} wanted AS (SELECT unnest(${[...ids]}::uuid[]) AS id)
    SELECT w.id::text AS id FROM wanted w
    WHERE EXISTS (SELECT 1 FROM need x WHERE x.id = w.id)
       OR EXISTS (SELECT 1 FROM pledge x WHERE x.id = w.id)
       OR EXISTS (SELECT 1 FROM allocation x WHERE x.id = w.id)
       OR EXISTS (SELECT 1 FROM shipment x WHERE x.id = w.id)
       OR EXISTS (SELECT 1 FROM receipt x WHERE x.id = w.id)
       OR EXISTS (SELECT 1 FROM organisation x WHERE x.id = w.id)
       OR EXISTS (SELECT 1 FROM source x WHERE x.id = w.id)
    ORDER BY 1
  `.execute(db);
  return new Set(result.rows.map((row) => row.id));
}
