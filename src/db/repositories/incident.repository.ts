import { type Insertable, sql } from 'kysely';
import { type Reader, visibilityCondition, visibleTables } from '../../core/auth/visibility.js';
import type { NeedTable, Priority, RegionFirstFrostTable } from '../schema.js';
import { countedTables } from './figure.repository.js';
import type { Executor } from './record.repository.js';

/** Active rules with their item's unit, ordered by code. */
export async function listActiveRules(db: Executor) {
  return db
    .selectFrom('need_rule')
    .innerJoin('item', 'item.id', 'need_rule.item_id')
    .selectAll('need_rule')
    .select('item.unit as item_unit')
    .where('need_rule.active', '=', true)
    .orderBy('need_rule.code')
    .orderBy('need_rule.id')
    .execute();
}

/** Active rules of the same trigger and item that would size the same need as the given one. */
export async function findOverlappingRules(
  db: Executor,
  rule: {
    id: string | undefined;
    trigger: string;
    item_id: string;
    service: string | null;
    asset_kind: string | null;
    asset_class: string | null;
  },
) {
  let query = db
    .selectFrom('need_rule')
    .select(['id', 'code'])
    .where('active', '=', true)
    .where('trigger', '=', rule.trigger)
    .where('item_id', '=', rule.item_id);
  if (rule.id) query = query.where('id', '<>', rule.id);
  if (rule.trigger === 'service_outage') {
    query = query.where('service', '=', rule.service);
  } else {
    query = query.where('asset_kind', '=', rule.asset_kind);
    if (rule.asset_class !== null) {
      const assetClass = rule.asset_class;
      query = query.where((eb) => eb.or([eb('asset_class', 'is', null), eb('asset_class', '=', assetClass)]));
    }
  }
  return query.orderBy('code').execute();
}

export async function listFirstFrost(db: Executor) {
  return db
    .selectFrom('region_first_frost')
    .innerJoin('region', 'region.id', 'region_first_frost.region_id')
    .select([
      'region_first_frost.region_id',
      'region.code as region_code',
      'region.name as region_name',
      'region_first_frost.first_frost_on',
      'region_first_frost.note',
      'region_first_frost.synthetic',
    ])
    .orderBy('region.code')
    .execute();
}

