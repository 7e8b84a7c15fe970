import type { Kysely } from 'kysely';
import {
  listDerivedNeedsInRegion,
  listFirstFrost,
  listIncidentsInRegion,
  type ReadinessRow,
  readinessByRegion,
  upsertFirstFrost,
} from '../../db/repositories/incident.repository.js';
import { findExistingIds } from '../../db/repositories/record.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader, readerOf, visibilityCondition } from '../auth/visibility.js';
import { NotFound, ProblemList } from '../errors.js';
import { needKind } from '../needs/need.service.js';
import type { Actor } from '../shared/record.service.js';
import { checkDate, checkText, quantityFromColumn } from '../shared/values.js';
import { dayNumber } from './derivation.js';
import { incidentKind } from './incident.service.js';
import type {
  FirstFrost,
  FirstFrostSet,
  ReadinessReport,
  RegionReadiness,
  RegionReadinessDetail,
} from './readiness.schema.js';

export const READINESS_NOTES = [
  'People without power, heat or water: per region and service, the largest figure among the incidents active on as_of whose restoration is not expected by then (overlapping waves hit the same people, so figures are not added).',
  'Derived needs: needs derived from incidents, not cancelled; pledged counts open pledges made against them, allocated and delivered what you may see allocated to and received against them.',
  'Quantities (needed, pledged, allocated, delivered) are given only when a region’s derived needs are of one item, in its unit; across items they are null and value gives the same figures in EUR at the price list of each need’s item (needs without a price are counted in unvalued_need_count). delivered_share is unit-free: the mean of each need’s delivered share.',
  'Frost factor: 1 once the first frost has come (days_to_first_frost ≤ 0), otherwise max(0.25, 1 − days / 60); 0.5 when the region has no first-frost date.',
  'Repairs: the repair projects you may see in the region, not cancelled and not energised by as_of (open), those whose work has begun by as_of (under_way: an actual milestone after assessed), the span of their planned energising days and the people they reconnect once energised. Repairs do not enter the risk score.',
  'risk_score = 100 × (largest of people without power, heat, water ÷ population) × frost factor × (0.5 + 0.5 × (1 − delivered_share)), one decimal; delivered_share is 0 without derived needs. Ties rank by people exposed, then region code.',
];

function frostFactor(days: number | null): number {
  if (days === null) return 0.5;
  if (days <= 0) return 1;
  return Math.max(0.25, 1 - days / 60);
}

const eur = (amount: string) => ({ amount: Number(amount).toFixed(2), currency: 'EUR' });

/** One region's figures and risk score, before ranking. */
export function scoreRegion(row: ReadinessRow, asOf: string): Omit<RegionReadiness, 'rank'> {
  const population = row.population === null ? null : Number(row.population);
  const power = Number(row.people_without_power);
  const heat = Number(row.people_without_heat);
  const water = Number(row.people_without_water);
  const days = row.first_frost_on === null ? null : dayNumber(row.first_frost_on) - dayNumber(asOf);
  const deliveredShare = row.delivered_share === null ? null : Number(row.delivered_share);
  const itemCount = Number(row.item_count);
  // Quantities only when the derived needs are of (at most) one item: different units do not add.
  const quantity = (value: string) => (itemCount <= 1 ? quantityFromColumn(value) : null);
  const exposed = population ? Math.min(1, Math.max(power, heat, water) / population) : 0;
  const score = 100 * exposed * frostFactor(days) * (0.5 + 0.5 * (1 - (deliveredShare ?? 0)));
  return {
    region_id: row.region_id,
    region_code: row.region_code,
    region_name: row.region_name,
    population,
    people_without_power: power,
    people_without_heat: heat,
    people_without_water: water,
    active_incidents: Number(row.active_incidents),
    first_frost_on: row.first_frost_on,
    days_to_first_frost: days,
    derived_needs: Number(row.derived_needs),
    critical_needs: Number(row.critical_needs),
    needs_for_review: Number(row.needs_for_review),
    item_count: itemCount,
    unit: itemCount === 1 ? row.unit : null,
    needed: quantity(row.needed),
    pledged: quantity(row.pledged),
    allocated: quantity(row.allocated),
    delivered: quantity(row.delivered),
    value: {
      needed: eur(row.needed_eur),
      pledged: eur(row.pledged_eur),
      allocated: eur(row.allocated_eur),
      delivered: eur(row.delivered_eur),
      basis: 'price_list',
    },
    unvalued_need_count: Number(row.unvalued_need_count),
    delivered_share: deliveredShare === null ? null : Math.round(deliveredShare * 1000) / 1000,
    repairs: {
      open: Number(row.repairs_open),
      under_way: Number(row.repairs_under_way),
      energising_first_on: row.energising_first_on,
      energising_last_on: row.energising_last_on,
      people_awaiting_reconnection: Number(row.people_awaiting_reconnection),
    },
    risk_score: Math.round(score * 10) / 10,
  };
}

