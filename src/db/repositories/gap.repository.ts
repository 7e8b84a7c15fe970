import { type RawBuilder, sql } from 'kysely';
import { type Reader, visibleTables, withVisibleTables } from '../../core/auth/visibility.js';
import { countedTables } from './figure.repository.js';
import type { Executor } from './record.repository.js';

export type GapDimension = 'category' | 'item' | 'region' | 'donor';

/** The key of the region group that holds what no need of any region has yet. */
export const NO_REGION_KEY = 'none';

/** Figures summed over a set of needs and pledges, as decimal strings (counts as integer strings). */
export interface GapFigureRow {
  needed: string;
  pledged: string;
  committed: string;
  allocated: string;
  shipped: string;
  delivered: string;
  unmet: string;
  need_count: string;
  pledge_count: string;
}

export interface GapRow extends GapFigureRow {
  key: string;
  label: string;
  unit: string | null;
}

export interface GapScope {
  category?: string | undefined;
  region_id?: string | undefined;
}

function categoryMatch(column: RawBuilder<unknown>, category: string | undefined) {
  return category ? sql`AND (${column} = ${category} OR ${column} LIKE ${`${category}/%`})` : sql``;
}

/**
 * The common table expressions every gap query starts from.
 *
 * - `counted_*` (figure.repository.ts): the allocations, shipment lines and receipt lines the
 *   reader may count; `live_pledge`: pledges that still count (cancelled and expired ones do not).
 * - `accepted`: counted allocations of live pledges.
 * - `need_gap`: needs that are not cancelled, each with its unmet quantity
 *   max(0, quantity − max(pledged against it, allocated to it)), floored per need.
 * - `pledge_fig`: the pledge-side figures. Per pledge (`mode = 'pledge'`) they are the pledge's own
 *   committed quantity (the donor's statement on a pledge the reader sees) and the sums of its
 *   counted allocations, shipment lines and receipt lines. Placed in regions (`mode = 'placed'`) each pledge splits into parts: one per
 *   accepted allocation (its quantity counts as pledged, committed and allocated, its shipped and
 *   delivered quantities as shipped and delivered) in the region of the need it goes to, and the
 *   rest — quantity and commitment not yet allocated, max(0, x − allocated) — in the region of the
 *   need the pledge was made against, or in no region. Every part keeps
 *   delivered ≤ shipped ≤ allocated ≤ committed ≤ pledged, so every sum of parts keeps it too.
 */
function baseTables(mode: 'pledge' | 'placed', scope: GapScope) {
  const needRegion = scope.region_id ? sql`AND n.region_id = ${scope.region_id}` : sql``;
  const pledgeFigures =
    mode === 'pledge'
      ? sql`
        SELECT p.id AS pledge_id, p.item_id, p.donor_org_id, NULL::uuid AS region_id,
               p.quantity AS pledged, p.committed_quantity AS committed,
               COALESCE(al.total, 0) AS allocated, COALESCE(sh.total, 0) AS shipped,
               COALESCE(rc.total, 0) AS delivered
        FROM live_pledge p
        LEFT JOIN (SELECT pledge_id, sum(quantity) AS total FROM accepted GROUP BY pledge_id) al
               ON al.pledge_id = p.id
        LEFT JOIN (SELECT pledge_id, sum(quantity) AS total FROM counted_shipped GROUP BY pledge_id) sh
               ON sh.pledge_id = p.id
        LEFT JOIN (SELECT pledge_id, sum(quantity) AS total FROM counted_received GROUP BY pledge_id) rc
               ON rc.pledge_id = p.id`
      : sql`
        SELECT a.pledge_id, p.item_id, p.donor_org_id, an.region_id,
               a.quantity AS pledged, a.quantity AS committed, a.quantity AS allocated,
               COALESCE(sh.total, 0) AS shipped, COALESCE(rc.total, 0) AS delivered
        FROM accepted a JOIN live_pledge p ON p.id = a.pledge_id JOIN need an ON an.id = a.need_id
        LEFT JOIN (SELECT allocation_id, sum(quantity) AS total FROM counted_shipped GROUP BY allocation_id) sh
               ON sh.allocation_id = a.id
        LEFT JOIN (SELECT allocation_id, sum(quantity) AS total FROM counted_received GROUP BY allocation_id) rc
               ON rc.allocation_id = a.id
        UNION ALL
        SELECT p.id, p.item_id, p.donor_org_id, pn.region_id,
               GREATEST(p.quantity - COALESCE(al.total, 0), 0),
               GREATEST(p.committed_quantity - COALESCE(al.total, 0), 0), 0, 0, 0
        FROM live_pledge p
        LEFT JOIN need pn ON pn.id = p.need_id
        LEFT JOIN (SELECT pledge_id, sum(quantity) AS total FROM accepted GROUP BY pledge_id) al
               ON al.pledge_id = p.id
        WHERE p.quantity > COALESCE(al.total, 0)`;
  return sql`
    ${countedTables()},
    live_pledge AS (
      SELECT * FROM pledge WHERE status NOT IN ('cancelled', 'expired')
    ),
    accepted AS (
      SELECT a.* FROM counted_allocation a JOIN live_pledge p ON p.id = a.pledge_id
    ),
    pledged_to AS (
      SELECT need_id, sum(quantity) AS total FROM live_pledge WHERE need_id IS NOT NULL GROUP BY need_id
    ),
    allocated_to AS (
      SELECT need_id, sum(quantity) AS total FROM accepted GROUP BY need_id
    ),
    need_gap AS (
      SELECT n.*, GREATEST(n.quantity - GREATEST(COALESCE(pt.total, 0), COALESCE(alt.total, 0)), 0) AS unmet
      FROM need n
      LEFT JOIN pledged_to pt ON pt.need_id = n.id
      LEFT JOIN allocated_to alt ON alt.need_id = n.id
      WHERE n.status <> 'cancelled' ${needRegion}
    ),
    pledge_fig AS (${pledgeFigures})`;
}

