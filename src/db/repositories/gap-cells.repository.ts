import { type RawBuilder, sql } from 'kysely';
import { type Reader, visibleTables, withVisibleTables } from '../../core/auth/visibility.js';
import { cellVisibilityCondition } from './aggregate.repository.js';
import {
  baseTables,
  categoryMatch,
  type GapFigureRow,
  type GapRow,
  type GapScope,
  type WeeklyRow,
} from './gap.repository.js';
import type { Executor } from './record.repository.js';

/**
 * The gap report read from the aggregate cells (migration 0018, docs/figures.md "Aggregate
 * cells"): every figure that is a sum of rows — needed, pledged, committed, allocated, shipped,
 * delivered, their EUR values, the counts and the unvalued counts — is the sum of the cells the
 * reader is admitted to (`cellVisibilityCondition`), so it counts exactly the rows the reader sees.
 * Unmet is floored per need (max(0, needed − max(pledged against it, allocated to it)) as the
 * reader sees those), which no sum of cells keyed above the need can give: it is read from the rows.
 */

export type CellDimension = 'category' | 'item' | 'donor';

const KEYS: Record<CellDimension | 'total', RawBuilder<unknown>> = {
  category: sql`i.category`,
  item: sql`c.item_id::text`,
  donor: sql`c.donor_org_id::text`,
  total: sql`'total'`,
};

/** A key's cells with their shards added up, for the reader. */
function admittedCells(reader: Reader | null, kinds: readonly string[], byDonor: boolean) {
  return sql`admitted AS (
    SELECT c.kind, c.item_id, ${byDonor ? sql`c.donor_org_id` : sql`NULL::uuid AS donor_org_id`},
           sum(c.quantity) AS quantity, sum(c.eur) AS eur, sum(c.count) AS count, sum(c.unvalued) AS unvalued
    FROM aggregate_cell c
    WHERE c.kind IN (${sql.join(kinds.map((k) => sql`${k}`))}) AND ${cellVisibilityCondition(reader, 'c')}
    GROUP BY 1, 2, 3
  )`;
}

export interface CellSumsRow {
  key: string;
  needed: string;
  need_count: string;
  needed_eur: string;
  unvalued_need_count: string;
  pledged: string;
  pledge_count: string;
  pledged_eur: string;
  unvalued_pledge_count: string;
  committed: string;
  committed_eur: string;
  allocated: string;
  allocated_eur: string;
  shipped: string;
  shipped_eur: string;
  delivered: string;
  delivered_eur: string;
  item_lo: string | null;
  item_hi: string | null;
}

/**
 * The sums of the admitted cells per group (or one row 'total'). By donor the need kind is left
 * out: which donors a need belongs to depends on other rows (the pledges and allocations to it).
 */
export async function sumCells(
  db: Executor,
  by: CellDimension | 'total',
  scope: GapScope,
  reader: Reader | null,
): Promise<CellSumsRow[]> {
  const withNeeds = by !== 'donor';
  const kinds = ['pledged', 'committed', 'allocated', 'shipped', 'delivered', ...(withNeeds ? ['need'] : [])];
  const of = (kind: string, measure: string) =>
    sql`COALESCE(sum(c.${sql.ref(measure)}) FILTER (WHERE c.kind = ${kind}), 0)`;
  const result = await sql<CellSumsRow>`
    WITH ${admittedCells(reader, kinds, by === 'donor')}
    SELECT ${KEYS[by]} AS key,
           ${of('need', 'quantity')}::text AS needed, ${of('need', 'count')}::text AS need_count,
           ${of('need', 'eur')}::text AS needed_eur, ${of('need', 'unvalued')}::text AS unvalued_need_count,
           ${of('pledged', 'quantity')}::text AS pledged, ${of('pledged', 'count')}::text AS pledge_count,
           ${of('pledged', 'eur')}::text AS pledged_eur, ${of('pledged', 'unvalued')}::text AS unvalued_pledge_count,
           ${of('committed', 'quantity')}::text AS committed, ${of('committed', 'eur')}::text AS committed_eur,
           ${of('allocated', 'quantity')}::text AS allocated, ${of('allocated', 'eur')}::text AS allocated_eur,
           ${of('shipped', 'quantity')}::text AS shipped, ${of('shipped', 'eur')}::text AS shipped_eur,
           ${of('delivered', 'quantity')}::text AS delivered, ${of('delivered', 'eur')}::text AS delivered_eur,
           min(c.item_id::text) FILTER (WHERE c.kind IN ('need', 'pledged') AND c.count > 0) AS item_lo,
           max(c.item_id::text) FILTER (WHERE c.kind IN ('need', 'pledged') AND c.count > 0) AS item_hi
    FROM admitted c JOIN item i ON i.id = c.item_id
    WHERE true ${categoryMatch(sql`i.category`, scope.category)}
    GROUP BY 1
    HAVING COALESCE(sum(c.count) FILTER (WHERE c.kind IN ('need', 'pledged')), 0) > 0
  `.execute(db);
  return result.rows;
}