export async function upsertFirstFrost(
  db: Executor,
  rows: readonly Omit<Insertable<RegionFirstFrostTable>, 'updated_at'>[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('region_first_frost')
    .values([...rows])
    .onConflict((oc) =>
      oc.column('region_id').doUpdateSet((eb) => ({
        first_frost_on: eb.ref('excluded.first_frost_on'),
        note: eb.ref('excluded.note'),
        synthetic: eb.ref('excluded.synthetic'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: sql`now()`,
      })),
    )
    .execute();
}

/** The needs derived from one incident, locked for the reconciliation. */
export async function lockDerivedNeeds(db: Executor, incidentId: string) {
  return db
    .selectFrom('need')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export async function insertNeed(db: Executor, row: Insertable<NeedTable>) {
  return db.insertInto('need').values(row).returningAll().executeTakeFirstOrThrow();
}

export interface DerivedNeedChange {
  quantity?: number;
  priority?: Priority;
  needed_by?: string;
  rule_version?: number;
  derivation?: string;
  status?: string;
  needs_review: boolean;
  review_reason: string | null;
  /** Raised to the floor of the incident and the rule (src/core/shared/classification.ts). */
  classification?: 'public' | 'coalition' | 'restricted';
  embargo_until?: string | null;
}

/** A derivation's change to one need; the status follows the met quantity unless given. */
export async function updateDerivedNeed(db: Executor, id: string, change: DerivedNeedChange, actor: string) {
  const { status, ...rest } = change;
  const quantity = change.quantity === undefined ? sql`quantity` : sql`${change.quantity}::numeric`;
  return db
    .updateTable('need')
    .set({
      ...rest,
      status:
        status !== undefined
          ? status
          : sql<string>`CASE
              WHEN met_quantity >= ${quantity} THEN 'met'
              WHEN met_quantity > 0 THEN 'partially_met'
              ELSE 'open' END`,
      version: sql<number>`version + 1`,
      updated_at: sql<Date>`now()`,
      updated_by: actor,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ReadinessRow {
  region_id: string;
  region_code: string;
  region_name: string;
  population: string | null;
  people_without_power: string;
  people_without_heat: string;
  people_without_water: string;
  active_incidents: string;
  first_frost_on: string | null;
  derived_needs: string;
  critical_needs: string;
  needs_for_review: string;
  needed: string;
  pledged: string;
  allocated: string;
  delivered: string;
  /** Mean over derived needs of min(1, delivered / quantity), as numeric text; null without needs. */
  delivered_share: string | null;
  /** Distinct items among the derived needs (integer text). */
  item_count: string;
  /** The unit of the derived needs' one item; null when they span several items or there are none. */
  unit: string | null;
  /** EUR at the price list of each need's item (numeric text), over the needs that have a price. */
  needed_eur: string;
  pledged_eur: string;
  allocated_eur: string;
  delivered_eur: string;
  /** Derived needs whose item has no price (left out of the EUR values). */
  unvalued_need_count: string;
  /** Repair projects (visible, not cancelled) not energised by as_of (integer text). */
  repairs_open: string;
  /** Of those, the ones whose work has begun by as_of: an actual milestone after `assessed`. */
  repairs_under_way: string;
  /** Earliest and latest planned energising day of the open repairs; null without one. */
  energising_first_on: string | null;
  energising_last_on: string | null;
  /** People the open repairs reconnect at energising (integer text). */
  people_awaiting_reconnection: string;
}

/**
 * Per region: people without each service now (the largest figure of the incidents active on
 * `asOf`, not their sum: waves hit the same people again), first frost, and the needs derived from
 * incidents with what was pledged (open pledges made against them), allocated and delivered (the
 * allocations and receipts the reader may count, figure.repository.ts).
 */
export async function readinessByRegion(
  db: Executor,
  asOf: string,
  reader: Reader | null,
  regionId?: string,
) {
  const result = await sql<ReadinessRow>`
    WITH ${visibleTables(reader)} impact AS (
      SELECT i.id AS incident_id, x.region_id, x.service, x.people_affected
        FROM incident i
        CROSS JOIN LATERAL jsonb_to_recordset(i.impacts)
          AS x(region_id uuid, service text, people_affected bigint, restoration_expected_on date)
       WHERE i.status = 'active'
         AND i.occurred_at::date <= ${asOf}::date
         AND (x.restoration_expected_on IS NULL OR x.restoration_expected_on > ${asOf}::date)
    ),
    outage AS (
      SELECT region_id,
             max(people_affected) FILTER (WHERE service = 'power') AS power,
             max(people_affected) FILTER (WHERE service = 'heat') AS heat,
             max(people_affected) FILTER (WHERE service = 'water') AS water,
             count(DISTINCT incident_id) AS incidents
        FROM impact GROUP BY region_id
    ),
    pledged AS (
      SELECT p.need_id, sum(p.quantity) AS quantity
        FROM pledge p
       WHERE p.need_id IS NOT NULL AND p.status NOT IN ('cancelled', 'expired')
       GROUP BY p.need_id
    ),
    ${countedTables()},
    need_stage AS (
      SELECT n.id,
             (SELECT ni.reference_price_amount
                     * CASE WHEN ni.reference_price_currency = 'EUR' THEN 1
                            ELSE (SELECT fx.eur_per_unit FROM fx_rate fx
                                  WHERE fx.currency = ni.reference_price_currency AND fx.rate_on <= n.needed_by
                                  ORDER BY fx.rate_on DESC LIMIT 1) END
                FROM item ni WHERE ni.id = n.item_id) AS unit_eur,
             (SELECT COALESCE(sum(quantity), 0) FROM counted_allocation ca WHERE ca.need_id = n.id) AS allocated,
             (SELECT COALESCE(sum(quantity), 0) FROM counted_received cr WHERE cr.need_id = n.id) AS met
        FROM need n
       WHERE n.incident_id IS NOT NULL AND n.status <> 'cancelled'
    ),
    derived AS (
      SELECT n.region_id,
             count(*) AS needs,
             count(*) FILTER (WHERE n.priority = 'critical') AS critical,
             count(*) FILTER (WHERE n.needs_review) AS review,
             sum(n.quantity) AS needed,
             sum(coalesce(pl.quantity, 0)) AS pledged,
             sum(ns.allocated) AS allocated,
             sum(ns.met) AS delivered,
             avg(least(1, ns.met / n.quantity)) AS delivered_share,
             count(DISTINCT n.item_id) AS item_count,
             CASE WHEN count(DISTINCT n.item_id) = 1 THEN min(it.unit) END AS unit,
             COALESCE(round(sum(n.quantity * ns.unit_eur), 2), 0) AS needed_eur,
             COALESCE(round(sum(coalesce(pl.quantity, 0) * ns.unit_eur), 2), 0) AS pledged_eur,
             COALESCE(round(sum(ns.allocated * ns.unit_eur), 2), 0) AS allocated_eur,
             COALESCE(round(sum(ns.met * ns.unit_eur), 2), 0) AS delivered_eur,
             count(*) FILTER (WHERE ns.unit_eur IS NULL) AS unvalued_need_count
        FROM need n JOIN need_stage ns ON ns.id = n.id LEFT JOIN pledged pl ON pl.need_id = n.id
        JOIN item it ON it.id = n.item_id
       WHERE n.incident_id IS NOT NULL AND n.status <> 'cancelled'
       GROUP BY n.region_id
    ),
    repair AS (
      SELECT rp.region_id,
             count(*) AS open,
             count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM repair_milestone m
                WHERE m.repair_project_id = rp.id AND m.stage <> 'assessed' AND m.actual_on <= ${asOf}::date
             )) AS under_way,
             min(e.planned_on) AS energising_first_on,
             max(e.planned_on) AS energising_last_on,
             sum(rp.people_reconnected) AS awaiting
        FROM repair_project rp
        LEFT JOIN repair_milestone e ON e.repair_project_id = rp.id AND e.stage = 'energised'
       WHERE rp.status <> 'cancelled'
         AND (e.actual_on IS NULL OR e.actual_on > ${asOf}::date)
       GROUP BY rp.region_id
    )
    SELECT r.id AS region_id, r.code AS region_code, r.name AS region_name, r.population::text AS population,
           coalesce(o.power, 0)::text AS people_without_power,
           coalesce(o.heat, 0)::text AS people_without_heat,
           coalesce(o.water, 0)::text AS people_without_water,
           coalesce(o.incidents, 0)::text AS active_incidents,
           f.first_frost_on::text AS first_frost_on,
           coalesce(d.needs, 0)::text AS derived_needs,
           coalesce(d.critical, 0)::text AS critical_needs,
           coalesce(d.review, 0)::text AS needs_for_review,
           coalesce(d.needed, 0)::text AS needed,
           coalesce(d.pledged, 0)::text AS pledged,
           coalesce(d.allocated, 0)::text AS allocated,
           coalesce(d.delivered, 0)::text AS delivered,
           d.delivered_share::text AS delivered_share,
           coalesce(d.item_count, 0)::text AS item_count,
           d.unit,
           coalesce(d.needed_eur, 0)::text AS needed_eur,
           coalesce(d.pledged_eur, 0)::text AS pledged_eur,
           coalesce(d.allocated_eur, 0)::text AS allocated_eur,
           coalesce(d.delivered_eur, 0)::text AS delivered_eur,
           coalesce(d.unvalued_need_count, 0)::text AS unvalued_need_count,
           coalesce(rp.open, 0)::text AS repairs_open,
           coalesce(rp.under_way, 0)::text AS repairs_under_way,
           rp.energising_first_on::text AS energising_first_on,
           rp.energising_last_on::text AS energising_last_on,
           coalesce(rp.awaiting, 0)::text AS people_awaiting_reconnection
      FROM region r
      LEFT JOIN outage o ON o.region_id = r.id
      LEFT JOIN derived d ON d.region_id = r.id
      LEFT JOIN repair rp ON rp.region_id = r.id
      LEFT JOIN region_first_frost f ON f.region_id = r.id
     WHERE ${regionId ?? null}::uuid IS NULL OR r.id = ${regionId ?? null}::uuid
     ORDER BY r.code, r.id`.execute(db);
  return result.rows;
}

/** Active incidents with an impact or damage in the region on `asOf`, newest first. */
export async function listIncidentsInRegion(
  db: Executor,
  regionId: string,
  asOf: string,
  reader: Reader | null,
) {
  return db
    .selectFrom('incident')
    .selectAll()
    .where(visibilityCondition('incident', reader))
    .where('status', '=', 'active')
    .where(sql<boolean>`occurred_at::date <= ${asOf}::date`)
    .where(
      sql<boolean>`(impacts @> ${JSON.stringify([{ region_id: regionId }])}::jsonb OR damage @> ${JSON.stringify([{ region_id: regionId }])}::jsonb)`,
    )
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Needs derived from incidents in a region, by needed-by date. */
export async function listDerivedNeedsInRegion(db: Executor, regionId: string, reader: Reader | null) {
  return db
    .selectFrom('need')
    .selectAll()
    .where(visibilityCondition('need', reader))
    .where('region_id', '=', regionId)
    .where('incident_id', 'is not', null)
    .orderBy('needed_by')
    .orderBy('id')
    .execute();
}

/** Region ids by ISO 3166-2 code (for the CLI, which takes codes). */
export async function findRegionIdsByCode(db: Executor, codes: readonly string[]) {
  if (codes.length === 0) return [];
  return db
    .selectFrom('region')
    .select(['id', 'code'])
    .where('code', 'in', [...codes])
    .orderBy('code')
    .execute();
}

export async function findItemIdByCode(db: Executor, code: string) {
  return db.selectFrom('item').select('id').where('code', '=', code).executeTakeFirst();
}

export async function findNeedRuleByCode(db: Executor, code: string) {
  return db.selectFrom('need_rule').selectAll().where('code', '=', code).executeTakeFirst();
}