/** Region scope or grouping by region needs the pledge figures placed in regions. */
function modeOf(by: GapDimension | null, scope: GapScope): 'pledge' | 'placed' {
  return by === 'region' || scope.region_id ? 'placed' : 'pledge';
}

function placedIn(scope: GapScope) {
  return scope.region_id ? sql`AND f.region_id = ${scope.region_id}` : sql``;
}

/**
 * Needed, pledged, the pledge stages and unmet per group. By donor, a need belongs to every donor
 * that pledged against it or has an accepted allocation to it. By region, pledge figures are placed
 * as `baseTables` describes; what sits in no region forms the group `NO_REGION_KEY`.
 */
export async function aggregateGaps(
  db: Executor,
  by: GapDimension,
  scope: GapScope,
  reader: Reader | null,
): Promise<GapRow[]> {
  const keys = {
    category: { need: sql`i.category`, pledge: sql`i.category` },
    item: { need: sql`n.item_id::text`, pledge: sql`f.item_id::text` },
    region: { need: sql`n.region_id::text`, pledge: sql`COALESCE(f.region_id::text, ${NO_REGION_KEY})` },
    donor: { need: sql`d.donor_org_id::text`, pledge: sql`f.donor_org_id::text` },
  }[by];

  const needSource =
    by === 'donor'
      ? sql`need_gap n JOIN item i ON i.id = n.item_id
            JOIN (SELECT need_id, donor_org_id FROM live_pledge WHERE need_id IS NOT NULL
                  UNION
                  SELECT a.need_id, p.donor_org_id FROM accepted a JOIN live_pledge p ON p.id = a.pledge_id) d
              ON d.need_id = n.id`
      : sql`need_gap n JOIN item i ON i.id = n.item_id`;

  const labels = {
    category: sql`SELECT g.key, g.key AS label, NULL::text AS unit FROM grouped g`,
    item: sql`SELECT g.key, it.code || ' ' || it.name AS label, it.unit FROM grouped g JOIN item it ON it.id::text = g.key`,
    region: sql`SELECT g.key, r.code || ' ' || r.name AS label, NULL::text AS unit FROM grouped g JOIN region r ON r.id::text = g.key
                UNION ALL
                SELECT g.key, 'No region yet (pledged against no need, not allocated)', NULL::text
                FROM grouped g WHERE g.key = ${NO_REGION_KEY}`,
    donor: sql`SELECT g.key, o.name AS label, NULL::text AS unit FROM grouped g JOIN organisation o ON o.id::text = g.key`,
  }[by];

  const result = await sql<GapRow>`
    WITH ${visibleTables(reader)} ${baseTables(modeOf(by, scope), scope)},
    needs_by AS (
      SELECT ${keys.need} AS key, sum(n.quantity) AS needed, sum(n.unmet) AS unmet, count(*) AS need_count
      FROM ${needSource}
      WHERE true ${categoryMatch(sql`i.category`, scope.category)}
      GROUP BY 1
    ),
    pledges_by AS (
      SELECT ${keys.pledge} AS key, sum(f.pledged) AS pledged, sum(f.committed) AS committed,
             sum(f.allocated) AS allocated, sum(f.shipped) AS shipped, sum(f.delivered) AS delivered,
             count(DISTINCT f.pledge_id) AS pledge_count
      FROM pledge_fig f JOIN item i ON i.id = f.item_id
      WHERE true ${categoryMatch(sql`i.category`, scope.category)} ${placedIn(scope)}
      GROUP BY 1
    ),
    grouped AS (
      SELECT COALESCE(nb.key, pb.key) AS key,
             COALESCE(nb.needed, 0) AS needed, COALESCE(pb.pledged, 0) AS pledged,
             COALESCE(pb.committed, 0) AS committed, COALESCE(pb.allocated, 0) AS allocated,
             COALESCE(pb.shipped, 0) AS shipped, COALESCE(pb.delivered, 0) AS delivered,
             COALESCE(nb.unmet, 0) AS unmet,
             COALESCE(nb.need_count, 0) AS need_count, COALESCE(pb.pledge_count, 0) AS pledge_count
      FROM needs_by nb FULL JOIN pledges_by pb ON pb.key = nb.key
    ),
    labelled AS (${labels})
    SELECT g.key, l.label, l.unit, g.needed::text, g.pledged::text, g.committed::text,
           g.allocated::text, g.shipped::text, g.delivered::text, g.unmet::text,
           g.need_count::text, g.pledge_count::text
    FROM grouped g JOIN labelled l ON l.key = g.key
    ORDER BY g.unmet DESC, g.needed DESC, l.label, g.key
  `.execute(db);
  return result.rows;
}

