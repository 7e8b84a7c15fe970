import { type Static, Type } from 'typebox';
import { MoneySchema, Uuid } from '../shared/record.schema.js';

export const GapDimensionSchema = Type.Union(
  [Type.Literal('category'), Type.Literal('item'), Type.Literal('region'), Type.Literal('donor')],
  { description: 'How to group: by item category, item, region of the need, or donor' },
);

export const GapQuerySchema = Type.Object(
  {
    by: Type.Optional({ ...GapDimensionSchema, default: 'category' }),
    category: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9-]+(/[a-z0-9-]+)*$',
        description: 'Only items in this category or below',
      }),
    ),
    region_id: Type.Optional(
      Type.String({
        format: 'uuid',
        description:
          'Only needs in this region, and only the parts of pledges placed there (allocated to its needs, or pledged against them and not yet allocated)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type GapQuery = Static<typeof GapQuerySchema>;

/** The figures of the report, for one group or for all of them. */
const GapFigureFields = {
  needed: Type.Union([Type.Number(), Type.Null()], {
    description:
      'In the unit of the item, for a group of one item; null for a group or totals that span items (see value). ' +
      'Quantity needed by open, partially met and met needs (not cancelled)',
  }),
  pledged: Type.Union([Type.Number(), Type.Null()], {
    description:
      'In the unit of the item, for a group of one item; null for a group or totals that span items (see value). ' +
      'Quantity pledged (cancelled and expired pledges excluded). By region: allocated to the region’s needs, plus the unallocated rest of pledges made against them',
  }),
  committed: Type.Union([Type.Number(), Type.Null()], {
    description:
      'In the unit of the item, for a group of one item; null for a group or totals that span items (see value). ' +
      'Committed quantity of those pledges. By region: allocated to the region’s needs, plus max(0, committed − allocated) of pledges made against them; never below allocated',
  }),
  allocated: Type.Union([Type.Number(), Type.Null()], {
    description:
      'In the unit of the item, for a group of one item; null for a group or totals that span items (see value). ' +
      'Quantity in accepted allocations of those pledges. By region: accepted allocations to the region’s needs',
  }),
  shipped: Type.Union([Type.Number(), Type.Null()], {
    description:
      'In the unit of the item, for a group of one item; null for a group or totals that span items (see value). ' +
      'Quantity shipped on those allocations; never above allocated',
  }),
  delivered: Type.Union([Type.Number(), Type.Null()], {
    description:
      'In the unit of the item, for a group of one item; null for a group or totals that span items (see value). ' +
      'Quantity received at destination on those allocations; never above shipped',
  }),
  unmet: Type.Union([Type.Number(), Type.Null()], {
    description:
      'In the unit of the item, for a group of one item; null for a group or totals that span items (see value). ' +
      'Σ over needs of max(0, needed − max(pledged against that need, allocated to it)), floored per need',
  }),
  coverage: Type.Object(
    {
      by_announcements_pct: Type.Union([Type.Number(), Type.Null()], {
        description:
          'Share of what is needed that pledges announced against the needs (or allocations to them) cover: (needed − unmet) / needed × 100, one decimal; null when nothing (valued) is needed',
      }),
      by_commitments_pct: Type.Union([Type.Number(), Type.Null()], {
        description:
          'The same counting only committed quantities of those pledges (or allocations): (needed − unmet by commitments) / needed × 100',
      }),
      basis: Type.Union([Type.Literal('quantity'), Type.Literal('eur')], {
        description:
          'quantity for a group of one item; eur for groups and totals that span items (valued needs only)',
      }),
    },
    { additionalProperties: false, description: 'Coverage, by announcements and by commitments' },
  ),
  value: Type.Object(
    {
      needed: {
        ...MoneySchema,
        description: 'EUR value of the needs: quantity × the item’s reference price',
      },
      pledged: {
        ...MoneySchema,
        description: 'EUR value pledged: each pledge at valuation.eur (donor-reported, else price list)',
      },
      committed: { ...MoneySchema, description: 'EUR value committed, pro rata of each pledge’s value' },
      allocated: { ...MoneySchema, description: 'EUR value allocated, pro rata' },
      shipped: { ...MoneySchema, description: 'EUR value shipped, pro rata' },
      delivered: { ...MoneySchema, description: 'EUR value delivered, pro rata' },
      unmet: { ...MoneySchema, description: 'EUR value of the unmet quantity of each need' },
    },
    {
      additionalProperties: false,
      description:
        'The figures in EUR, which add across items; unvalued needs and pledges are left out (counted apart)',
    },
  ),
  unvalued_need_count: Type.Integer({
    description: 'Needs whose item has no reference price (no EUR value)',
  }),
  unvalued_pledge_count: Type.Integer({
    description: 'Pledges with neither a donor-reported nor a price-list value (no EUR value)',
  }),
  need_count: Type.Integer({ description: 'Number of needs counted' }),
  pledge_count: Type.Integer({
    description: 'Number of pledges counted (a pledge split over regions counts in each)',
  }),
};

export const GapGroupSchema = Type.Object({
  key: Type.String({
    description:
      'Category path, or the id of the item, region or donor; by region, "none" for pledges placed in no region',
  }),
  label: Type.String({ description: 'Readable name of the group' }),
  unit: Type.Union([Type.String(), Type.Null()], {
    description: 'Unit of the quantities when the group is one item; null when a group mixes units',
  }),
  ...GapFigureFields,
});
export type GapGroup = Static<typeof GapGroupSchema>;

export const GapTotalsSchema = Type.Object(
  { ...GapFigureFields },
  {
    description:
      'The same figures over everything in scope, computed from needs and pledges directly, not by adding the groups up',
  },
);
export type GapTotals = Static<typeof GapTotalsSchema>;

export const GapReportSchema = Type.Object({
  by: GapDimensionSchema,
  groups: Type.Array(GapGroupSchema, { description: 'Groups, largest unmet quantity first' }),
  totals: GapTotalsSchema,
  unvalued: Type.Object(
    {
      need_ids: Type.Array(Uuid('A need without an EUR value'), {
        description: 'Needs in scope whose item has no reference price, first 100 by id',
      }),
      pledge_ids: Type.Array(Uuid('A pledge without an EUR value'), {
        description: 'Pledges in scope with neither a donor-reported nor a price-list value, first 100 by id',
      }),
    },
    { additionalProperties: false, description: 'What the EUR values leave out; counts in totals' },
  ),
  notes: Type.Array(Type.String(), { description: 'How the figures were counted' }),
});
export type GapReport = Static<typeof GapReportSchema>;

const IsoWeekString = (description: string) =>
  Type.String({ pattern: '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$', description, examples: ['2022-W48'] });

export const GapWeeklyQuerySchema = Type.Object(
  {
    by: Type.Optional(GapDimensionSchema),
    key: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description:
          'The group key from the gap report (category path, item, region or donor id); needs `by`',
      }),
    ),
    from: Type.Optional(
      IsoWeekString('First ISO week of the series; default: the week of the earliest date'),
    ),
    to: Type.Optional(IsoWeekString('Last ISO week of the series; default: the week of the latest date')),
  },
  { additionalProperties: false },
);
export type GapWeeklyQuery = Static<typeof GapWeeklyQuerySchema>;

