import { type RawBuilder, sql } from 'kysely';
import { type Reader, visibleTables, withVisibleTables } from '../../core/auth/visibility.js';
import { countedFacts } from './figure.repository.js';
import type { Executor } from './record.repository.js';

/** The funnel figures of a set of pledges, as decimal strings (counts as integer strings). */
export interface FunnelRow {
  pledge_count: string;
  cancelled_count: string;
  announced: string;
  cancelled: string;
  committed: string;
  allocated: string;
  shipped: string;
  delivered: string;
  in_service: string;
  announced_value: string;
  committed_value: string;
  allocated_value: string;
  shipped_value: string;
  delivered_value: string;
  unvalued_count: string;
  delivered_pledge_count: string;
  /** Days, possibly with a fraction (the median of an even count); null when no pledge was received. */
  median_days: string | null;
  /** Distinct items among the group's pledges (integer text). */
  item_count: string;
  /** The unit of the group's one item; null when it has none or several. */
  unit: string | null;
}

export interface EventFunnelRow extends FunnelRow {
  event_id: string | null;
  name: string;
  starts_on: string | null;
}

export interface DonorFunnelRow extends FunnelRow {
  donor_org_id: string;
  name: string;
}

export interface ConversionScope {
  category?: string | undefined;
}

const COLUMNS = [
  'pledge_count',
  'cancelled_count',
  'announced',
  'cancelled',
  'committed',
  'allocated',
  'shipped',
  'delivered',
  'in_service',
  'announced_value',
  'committed_value',
  'allocated_value',
  'shipped_value',
  'delivered_value',
  'unvalued_count',
  'delivered_pledge_count',
  'item_count',
] as const;

/** The funnel columns of `f`, zero when the group has no pledge (an event where nothing was pledged). */
const funnelColumns = sql.join([
  ...COLUMNS.map((column) => sql`COALESCE(f.${sql.ref(column)}, 0)::text AS ${sql.ref(column)}`),
  sql`f.median_days::text AS median_days`,
  sql`f.unit AS unit`,
]);

/**
 * Pledges grouped by `groupKey`, each group's funnel: announced (everything, cancelled included),
 * then committed → allocated → shipped → delivered → in service of the live pledges (allocated,
 * shipped and delivered from the rows the reader may count, figure.repository.ts; in service at
 * most what the reader sees delivered), their EUR values (donor-reported, else price list)
 * values pro rata of the pledge's value, and the median days from announcement to the first receipt.
 */