export interface NeedRowSums {
  key: string;
  needed: string;
  need_count: string;
  needed_eur: string;
  unvalued_need_count: string;
  unmet: string;
  unmet_committed: string;
  unmet_eur: string;
  unmet_committed_eur: string;
  item_lo: string | null;
  item_hi: string | null;
}

/**
 * Unmet per group from the rows (floored per need over what the reader sees pledged against it and
 * allocated to it), with the other need sums; by donor a need belongs to every donor that pledged
 * against it or is allocated to it (gap.repository.ts).
 */
export async function sumNeedRows(
  db: Executor,
  by: CellDimension | 'total',
  scope: GapScope,
  reader: Reader | null,
): Promise<NeedRowSums[]> {
  const key = {
    category: sql`i.category`,
    item: sql`n.item_id::text`,
    donor: sql`d.donor_org_id::text`,
    total: sql`'total'`,
  }[by];
  const source =
    by === 'donor'
      ? sql`need_gap n JOIN item i ON i.id = n.item_id
            JOIN (SELECT need_id, donor_org_id FROM live_pledge WHERE need_id IS NOT NULL
                  UNION
                  SELECT a.need_id, p.donor_org_id FROM accepted a JOIN live_pledge p ON p.id = a.pledge_id) d
              ON d.need_id = n.id`
      : sql`need_gap n JOIN item i ON i.id = n.item_id`;
  const result = await sql<NeedRowSums>`
    WITH ${visibleTables(reader)} ${baseTables('pledge', scope, reader)}
    SELECT ${key} AS key, sum(n.quantity)::text AS needed, count(*)::text AS need_count,
           COALESCE(sum(n.quantity * n.unit_eur), 0)::text AS needed_eur,
           count(*) FILTER (WHERE n.unit_eur IS NULL)::text AS unvalued_need_count,
           sum(n.unmet)::text AS unmet, sum(n.unmet_committed)::text AS unmet_committed,
           COALESCE(sum(n.unmet * n.unit_eur), 0)::text AS unmet_eur,
           COALESCE(sum(n.unmet_committed * n.unit_eur), 0)::text AS unmet_committed_eur,
           min(n.item_id::text) AS item_lo, max(n.item_id::text) AS item_hi
    FROM ${source}
    WHERE true ${categoryMatch(sql`i.category`, scope.category)}
    GROUP BY 1
  `.execute(db);
  return result.rows;
}

/** Names (and units) of the groups the reader may see; a group whose item or donor is hidden is not listed. */
export async function findGroupLabels(
  db: Executor,
  by: CellDimension,
  keys: readonly string[],
  reader: Reader | null,
): Promise<Map<string, { label: string; unit: string | null }>> {
  if (keys.length === 0) return new Map();
  if (by === 'category') return new Map(keys.map((key) => [key, { label: key, unit: null }]));
  const query =
    by === 'item'
      ? sql`SELECT id::text AS key, code || ' ' || name AS label, unit FROM item WHERE id::text = ANY (${[...keys]})`
      : sql`SELECT id::text AS key, name AS label, NULL::text AS unit FROM organisation WHERE id::text = ANY (${[...keys]})`;
  const result = await sql<{
    key: string;
    label: string;
    unit: string | null;
  }>`${withVisibleTables(reader)} ${query}`.execute(db);
  return new Map(result.rows.map((row) => [row.key, { label: row.label, unit: row.unit }]));
}

