import { type RawBuilder, sql } from 'kysely';
import { type Reader, visibleTables, withVisibleTables } from '../../core/auth/visibility.js';
import { countedFacts } from './figure.repository.js';
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
  /** Σ over needs of max(0, needed − max(committed against it, allocated to it)). */
  unmet_committed: string;
  need_count: string;
  pledge_count: string;
  /** EUR values (2 decimals) over the valued needs and pledges. */
  needed_eur: string;
  pledged_eur: string;
  committed_eur: string;
  allocated_eur: string;
  shipped_eur: string;
  delivered_eur: string;
  unmet_eur: string;
  unmet_committed_eur: string;
  unvalued_need_count: string;
  unvalued_pledge_count: string;
  /** Whether the figures hold at most one item, so that quantities add; and that item's unit. */
  one_item: boolean;
  one_unit: string | null;
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

export function categoryMatch(column: RawBuilder<unknown>, category: string | undefined) {
  return category ? sql`AND (${column} = ${category} OR ${column} LIKE ${`${category}/%`})` : sql``;
}

/**
 * The common table expressions every gap query starts from.
 *
 * - `counted_*` (figure.repository.ts, countedFacts): the allocations, shipment lines and receipt
 *   lines of live pledges the reader may count; `live_pledge`: pledges that still count (cancelled and expired ones do not).
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
/** EUR per unit of a pledge `p`: its donor-reported value, else its price-list value, over its quantity. */
const UNIT_EUR = sql`(COALESCE(p.value_eur, p.price_list_eur) / p.quantity)`;

export function baseTables(mode: 'pledge' | 'placed', scope: GapScope, reader: Reader | null) {
  const needRegion = scope.region_id ? sql`AND n.region_id = ${scope.region_id}` : sql``;
  const pledgeFigures =
    mode === 'pledge'
      ? sql`
        SELECT p.id AS pledge_id, p.item_id, p.donor_org_id, NULL::uuid AS region_id,
               p.quantity AS pledged, p.committed_quantity AS committed,
               COALESCE(al.total, 0) AS allocated, COALESCE(sh.total, 0) AS shipped,
               COALESCE(rc.total, 0) AS delivered, ${UNIT_EUR} AS unit_eur
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
               COALESCE(sh.total, 0) AS shipped, COALESCE(rc.total, 0) AS delivered, ${UNIT_EUR} AS unit_eur
        FROM accepted a JOIN live_pledge p ON p.id = a.pledge_id JOIN need an ON an.id = a.need_id
        LEFT JOIN (SELECT allocation_id, sum(quantity) AS total FROM counted_shipped GROUP BY allocation_id) sh
               ON sh.allocation_id = a.id
        LEFT JOIN (SELECT allocation_id, sum(quantity) AS total FROM counted_received GROUP BY allocation_id) rc
               ON rc.allocation_id = a.id
        UNION ALL
        SELECT p.id, p.item_id, p.donor_org_id, pn.region_id,
               GREATEST(p.quantity - COALESCE(al.total, 0), 0),
               GREATEST(p.committed_quantity - COALESCE(al.total, 0), 0), 0, 0, 0, ${UNIT_EUR}
        FROM live_pledge p
        LEFT JOIN need pn ON pn.id = p.need_id
        LEFT JOIN (SELECT pledge_id, sum(quantity) AS total FROM accepted GROUP BY pledge_id) al
               ON al.pledge_id = p.id
        WHERE p.quantity > COALESCE(al.total, 0)`;
  return sql`
    ${countedFacts(reader)},
    live_pledge AS (
      SELECT * FROM pledge WHERE status NOT IN ('cancelled', 'expired')
    ),
    accepted AS (
      SELECT a.* FROM counted_allocation a JOIN live_pledge p ON p.id = a.pledge_id
    ),
    pledged_to AS (
      SELECT need_id, sum(quantity) AS total, sum(committed_quantity) AS committed
      FROM live_pledge WHERE need_id IS NOT NULL GROUP BY need_id
    ),
    allocated_to AS (
      SELECT need_id, sum(quantity) AS total FROM accepted GROUP BY need_id
    ),
    need_gap AS (
      SELECT n.*, GREATEST(n.quantity - GREATEST(COALESCE(pt.total, 0), COALESCE(alt.total, 0)), 0) AS unmet,
             GREATEST(n.quantity - GREATEST(COALESCE(pt.committed, 0), COALESCE(alt.total, 0)), 0) AS unmet_committed,
             (SELECT ni.reference_price_amount
                     * CASE WHEN ni.reference_price_currency = 'EUR' THEN 1
                            ELSE (SELECT fx.eur_per_unit FROM fx_rate fx
                                  WHERE fx.currency = ni.reference_price_currency AND fx.rate_on <= n.needed_by
                                  ORDER BY fx.rate_on DESC LIMIT 1) END
                FROM item ni WHERE ni.id = n.item_id) AS unit_eur
      FROM need n
      LEFT JOIN pledged_to pt ON pt.need_id = n.id
      LEFT JOIN allocated_to alt ON alt.need_id = n.id
      WHERE n.status <> 'cancelled' ${needRegion}
    ),
    pledge_fig AS (${pledgeFigures})`;
}

