import type { Kysely } from 'kysely';
import {
  aggregateDonorFunnels,
  aggregateEventFunnels,
  type ConversionScope,
  type FunnelRow,
} from '../../db/repositories/conversion.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader } from '../auth/visibility.js';
import { moneyByDonor } from '../money-pledges/money-by-donor.js';
import type { DonorFunnelReport, EventConversion, EventConversionReport } from './conversion.schema.js';

const NOTES = [
  'Announced counts every pledge, cancelled and expired ones included: a promise withdrawn is a promise not kept. Committed, allocated, shipped, delivered and in service count live pledges only, so announced ≥ committed ≥ allocated ≥ shipped ≥ delivered ≥ in service.',
  'Quantities of different items are added as they are; the EUR values (each pledge at its donor-reported value, else its price-list value — valuation.basis on the pledge — pro rata of each stage) compare across items. Pledges with neither are counted in unvalued_count and left out of the values.',
  'Median days to delivery: over live pledges with at least one receipt, the days from announcement to the first receipt of any of their shipment lines.',
];

/** A ratio with 3 decimals; null when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  if (!(whole > 0)) return null;
  return Math.round((part / whole) * 1000) / 1000;
}

function eur(amount: string) {
  const [whole, fraction = ''] = amount.split('.');
  return { amount: `${whole}.${fraction.padEnd(2, '0').slice(0, 2)}`, currency: 'EUR' };
}

function funnelOf(row: FunnelRow): Omit<EventConversion, 'event_id' | 'name' | 'starts_on'> {
  const announced = Number(row.announced);
  const committed = Number(row.committed);
  const delivered = Number(row.delivered);
  const announcedValue = Number(row.announced_value);
  return {
    pledge_count: Number(row.pledge_count),
    cancelled_count: Number(row.cancelled_count),
    announced,
    cancelled: Number(row.cancelled),
    committed,
    allocated: Number(row.allocated),
    shipped: Number(row.shipped),
    delivered,
    in_service: Number(row.in_service),
    committed_ratio: ratio(committed, announced),
    delivered_ratio: ratio(delivered, announced),
    announced_value: eur(row.announced_value),
    committed_value: eur(row.committed_value),
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
      const rows = await aggregateEventFunnels(db, scope, currentReader());
      return {
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
      const rows = await aggregateDonorFunnels(db, scope, currentReader());
      return {
        donors: rows.map((row) => ({ donor_org_id: row.donor_org_id, name: row.name, ...funnelOf(row) })),
        // Money pledges are not items: with a category asked for, none are in scope.
        money_pledges: scope.category ? [] : await moneyByDonor(db, currentReader()),
        notes: [
          ...NOTES,
          'Per donor, committed − delivered is what the donor has promised firmly and not yet handed over.',
        ],
      };
    },
  };
}