/** The unit of an item the reader may see (for a group or total of one item). */
export async function findUnits(db: Executor, itemIds: readonly string[]): Promise<Map<string, string>> {
  if (itemIds.length === 0) return new Map();
  const result = await sql<{ id: string; unit: string }>`
    SELECT id::text AS id, unit FROM item WHERE id::text = ANY (${[...itemIds]})`.execute(db);
  return new Map(result.rows.map((row) => [row.id, row.unit]));
}

/** Rounds a decimal string to cents as PostgreSQL's round(x, 2) would (half away from zero). */
export function cents(value: string): string {
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? value.slice(1) : value).split('.');
  const padded = `${fraction}000`;
  let units = BigInt(whole) * 100n + BigInt(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) units += 1n;
  const text = `${units / 100n}.${(units % 100n).toString().padStart(2, '0')}`;
  return negative && units !== 0n ? `-${text}` : text;
}

/** Merges the cell sums and the need rows of one group into the report's figure row. */
export function mergeFigures(
  cells: CellSumsRow | undefined,
  needs: NeedRowSums | undefined,
  needsFromRows: boolean,
  unitOf: (itemId: string) => string | null,
): GapFigureRow {
  const zero = '0';
  const needSide = needsFromRows ? needs : cells;
  const los = [cells?.item_lo, needs?.item_lo].filter((x): x is string => typeof x === 'string');
  const his = [cells?.item_hi, needs?.item_hi].filter((x): x is string => typeof x === 'string');
  const lo = los.sort()[0] ?? null;
  const hi = his.sort().at(-1) ?? null;
  const oneItem = lo === null || lo === hi;
  return {
    needed: needSide?.needed ?? zero,
    unmet: needs?.unmet ?? zero,
    unmet_committed: needs?.unmet_committed ?? zero,
    need_count: needSide?.need_count ?? zero,
    needed_eur: cents(needSide?.needed_eur ?? zero),
    unmet_eur: cents(needs?.unmet_eur ?? zero),
    unmet_committed_eur: cents(needs?.unmet_committed_eur ?? zero),
    unvalued_need_count: needSide?.unvalued_need_count ?? zero,
    pledged: cells?.pledged ?? zero,
    committed: cells?.committed ?? zero,
    allocated: cells?.allocated ?? zero,
    shipped: cells?.shipped ?? zero,
    delivered: cells?.delivered ?? zero,
    pledge_count: cells?.pledge_count ?? zero,
    pledged_eur: cents(cells?.pledged_eur ?? zero),
    committed_eur: cents(cells?.committed_eur ?? zero),
    allocated_eur: cents(cells?.allocated_eur ?? zero),
    shipped_eur: cents(cells?.shipped_eur ?? zero),
    delivered_eur: cents(cells?.delivered_eur ?? zero),
    unvalued_pledge_count: cells?.unvalued_pledge_count ?? zero,
    one_item: oneItem,
    one_unit: oneItem && lo !== null ? unitOf(lo) : null,
  };
}

export type { GapRow };

/** The weekly filters the cells answer: none, one category, one item. */
export type CellWeeklyFilter = { by: 'category' | 'item'; key: string } | undefined;