function funnel(groupKey: RawBuilder<unknown>, scope: ConversionScope, reader: Reader | null) {
  const category = scope.category
    ? sql`AND (i.category = ${scope.category} OR i.category LIKE ${`${scope.category}/%`})`
    : sql``;
  return sql`
    ${countedFacts(reader)},
    first_receipt AS (
      SELECT pledge_id, min(received_on) AS received_on
      FROM counted_received
      WHERE quantity > 0
      GROUP BY pledge_id
    ),
    pledged AS (
      SELECT p.id, p.event_id, p.donor_org_id, p.item_id, i.unit, p.quantity,
             COALESCE(p.value_eur, p.price_list_eur) AS value_eur,
             p.announced_on,
             p.status NOT IN ('cancelled', 'expired') AS live, fr.received_on AS first_received_on,
             p.committed_quantity,
             COALESCE(al.total, 0) AS allocated_quantity,
             COALESCE(sh.total, 0) AS shipped_quantity,
             COALESCE(rc.total, 0) AS delivered_quantity,
             LEAST(p.in_service_quantity, COALESCE(rc.total, 0)) AS in_service_quantity
      FROM pledge p
      JOIN item i ON i.id = p.item_id
      LEFT JOIN first_receipt fr ON fr.pledge_id = p.id
      LEFT JOIN (SELECT pledge_id, sum(quantity) AS total FROM counted_allocation GROUP BY pledge_id) al
             ON al.pledge_id = p.id
      LEFT JOIN (SELECT pledge_id, sum(quantity) AS total FROM counted_shipped GROUP BY pledge_id) sh
             ON sh.pledge_id = p.id
      LEFT JOIN (SELECT pledge_id, sum(quantity) AS total FROM counted_received GROUP BY pledge_id) rc
             ON rc.pledge_id = p.id
      WHERE true ${category}
    ),
    f AS (
      SELECT ${groupKey} AS group_key,
             count(*) AS pledge_count,
             count(*) FILTER (WHERE NOT live) AS cancelled_count,
             sum(quantity) AS announced,
             COALESCE(sum(quantity) FILTER (WHERE NOT live), 0) AS cancelled,
             COALESCE(sum(committed_quantity) FILTER (WHERE live), 0) AS committed,
             COALESCE(sum(allocated_quantity) FILTER (WHERE live), 0) AS allocated,
             COALESCE(sum(shipped_quantity) FILTER (WHERE live), 0) AS shipped,
             COALESCE(sum(delivered_quantity) FILTER (WHERE live), 0) AS delivered,
             COALESCE(sum(in_service_quantity) FILTER (WHERE live), 0) AS in_service,
             COALESCE(sum(value_eur), 0) AS announced_value,
             COALESCE(round(sum(value_eur * committed_quantity / quantity) FILTER (WHERE live), 2), 0)
               AS committed_value,
             COALESCE(round(sum(value_eur * allocated_quantity / quantity) FILTER (WHERE live), 2), 0)
               AS allocated_value,
             COALESCE(round(sum(value_eur * shipped_quantity / quantity) FILTER (WHERE live), 2), 0)
               AS shipped_value,
             COALESCE(round(sum(value_eur * delivered_quantity / quantity) FILTER (WHERE live), 2), 0)
               AS delivered_value,
             count(*) FILTER (WHERE value_eur IS NULL) AS unvalued_count,
             count(*) FILTER (WHERE live AND first_received_on IS NOT NULL) AS delivered_pledge_count,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY first_received_on - announced_on)
               FILTER (WHERE live AND first_received_on IS NOT NULL) AS median_days,
             count(DISTINCT item_id) AS item_count,
             CASE WHEN count(DISTINCT item_id) = 1 THEN min(unit) END AS unit
      FROM pledged
      GROUP BY 1
    )`;
}

/** The funnel of each event, every event listed, then the pledges announced at no event. */
export async function aggregateEventFunnels(
  db: Executor,
  scope: ConversionScope,
  reader: Reader | null,
): Promise<EventFunnelRow[]> {
  const result = await sql<EventFunnelRow>`
    WITH ${visibleTables(reader)} ${funnel(sql`event_id`, scope, reader)}
    SELECT * FROM (
      SELECT e.id::text AS event_id, e.name, e.starts_on::text AS starts_on, ${funnelColumns}
      FROM event e LEFT JOIN f ON f.group_key = e.id
      UNION ALL
      SELECT NULL, 'No event', NULL, ${funnelColumns}
      FROM f WHERE f.group_key IS NULL
    ) events
    ORDER BY starts_on NULLS LAST, name, event_id
  `.execute(db);
  return result.rows;
}

/** The funnel of each donor with a pledge, largest announced EUR value first. */
export async function aggregateDonorFunnels(
  db: Executor,
  scope: ConversionScope,
  reader: Reader | null,
): Promise<DonorFunnelRow[]> {
  const result = await sql<DonorFunnelRow>`
    WITH ${visibleTables(reader)} ${funnel(sql`donor_org_id`, scope, reader)}
    SELECT o.id::text AS donor_org_id, o.name, ${funnelColumns}
    FROM f JOIN organisation o ON o.id = f.group_key
    ORDER BY f.announced_value DESC, o.name, o.id
  `.execute(db);
  return result.rows;
}

/** Pledges (of the scope, that the reader may see) with neither a donor-reported nor a price-list value. */
export async function listUnvaluedPledges(
  db: Executor,
  scope: ConversionScope,
  reader: Reader | null,
  limit: number,
): Promise<string[]> {
  const category = scope.category
    ? sql`AND (i.category = ${scope.category} OR i.category LIKE ${`${scope.category}/%`})`
    : sql``;
  const result = await sql<{ id: string }>`
    ${withVisibleTables(reader)}
    SELECT p.id::text AS id FROM pledge p JOIN item i ON i.id = p.item_id
     WHERE p.value_eur IS NULL AND p.price_list_eur IS NULL ${category}
     ORDER BY p.id LIMIT ${limit}`.execute(db);
  return result.rows.map((row) => row.id);
}