/**
 * The same figures over everything in scope, computed from the needs and from the pledge figures
 * — not from the groups — so that comparing the two checks the report. With a region scope the
 * pledge side can only be the parts placed in that region.
 */
export async function totalGaps(db: Executor, scope: GapScope, reader: Reader | null): Promise<GapFigureRow> {
  const mode = modeOf(null, scope);
  const pledgeTotals = sql`
    SELECT COALESCE(sum(f.pledged), 0) AS pledged, COALESCE(sum(f.committed), 0) AS committed,
           COALESCE(sum(f.allocated), 0) AS allocated, COALESCE(sum(f.shipped), 0) AS shipped,
           COALESCE(sum(f.delivered), 0) AS delivered, count(DISTINCT f.pledge_id) AS pledge_count
    FROM pledge_fig f JOIN item i ON i.id = f.item_id
    WHERE true ${categoryMatch(sql`i.category`, scope.category)} ${placedIn(scope)}`;
  const result = await sql<GapFigureRow>`
    WITH ${visibleTables(reader)} ${baseTables(mode, scope)},
    need_total AS (
      SELECT COALESCE(sum(n.quantity), 0) AS needed, COALESCE(sum(n.unmet), 0) AS unmet, count(*) AS need_count
      FROM need_gap n JOIN item i ON i.id = n.item_id
      WHERE true ${categoryMatch(sql`i.category`, scope.category)}
    ),
    pledge_total AS (${pledgeTotals})
    SELECT nt.needed::text, pt.pledged::text, pt.committed::text, pt.allocated::text, pt.shipped::text,
           pt.delivered::text, nt.unmet::text, nt.need_count::text, pt.pledge_count::text
    FROM need_total nt CROSS JOIN pledge_total pt
  `.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('the totals query returned no row');
  return row;
}

export interface WeeklyFilter {
  by: GapDimension;
  key: string;
}

export interface WeeklyRow {
  week: string;
  needed: string;
  pledged: string;
  committed: string;
  delivered: string;
}

/**
 * The dated events behind the weekly series: needs by `needed_by`, pledges by `announced_on`,
 * commitments by the first 'commit' transition of the pledge (its announcement day when it has
 * none), deliveries by the receipt date of each receipt line. Filtered to one group when asked.
 */
function datedEvents(filter: WeeklyFilter | undefined) {
  const by = filter?.by ?? null;
  const key = filter?.key ?? '';
  const needFilter =
    by === null
      ? sql``
      : {
          category: sql`AND i.category = ${key}`,
          item: sql`AND n.item_id::text = ${key}`,
          region: sql`AND n.region_id::text = ${key}`,
          donor: sql`AND n.id IN (SELECT need_id FROM live_pledge WHERE need_id IS NOT NULL AND donor_org_id::text = ${key}
                                  UNION
                                  SELECT a.need_id FROM accepted a JOIN live_pledge p ON p.id = a.pledge_id
                                  WHERE p.donor_org_id::text = ${key})`,
        }[by];
  const pledgeFilter =
    by === null
      ? sql``
      : {
          category: sql`AND i.category = ${key}`,
          item: sql`AND f.item_id::text = ${key}`,
          region: sql`AND COALESCE(f.region_id::text, ${NO_REGION_KEY}) = ${key}`,
          donor: sql`AND f.donor_org_id::text = ${key}`,
        }[by];
  const receiptFilter =
    by === null
      ? sql``
      : {
          category: sql`AND i.category = ${key}`,
          item: sql`AND p.item_id::text = ${key}`,
          region: sql`AND sn.region_id::text = ${key}`,
          donor: sql`AND p.donor_org_id::text = ${key}`,
        }[by];
  return sql`
    first_commit AS (
      SELECT pledge_id, min(at) AS at FROM pledge_transition WHERE action = 'commit' GROUP BY pledge_id
    ),
    dated AS (
      SELECT n.needed_by AS on_date, n.quantity AS needed, 0 AS pledged, 0 AS committed, 0 AS delivered
      FROM need_gap n JOIN item i ON i.id = n.item_id
      WHERE true ${needFilter}
      UNION ALL
      SELECT p.announced_on, 0, f.pledged, 0, 0
      FROM pledge_fig f JOIN live_pledge p ON p.id = f.pledge_id JOIN item i ON i.id = f.item_id
      WHERE true ${pledgeFilter}
      UNION ALL
      SELECT COALESCE((fc.at AT TIME ZONE 'UTC')::date, p.announced_on), 0, 0, f.committed, 0
      FROM pledge_fig f JOIN live_pledge p ON p.id = f.pledge_id JOIN item i ON i.id = f.item_id
      LEFT JOIN first_commit fc ON fc.pledge_id = p.id
      WHERE f.committed > 0 ${pledgeFilter}
      UNION ALL
      SELECT cr.received_on, 0, 0, 0, cr.quantity
      FROM counted_received cr
      JOIN live_pledge p ON p.id = cr.pledge_id
      JOIN need sn ON sn.id = cr.need_id
      JOIN item i ON i.id = p.item_id
      WHERE cr.quantity > 0 ${receiptFilter}
    )`;
}

