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

/** A quantity in the unit of the group's one item; null when the group spans several items. */
const OneItemQuantity = (description: string) =>
  Nullable(
    Type.Number({
      description: `${description}, in \`unit\`; null when the group spans several items (quantities of different units do not add: compare the EUR values)`,
    }),
  );

/** Pledges without any EUR value, listed (all are counted in unvalued_count). */
const UnvaluedSchema = Type.Object(
  {
    pledge_ids: Type.Array(Uuid('A pledge'), {
      description:
        'Pledges (that you may see, in the category asked for) with neither a donor-reported nor a price-list value; the first 100 by id',
    }),
  },
  { description: 'Pledges left out of the EUR values, never silently' },
);

/** The funnel of promises: what was announced and how far it went. */
const FunnelFields = {
  pledge_count: Type.Integer({ description: 'Pledges announced, cancelled and expired ones included' }),
  cancelled_count: Type.Integer({ description: 'Of those, pledges since cancelled or expired' }),
  item_count: Type.Integer({ description: 'Distinct items among the pledges of the group' }),
  unit: Nullable(
    Type.String({
      description:
        'Unit of the quantities when the group holds pledges of one item; null when it spans several items (then quantities are null: different units do not add) or none',
    }),
  ),
  announced: OneItemQuantity('Quantity announced, cancelled and expired pledges included'),
  cancelled: OneItemQuantity('Quantity of the pledges since cancelled or expired'),
  committed: OneItemQuantity('Quantity committed by pledges still live (not cancelled or expired)'),
  allocated: OneItemQuantity('Quantity of live pledges in accepted allocations'),
  shipped: OneItemQuantity('Quantity of live pledges shipped'),
  delivered: OneItemQuantity('Quantity of live pledges received at destination'),
  in_service: OneItemQuantity('Quantity of live pledges reported in service'),
  committed_ratio: Ratio(
    'committed ÷ announced, by quantity; null when the group spans several items (see committed_value_ratio)',
  ),
  delivered_ratio: Ratio(
    'delivered ÷ announced, by quantity; null when the group spans several items (see delivered_value_ratio)',
  ),
  announced_value: EurMoney(
    'EUR value of the announced pledges: each pledge at valuation.eur (donor-reported, else price list); see unvalued_count for pledges with neither',
  ),
  committed_value: EurMoney(
    'EUR value committed: Σ valuation.eur × committed ÷ quantity, over valued live pledges',
  ),
  allocated_value: EurMoney(
    'EUR value allocated: Σ valuation.eur × allocated ÷ quantity, over valued live pledges',
  ),
  shipped_value: EurMoney(
    'EUR value shipped: Σ valuation.eur × shipped ÷ quantity, over valued live pledges',
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
  unvalued: UnvaluedSchema,
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
  unvalued: UnvaluedSchema,
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