/** Most at risk first: score, then people exposed, then region code. */
export function rankRegions(regions: readonly Omit<RegionReadiness, 'rank'>[]): RegionReadiness[] {
  const exposed = (r: Omit<RegionReadiness, 'rank'>) =>
    Math.max(r.people_without_power, r.people_without_heat, r.people_without_water);
  return [...regions]
    .sort(
      (a, b) =>
        b.risk_score - a.risk_score ||
        exposed(b) - exposed(a) ||
        (a.region_code < b.region_code ? -1 : a.region_code > b.region_code ? 1 : 0),
    )
    .map((region, index) => ({ rank: index + 1, ...region }));
}

function checkAsOf(asOf: string): void {
  const problems = new ProblemList();
  checkDate(problems, 'as_of', asOf);
  problems.throwIfAny();
}

export type ReadinessService = ReturnType<typeof createReadinessService>;

/** Winter readiness: regions ranked by people without services, frost and what has arrived. */
export function createReadinessService(deps: { db: Kysely<Database>; today?: () => string }) {
  const { db, today = () => new Date().toISOString().slice(0, 10) } = deps;
  return {
    async ranking(asOf: string = today()): Promise<ReadinessReport> {
      checkAsOf(asOf);
      // Figures cover only what the reader of the request may see (visibility.ts).
      const rows = await readinessByRegion(db, asOf, currentReader());
      return {
        as_of: asOf,
        regions: rankRegions(rows.map((row) => scoreRegion(row, asOf))),
        notes: READINESS_NOTES,
      };
    },

    async region(regionId: string, asOf: string = today()): Promise<RegionReadinessDetail> {
      checkAsOf(asOf);
      const reader = currentReader();
      const all = rankRegions(
        (await readinessByRegion(db, asOf, reader)).map((row) => scoreRegion(row, asOf)),
      );
      const region = all.find((r) => r.region_id === regionId);
      if (!region) throw NotFound('region', regionId);
      const incidents = await listIncidentsInRegion(db, regionId, asOf, reader);
      const needs = await listDerivedNeedsInRegion(db, regionId, reader);
      return {
        as_of: asOf,
        region,
        incidents: incidents.map((row) => incidentKind.toEntity(row)),
        needs: needs.map((row) => needKind.toEntity(row)),
        notes: READINESS_NOTES,
      };
    },

    async firstFrost(): Promise<FirstFrost[]> {
      return listFirstFrost(db);
    },

    /** Sets a region's first-frost date; derivations from then on use it (re-derive to apply). */
    async setFirstFrost(regionId: string, input: FirstFrostSet, actor: Actor): Promise<FirstFrost> {
      const problems = new ProblemList();
      checkDate(problems, 'first_frost_on', input.first_frost_on);
      checkText(problems, 'note', input.note, 1000);
      problems.throwIfAny();
      const visible = visibilityCondition('region', readerOf(actor));
      if (!(await findExistingIds(db, 'region', [regionId], visible)).has(regionId))
        throw NotFound('region', regionId);
      await upsertFirstFrost(db, [
        {
          region_id: regionId,
          first_frost_on: input.first_frost_on,
          note: input.note ?? null,
          synthetic: false,
          updated_by: actor.id,
        },
      ]);
      const found = (await listFirstFrost(db)).find((row) => row.region_id === regionId);
      if (!found) throw NotFound('region', regionId);
      return found;
    },
  };
}