function weeklyCells(reader: Reader | null, filter: CellWeeklyFilter) {
  const match =
    filter === undefined
      ? sql``
      : filter.by === 'category'
        ? sql`AND i.category = ${filter.key}`
        : sql`AND c.item_id::text = ${filter.key}`;
  return sql`weekly_cell AS (
    SELECT c.kind, c.item_id, c.week,
           sum(c.quantity) AS quantity, sum(c.eur) AS eur, sum(c.count) AS count
    FROM aggregate_cell c JOIN item i ON i.id = c.item_id
    WHERE c.kind IN ('need', 'pledged', 'committed', 'delivered') AND ${cellVisibilityCondition(reader, 'c')} ${match}
    GROUP BY 1, 2, 3
    HAVING sum(c.count) > 0 OR sum(c.quantity) <> 0
  ),
  dated AS (
    SELECT week AS monday, item_id, quantity, eur, kind FROM weekly_cell
    WHERE kind <> 'delivered' OR quantity > 0
  )`;
}

/** First and last Monday anything in the series happened (the cells hold weeks); nulls when nothing did. */
export async function findCellWeeklySpan(
  db: Executor,
  filter: CellWeeklyFilter,
  reader: Reader | null,
): Promise<{ first: string | null; last: string | null }> {
  const result = await sql<{ first: string | null; last: string | null }>`
    WITH ${weeklyCells(reader, filter)}
    SELECT min(monday)::text AS first, max(monday)::text AS last FROM dated
  `.execute(db);
  return result.rows[0] ?? { first: null, last: null };
}

/** Cumulative needed, pledged, committed and delivered per ISO week, from the cells. */
export async function cellWeekly(
  db: Executor,
  filter: CellWeeklyFilter,
  fromMonday: string,
  toMonday: string,
  reader: Reader | null,
): Promise<WeeklyRow[]> {
  const of = (kind: string, measure: 'quantity' | 'eur') =>
    sql`sum(d.${sql.ref(measure)}) FILTER (WHERE d.kind = ${kind})`;
  const result = await sql<WeeklyRow>`
    WITH ${weeklyCells(reader, filter)},
    weeks AS (
      SELECT generate_series(${fromMonday}::date, ${toMonday}::date, interval '1 week')::date AS monday
    ),
    per_week AS (
      SELECT GREATEST(d.monday, ${fromMonday}::date) AS monday,
             ${of('need', 'quantity')} AS needed, ${of('pledged', 'quantity')} AS pledged,
             ${of('committed', 'quantity')} AS committed, ${of('delivered', 'quantity')} AS delivered,
             ${of('need', 'eur')} AS needed_eur, ${of('pledged', 'eur')} AS pledged_eur,
             ${of('committed', 'eur')} AS committed_eur, ${of('delivered', 'eur')} AS delivered_eur
      FROM dated d
      GROUP BY 1
    )
    SELECT to_char(w.monday, 'IYYY-"W"IW') AS week,
           (sum(COALESCE(pw.needed, 0)) OVER running)::text AS needed,
           (sum(COALESCE(pw.pledged, 0)) OVER running)::text AS pledged,
           (sum(COALESCE(pw.committed, 0)) OVER running)::text AS committed,
           (sum(COALESCE(pw.delivered, 0)) OVER running)::text AS delivered,
           round(sum(COALESCE(pw.needed_eur, 0)) OVER running, 2)::text AS needed_eur,
           round(sum(COALESCE(pw.pledged_eur, 0)) OVER running, 2)::text AS pledged_eur,
           round(sum(COALESCE(pw.committed_eur, 0)) OVER running, 2)::text AS committed_eur,
           round(sum(COALESCE(pw.delivered_eur, 0)) OVER running, 2)::text AS delivered_eur,
           items.one_item, items.one_unit
    FROM weeks w
    CROSS JOIN (SELECT count(DISTINCT d.item_id) <= 1 AS one_item,
                       CASE WHEN count(DISTINCT d.item_id) = 1
                            THEN (SELECT ui.unit FROM item ui WHERE ui.id = min(d.item_id::text)::uuid) END AS one_unit
                FROM dated d) items LEFT JOIN per_week pw ON pw.monday = w.monday
    WINDOW running AS (ORDER BY w.monday)
    ORDER BY w.monday
  `.execute(db);
  return result.rows;
}
