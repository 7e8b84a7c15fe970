import type { Kysely } from 'kysely';
import {
  aggregateDonorFunnels,
  aggregateEventFunnels,
  type ConversionScope,
  type FunnelRow,
  listUnvaluedPledges,
} from '../../db/repositories/conversion.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader } from '../auth/visibility.js';
import { moneyByDonor } from '../money-pledges/money-by-donor.js';
import type { DonorFunnelReport, EventConversion, EventConversionReport } from './conversion.schema.js';

const NOTES = [
  'Announced counts every pledge, cancelled and expired ones included: a promise withdrawn is a promise not kept. Committed, allocated, shipped, delivered and in service count live pledges only, so announced ≥ committed ≥ allocated ≥ shipped ≥ delivered ≥ in service.',
  'Quantities are given only for a group whose pledges are of one item, in its unit; a group that spans several items gives counts and EUR values instead (quantities and the ratios by quantity are null): quantities of different units do not add.',
  'EUR values: each pledge at its donor-reported value, else its price-list value (valuation.basis on the pledge), pro rata of each stage. Pledges with neither are counted in unvalued_count, listed in unvalued.pledge_ids and left out of the values.',
  'Median days to delivery: over live pledges with at least one receipt, the days from announcement to the first receipt of any of their shipment lines.',
];

const DONOR_NOTE =
  'Per donor, committed − delivered is what the donor has promised firmly and not yet handed over.';

/** Every note the event and donor reports may carry (the web UI translates each). */
export const ALL_CONVERSION_NOTES: readonly string[] = [...NOTES, DONOR_NOTE];

/** A ratio with 3 decimals; null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  if (!(whole > 0)) return null;
  return Math.round((part / whole) * 1000) / 1000;
}

function eur(amount: string) {
  const [whole, fraction = ''] = amount.split('.');
  return { amount: `${whole}.${fraction.padEnd(2, '0').slice(0, 2)}`, currency: 'EUR' };
}

/** How many unvalued pledges a report lists by id (all are counted). */
const UNVALUED_LISTED = 100;

function funnelOf(row: FunnelRow): Omit<EventConversion, 'event_id' | 'name' | 'starts_on'> {
  const itemCount = Number(row.item_count);
  // Quantities only for a group of (at most) one item: different units do not add.
  const quantity = (value: string) => (itemCount <= 1 ? Number(value) : null);
  const announced = Number(row.announced);
  const announcedValue = Number(row.announced_value);
  const byQuantity = (part: string) => (itemCount <= 1 ? ratio(Number(part), announced) : null);
  return {
    pledge_count: Number(row.pledge_count),
    cancelled_count: Number(row.cancelled_count),
    item_count: itemCount,
    unit: itemCount === 1 ? row.unit : null,
    announced: quantity(row.announced),
    cancelled: quantity(row.cancelled),
    committed: quantity(row.committed),
    allocated: quantity(row.allocated),
    shipped: quantity(row.shipped),
    delivered: quantity(row.delivered),
    in_service: quantity(row.in_service),
    committed_ratio: byQuantity(row.committed),
    delivered_ratio: byQuantity(row.delivered),
    announced_value: eur(row.announced_value),
    committed_value: eur(row.committed_value),
    allocated_value: eur(row.allocated_value),
    shipped_value: eur(row.shipped_value),
    delivered_value: eur(row.delivered_value),
    unvalued_count: Number(row.unvalued_count),
    committed_value_ratio: ratio(Number(row.committed_value), announcedValue),
    delivered_value_ratio: ratio(Number(row.delivered_value), announcedValue),
    delivered_pledge_count: Number(row.delivered_pledge_count),
    median_days_to_delivery: row.median_days === null ? null : Number(row.median_days),
  };
}

export type ConversionService = ReturnType<typeof createConversionService>;

/** Promises kept: how much of what was announced, per event or per donor, was committed and delivered. */
export function createConversionService(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  return {
    async events(scope: ConversionScope = {}): Promise<EventConversionReport> {
      const reader = currentReader();
      const [rows, unvalued] = await Promise.all([
        aggregateEventFunnels(db, scope, reader),
        listUnvaluedPledges(db, scope, reader, UNVALUED_LISTED),
      ]);
      return {
        unvalued: { pledge_ids: unvalued },
        events: rows.map((row) => ({
          event_id: row.event_id,
          name: row.name,
          starts_on: row.starts_on,
          ...funnelOf(row),
        })),
        notes: NOTES,
      };
    },

    async donors(scope: ConversionScope = {}): Promise<DonorFunnelReport> {
      const reader = currentReader();
      const [rows, unvalued] = await Promise.all([
        aggregateDonorFunnels(db, scope, reader),
        listUnvaluedPledges(db, scope, reader, UNVALUED_LISTED),
      ]);
      return {
        unvalued: { pledge_ids: unvalued },
        donors: rows.map((row) => ({ donor_org_id: row.donor_org_id, name: row.name, ...funnelOf(row) })),
        // Money pledges are not items: with a category asked for, none are in scope.
        money_pledges: scope.category ? [] : await moneyByDonor(db, currentReader()),
        notes: [...NOTES, DONOR_NOTE],
      };
    },
  };
}
