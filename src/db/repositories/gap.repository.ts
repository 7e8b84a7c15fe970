import { sql } from 'kysely';
import type { Executor } from './record.repository.js';

export type GapDimension = 'category' | 'item' | 'region' | 'donor';

export interface GapRow {
  key: string;
  label: string;
  unit: string | null;
  needed: string;
  pledged: string;
  unmet: string;
  need_count: string;
  pledge_count: string;
}

export interface GapScope {
  category?: string | undefined;
  region_id?: string | undefined;
}

/**
 * Needed, pledged and unmet per group. A need's unmet quantity is floored at zero before summing,
 * so one over-covered need never hides another's shortfall. Cancelled needs and cancelled or
 * expired pledges do not count.
 */
export async function aggregateGaps(db: Executor, by: GapDimension, scope: GapScope): Promise<GapRow[]> {
  const categoryMatch = (column: string) =>
    scope.category
      ? sql`AND (${sql.ref(column)} = ${scope.category} OR ${sql.ref(column)} LIKE ${`${scope.category}/%`})`
      : sql``;
  const needRegion = scope.region_id ? sql`AND n.region_id = ${scope.region_id}` : sql``;
  const pledgeRegion = scope.region_id
    ? sql`AND p.need_id IN (SELECT id FROM need WHERE region_id = ${scope.region_id})`
    : sql``;

  // For each dimension: the group key of a need, the group key of a pledge, and the label query.
  const keys = {
    category: { need: sql`i.category`, pledge: sql`i.category` },
    item: { need: sql`n.item_id::text`, pledge: sql`p.item_id::text` },
    region: { need: sql`n.region_id::text`, pledge: sql`pn.region_id::text` },
    donor: { need: sql`d.donor_org_id::text`, pledge: sql`p.donor_org_id::text` },
  }[by];

  // By donor, a need belongs to every donor that pledged against it.
  const needSource =
    by === 'donor'
      ? sql`need_gap n JOIN item i ON i.id = n.item_id
            JOIN (SELECT DISTINCT need_id, donor_org_id FROM live_pledge WHERE need_id IS NOT NULL) d ON d.need_id = n.id`
      : sql`need_gap n JOIN item i ON i.id = n.item_id`;
  // By region, a pledge is placed where the need it answers is; pledges with no need have no region.
  const pledgeSource =
    by === 'region'
      ? sql`live_pledge p JOIN item i ON i.id = p.item_id JOIN need pn ON pn.id = p.need_id`
      : sql`live_pledge p JOIN item i ON i.id = p.item_id`;

  const labels = {
    category: sql`SELECT g.key, g.key AS label, NULL::text AS unit FROM grouped g`,
    item: sql`SELECT g.key, it.code || ' ' || it.name AS label, it.unit FROM grouped g JOIN item it ON it.id::text = g.key`,
    region: sql`SELECT g.key, r.code || ' ' || r.name AS label, NULL::text AS unit FROM grouped g JOIN region r ON r.id::text = g.key`,
    donor: sql`SELECT g.key, o.name AS label, NULL::text AS unit FROM grouped g JOIN organisation o ON o.id::text = g.key`,
  }[by];

  const result = await sql<GapRow>`
    WITH live_pledge AS (
      SELECT * FROM pledge WHERE status NOT IN ('cancelled', 'expired')
    ),
    need_gap AS (
      SELECT n.*, GREATEST(n.quantity - COALESCE(
               (SELECT sum(p.quantity) FROM live_pledge p WHERE p.need_id = n.id), 0), 0) AS unmet
      FROM need n
      WHERE n.status <> 'cancelled' ${needRegion}
    ),
    needs_by AS (
      SELECT ${keys.need} AS key, sum(n.quantity) AS needed, sum(n.unmet) AS unmet, count(*) AS need_count
      FROM ${needSource}
      WHERE true ${categoryMatch('i.category')}
      GROUP BY 1
    ),
    pledges_by AS (
      SELECT ${keys.pledge} AS key, sum(p.quantity) AS pledged, count(*) AS pledge_count
      FROM ${pledgeSource}
      WHERE true ${categoryMatch('i.category')} ${pledgeRegion}
      GROUP BY 1
    ),
    grouped AS (
      SELECT COALESCE(nb.key, pb.key) AS key,
             COALESCE(nb.needed, 0) AS needed, COALESCE(pb.pledged, 0) AS pledged,
             COALESCE(nb.unmet, 0) AS unmet,
             COALESCE(nb.need_count, 0) AS need_count, COALESCE(pb.pledge_count, 0) AS pledge_count
      FROM needs_by nb FULL JOIN pledges_by pb ON pb.key = nb.key
    ),
    labelled AS (${labels})
    SELECT g.key, l.label, l.unit, g.needed::text, g.pledged::text, g.unmet::text,
           g.need_count::text, g.pledge_count::text
    FROM grouped g JOIN labelled l ON l.key = g.key
    ORDER BY g.unmet DESC, g.needed DESC, l.label, g.key
  `.execute(db);
  return result.rows;
}