const NEED_FIELDS = [
  'needed',
  'unmet',
  'unmet_committed',
  'need_count',
  'needed_eur',
  'unmet_eur',
  'unmet_committed_eur',
  'unvalued_need_count',
] as const;
const PLEDGE_FIELDS = [
  'pledged',
  'committed',
  'allocated',
  'shipped',
  'delivered',
  'pledge_count',
  'pledged_eur',
  'committed_eur',
  'allocated_eur',
  'shipped_eur',
  'delivered_eur',
  'unvalued_pledge_count',
] as const;

/** The need-side sums over `n` (need_gap rows); EUR over the needs with a price. */
const NEED_SUMS = sql`
  sum(n.quantity) AS needed, sum(n.unmet) AS unmet, sum(n.unmet_committed) AS unmet_committed,
  count(*) AS need_count, sum(n.quantity * n.unit_eur) AS needed_eur, sum(n.unmet * n.unit_eur) AS unmet_eur,
  sum(n.unmet_committed * n.unit_eur) AS unmet_committed_eur,
  count(*) FILTER (WHERE n.unit_eur IS NULL) AS unvalued_need_count,
  min(n.item_id::text) AS item_lo, max(n.item_id::text) AS item_hi`;

/** The pledge-side sums over `f` (pledge_fig rows); EUR over the valued pledges, pro rata. */
const PLEDGE_SUMS = sql`
  sum(f.pledged) AS pledged, sum(f.committed) AS committed, sum(f.allocated) AS allocated,
  sum(f.shipped) AS shipped, sum(f.delivered) AS delivered, count(DISTINCT f.pledge_id) AS pledge_count,
  sum(f.pledged * f.unit_eur) AS pledged_eur, sum(f.committed * f.unit_eur) AS committed_eur,
  sum(f.allocated * f.unit_eur) AS allocated_eur, sum(f.shipped * f.unit_eur) AS shipped_eur,
  sum(f.delivered * f.unit_eur) AS delivered_eur,
  count(DISTINCT f.pledge_id) FILTER (WHERE f.unit_eur IS NULL) AS unvalued_pledge_count,
  min(f.item_id::text) AS item_lo, max(f.item_id::text) AS item_hi`;

/** Every figure from the need sums `needs` and the pledge sums `pledges`, zero where a side has none. */
function figureColumns(needs: string, pledges: string) {
  return sql.join(
    [
      ...NEED_FIELDS.map((f) => sql`COALESCE(${sql.ref(`${needs}.${f}`)}, 0) AS ${sql.id(f)}`),
      ...PLEDGE_FIELDS.map((f) => sql`COALESCE(${sql.ref(`${pledges}.${f}`)}, 0) AS ${sql.id(f)}`),
      // LEAST and GREATEST skip nulls: the items of both sides.
      sql`LEAST(${sql.ref(`${needs}.item_lo`)}, ${sql.ref(`${pledges}.item_lo`)}) AS item_lo`,
      sql`GREATEST(${sql.ref(`${needs}.item_hi`)}, ${sql.ref(`${pledges}.item_hi`)}) AS item_hi`,
    ],
    sql`, `,
  );
}

