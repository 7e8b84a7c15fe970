import { type Static, Type } from 'typebox';
import { MoneySchema, Nullable, Uuid } from '../shared/record.schema.js';

export const ConversionQuerySchema = Type.Object(
  {
    category: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9-]+(/[a-z0-9-]+)*$',
        description: 'Only pledges of items in this category or below (quantities then add fewer units)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ConversionQuery = Static<typeof ConversionQuerySchema>;

const Ratio = (description: string) =>
  Nullable(
    Type.Number({ minimum: 0, description: `${description}; 3 decimals, null when nothing to divide by` }),
  );

const EurMoney = (description: string) => ({ ...MoneySchema, description });

/** The funnel of promises: what was announced and how far it went. */
const FunnelFields = {
  pledge_count: Type.Integer({ description: 'Pledges announced, cancelled and expired ones included' }),
  cancelled_count: Type.Integer({ description: 'Of those, pledges since cancelled or expired' }),
  announced: Type.Number({
    description:
      'Quantity announced, cancelled and expired pledges included (different items add as they are)',
  }),
  cancelled: Type.Number({ description: 'Quantity of the pledges since cancelled or expired' }),
  committed: Type.Number({
    description: 'Quantity committed by pledges still live (not cancelled or expired)',
  }),
  allocated: Type.Number({ description: 'Quantity of live pledges in accepted allocations' }),
  shipped: Type.Number({ description: 'Quantity of live pledges shipped' }),
  delivered: Type.Number({ description: 'Quantity of live pledges received at destination' }),
  in_service: Type.Number({ description: 'Quantity of live pledges reported in service' }),
  committed_ratio: Ratio('committed ÷ announced'),
  delivered_ratio: Ratio('delivered ÷ announced'),
  announced_value: EurMoney(
    'EUR value of the announced pledges: each pledge at valuation.eur (donor-reported, else price list); see unvalued_count for pledges with neither',
  ),
  committed_value: EurMoney(
    'EUR value committed: Σ valuation.eur × committed ÷ quantity, over valued live pledges',
  ),
  delivered_value: EurMoney(
    'EUR value delivered: Σ valuation.eur × delivered ÷ quantity, over valued live pledges',
  ),
  unvalued_count: Type.Integer({
    description:
      'Pledges with neither a donor-reported value nor a price-list value (not counted in the values)',
  }),
  committed_value_ratio: Ratio('committed_value ÷ announced_value'),
  delivered_value_ratio: Ratio('delivered_value ÷ announced_value'),
  delivered_pledge_count: Type.Integer({ description: 'Live pledges with at least one receipt' }),
  median_days_to_delivery: Nullable(
    Type.Number({
      description:
        'Median over live pledges with a receipt of (first receipt date − announcement date), in days; null when none',
    }),
  ),
};

export const EventConversionSchema = Type.Object({
  event_id: Nullable(Uuid('The event; null for pledges announced at no event')),
  name: Type.String({ description: 'Name of the event, or "No event"' }),
  starts_on: Nullable(Type.String({ format: 'date', description: 'First day of the event (YYYY-MM-DD)' })),
  ...FunnelFields,
});
export type EventConversion = Static<typeof EventConversionSchema>;

export const EventConversionReportSchema = Type.Object({
  events: Type.Array(EventConversionSchema, {
    description: 'Every event in date order, then the pledges announced at no event',
  }),
  notes: Type.Array(Type.String(), { description: 'How the figures were counted' }),
});
export type EventConversionReport = Static<typeof EventConversionReportSchema>;

export const DonorFunnelSchema = Type.Object({
  donor_org_id: Uuid('The donor organisation'),
  name: Type.String({ description: 'Name of the donor' }),
  ...FunnelFields,
});
export type DonorFunnel = Static<typeof DonorFunnelSchema>;

const EurAmount = (description: string) =>
  Type.String({
    pattern: '^\\d{1,17}(\\.\\d{1,2})?$',
    description: `${description}, EUR`,
    examples: ['1250000.00'],
  });

/** Money pledges (grid repair, docs/grid-repair.md): amounts in EUR, never in a quantity column. */
export const DonorMoneySchema = Type.Object(
  {
    donor_org_id: Uuid('The donor organisation'),
    name: Type.String({ description: 'Name of the donor' }),
    pledge_count: Type.Integer({ description: 'Money pledges, cancelled ones included' }),
    announced_eur: EurAmount('Announced money, cancelled pledges left out'),
    committed_eur: EurAmount('Committed money'),
    disbursed_eur: EurAmount('Disbursed money'),
    unvalued_count: Type.Integer({
      description: 'Money pledges without an FX rate (left out of the EUR figures)',
    }),
  },
  { additionalProperties: false },
);

export const DonorFunnelReportSchema = Type.Object({
  donors: Type.Array(DonorFunnelSchema, {
    description: 'Every donor with a pledge, largest announced EUR value first',
  }),
  money_pledges: Type.Array(DonorMoneySchema, {
    description:
      'Money pledged to funds and repair projects per donor, in EUR at the rate of each announcement day, largest first; beside the in-kind funnel, never added to its quantities (empty when a category is asked for)',
  }),
  notes: Type.Array(Type.String(), { description: 'How the figures were counted' }),
});
export type DonorFunnelReport = Static<typeof DonorFunnelReportSchema>;