const NullableQuantity = (description: string) =>
  Type.Union([Type.Number(), Type.Null()], {
    description: `${description}; in the unit of the item when the series follows one item, null when it spans items (see value)`,
  });

export const GapWeekSchema = Type.Object({
  week: IsoWeekString('ISO week, YYYY-Www'),
  needed: NullableQuantity('Cumulative quantity needed by the end of the week (by needed_by)'),
  pledged: NullableQuantity('Cumulative quantity announced by the end of the week (by announced_on)'),
  committed: NullableQuantity(
    'Cumulative quantity committed by the end of the week (a pledge’s committed quantity counts from its first commit, or its announcement day when it has no history)',
  ),
  delivered: NullableQuantity(
    'Cumulative quantity received by the end of the week (by the receipt date of each line)',
  ),
  value: Type.Object(
    {
      needed: { ...MoneySchema, description: 'Cumulative EUR value needed' },
      pledged: { ...MoneySchema, description: 'Cumulative EUR value pledged' },
      committed: { ...MoneySchema, description: 'Cumulative EUR value committed' },
      delivered: { ...MoneySchema, description: 'Cumulative EUR value delivered' },
    },
    {
      additionalProperties: false,
      description: 'The same in EUR (valued needs and pledges), which add across items',
    },
  ),
});
export type GapWeek = Static<typeof GapWeekSchema>;

export const GapWeeklyReportSchema = Type.Object({
  by: Type.Union([GapDimensionSchema, Type.Null()], {
    description: 'The grouping of `key`; null for everything',
  }),
  key: Type.Union([Type.String(), Type.Null()], { description: 'The group shown; null for everything' }),
  label: Type.Union([Type.String(), Type.Null()], {
    description: 'Readable name of the group; null for everything',
  }),
  unit: Type.Union([Type.String(), Type.Null()], {
    description: 'Unit of the quantities when the group is one item; null when they mix units',
  }),
  from: Type.Union([IsoWeekString('First week of the series'), Type.Null()], {
    description: 'First week of the series; null when there is nothing to show',
  }),
  to: Type.Union([IsoWeekString('Last week of the series'), Type.Null()], {
    description: 'Last week of the series; null when there is nothing to show',
  }),
  weeks: Type.Array(GapWeekSchema, {
    description: 'One point per ISO week, cumulative: what happened before `from` counts in the first week',
  }),
  notes: Type.Array(Type.String(), { description: 'How the series was counted' }),
});
export type GapWeeklyReport = Static<typeof GapWeeklyReportSchema>;