/** The figures of `alias` as text, EUR rounded to cents, and the unit when it holds at most one item. */
function textColumns(alias: string) {
  return sql.join(
    [
      ...[...NEED_FIELDS, ...PLEDGE_FIELDS].map((f) =>
        f.endsWith('_eur')
          ? sql`round(${sql.ref(`${alias}.${f}`)}, 2)::text AS ${sql.id(f)}`
          : sql`${sql.ref(`${alias}.${f}`)}::text AS ${sql.id(f)}`,
      ),
      sql`(${sql.ref(`${alias}.item_lo`)} IS NULL OR ${sql.ref(`${alias}.item_lo`)} = ${sql.ref(`${alias}.item_hi`)}) AS one_item`,
      sql`(SELECT ui.unit FROM item ui WHERE ui.id::text = ${sql.ref(`${alias}.item_lo`)}
           AND ${sql.ref(`${alias}.item_lo`)} = ${sql.ref(`${alias}.item_hi`)}) AS one_unit`,
    ],
    sql`, `,
  );
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
    WITH ${visibleTables(reader)} ${baseTables(modeOf(by, scope), scope, reader)},
    needs_by AS (
      SELECT ${keys.need} AS key, ${NEED_SUMS}
      FROM ${needSource}
      WHERE true ${categoryMatch(sql`i.category`, scope.category)}
      GROUP BY 1
    ),
    pledges_by AS (
      SELECT ${keys.pledge} AS key, ${PLEDGE_SUMS}
      FROM pledge_fig f JOIN item i ON i.id = f.item_id
      WHERE true ${categoryMatch(sql`i.category`, scope.category)} ${placedIn(scope)}
      GROUP BY 1
    ),
    grouped AS (
      SELECT COALESCE(nb.key, pb.key) AS key, ${figureColumns('nb', 'pb')}
      FROM needs_by nb FULL JOIN pledges_by pb ON pb.key = nb.key
    ),
    labelled AS (${labels})
    SELECT g.key, l.label, COALESCE(l.unit, (SELECT ui.unit FROM item ui WHERE ui.id::text = g.item_lo
                                               AND g.item_lo = g.item_hi)) AS unit, ${textColumns('g')}
    FROM grouped g JOIN labelled l ON l.key = g.key
    ORDER BY ${by === 'item' ? sql`g.unmet DESC, g.needed DESC` : sql`g.unmet_eur DESC, g.needed_eur DESC, g.unmet DESC, g.needed DESC`}, l.label, g.key
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
    SELECT ${PLEDGE_SUMS}
    FROM pledge_fig f JOIN item i ON i.id = f.item_id
    WHERE true ${categoryMatch(sql`i.category`, scope.category)} ${placedIn(scope)}`;
  const result = await sql<GapFigureRow>`
    WITH ${visibleTables(reader)} ${baseTables(mode, scope, reader)},
    need_total AS (
      SELECT ${NEED_SUMS}
      FROM need_gap n JOIN item i ON i.id = n.item_id
      WHERE true ${categoryMatch(sql`i.category`, scope.category)}
    ),
    pledge_total AS (${pledgeTotals})
    SELECT ${textColumns('t')}
    FROM (SELECT ${figureColumns('nt', 'pt')} FROM need_total nt CROSS JOIN pledge_total pt) t
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
  needed_eur: string;
  pledged_eur: string;
  committed_eur: string;
  delivered_eur: string;
  /** Whether the series holds at most one item (its quantities add), and its unit. */
  one_item: boolean;
  one_unit: string | null;
}