/** First and last day anything in the series happened; nulls when nothing did. */
export async function findWeeklySpan(
  db: Executor,
  filter: WeeklyFilter | undefined,
  reader: Reader | null,
): Promise<{ first: string | null; last: string | null }> {
  const result = await sql<{ first: string | null; last: string | null }>`
    WITH ${visibleTables(reader)} ${baseTables(filter?.by === 'region' ? 'placed' : 'pledge', {})}, ${datedEvents(filter)}
    SELECT min(on_date)::text AS first, max(on_date)::text AS last FROM dated
  `.execute(db);
  return result.rows[0] ?? { first: null, last: null };
}

/**
 * Cumulative needed, pledged, committed and delivered at the end of each ISO week from the week
 * starting `fromMonday` to the week starting `toMonday`; what happened before counts in the first.
 */
export async function aggregateWeekly(
  db: Executor,
  filter: WeeklyFilter | undefined,
  fromMonday: string,
  toMonday: string,
  reader: Reader | null,
): Promise<WeeklyRow[]> {
  const result = await sql<WeeklyRow>`
    WITH ${visibleTables(reader)} ${baseTables(filter?.by === 'region' ? 'placed' : 'pledge', {})}, ${datedEvents(filter)},
    weeks AS (
      SELECT generate_series(${fromMonday}::date, ${toMonday}::date, interval '1 week')::date AS monday
    ),
    per_week AS (
      SELECT GREATEST(date_trunc('week', on_date)::date, ${fromMonday}::date) AS monday,
             sum(needed) AS needed, sum(pledged) AS pledged, sum(committed) AS committed,
             sum(delivered) AS delivered
      FROM dated
      GROUP BY 1
    )
    SELECT to_char(w.monday, 'IYYY-"W"IW') AS week,
           (sum(COALESCE(pw.needed, 0)) OVER running)::text AS needed,
           (sum(COALESCE(pw.pledged, 0)) OVER running)::text AS pledged,
           (sum(COALESCE(pw.committed, 0)) OVER running)::text AS committed,
           (sum(COALESCE(pw.delivered, 0)) OVER running)::text AS delivered
    FROM weeks w LEFT JOIN per_week pw ON pw.monday = w.monday
    WINDOW running AS (ORDER BY w.monday)
    ORDER BY w.monday
  `.execute(db);
  return result.rows;
}

/** The readable name of a group, or undefined when no such item, region or donor exists. */
export async function findGroupLabel(
  db: Executor,
  by: GapDimension,
  key: string,
  reader: Reader | null,
): Promise<{ label: string; unit: string | null } | undefined> {
  const query = {
    category: sql`SELECT ${key}::text AS label, NULL::text AS unit`,
    item: sql`SELECT code || ' ' || name AS label, unit FROM item WHERE id::text = ${key}`,
    region:
      key === NO_REGION_KEY
        ? sql`SELECT 'No region yet (pledged against no need, not allocated)' AS label, NULL::text AS unit`
        : sql`SELECT code || ' ' || name AS label, NULL::text AS unit FROM region WHERE id::text = ${key}`,
    donor: sql`SELECT name AS label, NULL::text AS unit FROM organisation WHERE id::text = ${key}`,
  }[by];
  const result = await sql<{
    label: string;
    unit: string | null;
  }>`${withVisibleTables(reader)} ${query}`.execute(db);
  return result.rows[0];
}