/**
 * The dated events behind the weekly series: needs by `needed_by`, pledges by `announced_on`,
 * commitments by the day the first 'commit' transition took effect (its announcement day when it has
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
      SELECT pledge_id, min(COALESCE(effective_on, (at AT TIME ZONE 'UTC')::date)) AS on_date
      FROM pledge_transition WHERE action = 'commit' GROUP BY pledge_id
    ),
    dated AS (
      SELECT n.needed_by AS on_date, n.quantity AS needed, 0 AS pledged, 0 AS committed, 0 AS delivered,
             n.quantity * n.unit_eur AS needed_eur, 0 AS pledged_eur, 0 AS committed_eur, 0 AS delivered_eur,
             n.item_id
      FROM need_gap n JOIN item i ON i.id = n.item_id
      WHERE true ${needFilter}
      UNION ALL
      SELECT p.announced_on, 0, f.pledged, 0, 0, 0, f.pledged * f.unit_eur, 0, 0, f.item_id
      FROM pledge_fig f JOIN live_pledge p ON p.id = f.pledge_id JOIN item i ON i.id = f.item_id
      WHERE true ${pledgeFilter}
      UNION ALL
      SELECT COALESCE(fc.on_date, p.announced_on), 0, 0, f.committed, 0,
             0, 0, f.committed * f.unit_eur, 0, f.item_id
      FROM pledge_fig f JOIN live_pledge p ON p.id = f.pledge_id JOIN item i ON i.id = f.item_id
      LEFT JOIN first_commit fc ON fc.pledge_id = p.id
      WHERE f.committed > 0 ${pledgeFilter}
      UNION ALL
      SELECT cr.received_on, 0, 0, 0, cr.quantity, 0, 0, 0, cr.quantity * ${UNIT_EUR}, p.item_id
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
    WITH ${visibleTables(reader)} ${baseTables(filter?.by === 'region' ? 'placed' : 'pledge', {}, reader)}, ${datedEvents(filter)}
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
    WITH ${visibleTables(reader)} ${baseTables(filter?.by === 'region' ? 'placed' : 'pledge', {}, reader)}, ${datedEvents(filter)},
    weeks AS (
      SELECT generate_series(${fromMonday}::date, ${toMonday}::date, interval '1 week')::date AS monday
    ),
    per_week AS (
      SELECT GREATEST(date_trunc('week', on_date)::date, ${fromMonday}::date) AS monday,
             sum(needed) AS needed, sum(pledged) AS pledged, sum(committed) AS committed,
             sum(delivered) AS delivered, sum(needed_eur) AS needed_eur, sum(pledged_eur) AS pledged_eur,
             sum(committed_eur) AS committed_eur, sum(delivered_eur) AS delivered_eur
      FROM dated
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

/** Up to `limit` ids each of the needs without a price and the pledges without a value, in scope. */
export async function listUnvalued(
  db: Executor,
  scope: GapScope,
  reader: Reader | null,
  limit: number,
): Promise<{ kind: 'need' | 'pledge'; id: string }[]> {
  const mode = modeOf(null, scope);
  const result = await sql<{ kind: 'need' | 'pledge'; id: string }>`
    WITH ${visibleTables(reader)} ${baseTables(mode, scope, reader)}
    (SELECT 'need' AS kind, n.id::text AS id FROM need_gap n JOIN item i ON i.id = n.item_id
     WHERE n.unit_eur IS NULL ${categoryMatch(sql`i.category`, scope.category)}
     ORDER BY n.id LIMIT ${limit})
    UNION ALL
    (SELECT DISTINCT 'pledge', f.pledge_id::text FROM pledge_fig f JOIN item i ON i.id = f.item_id
     WHERE f.unit_eur IS NULL ${categoryMatch(sql`i.category`, scope.category)} ${placedIn(scope)}
     ORDER BY 2 LIMIT ${limit})
  `.execute(db);
  return result.rows;
}
