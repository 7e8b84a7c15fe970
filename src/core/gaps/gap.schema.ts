import { type Static, Type } from 'typebox';

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
  needed: Type.Number({
    description: 'Quantity needed by open, partially met and met needs (not cancelled)',
  }),
  pledged: Type.Number({
    description:
      'Quantity pledged (cancelled and expired pledges excluded). By region: allocated to the region’s needs, plus the unallocated rest of pledges made against them',
  }),
  committed: Type.Number({
    description:
      'Committed quantity of those pledges. By region: allocated to the region’s needs, plus max(0, committed − allocated) of pledges made against them; never below allocated',
  }),
  allocated: Type.Number({
    description:
      'Quantity in accepted allocations of those pledges. By region: accepted allocations to the region’s needs',
  }),
  shipped: Type.Number({
    description: 'Quantity shipped on those allocations; never above allocated',
  }),
  delivered: Type.Number({
    description: 'Quantity received at destination on those allocations; never above shipped',
  }),
  unmet: Type.Number({
    description:
      'Σ over needs of max(0, needed − max(pledged against that need, allocated to it)), floored per need',
  }),
  coverage_pct: Type.Union([Type.Number(), Type.Null()], {
    description: '(needed − unmet) / needed × 100, one decimal; null when nothing is needed',
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

export const GapWeekSchema = Type.Object({
  week: IsoWeekString('ISO week, YYYY-Www'),
  needed: Type.Number({ description: 'Cumulative quantity needed by the end of the week (by needed_by)' }),
  pledged: Type.Number({
    description: 'Cumulative quantity announced by the end of the week (by announced_on)',
  }),
  committed: Type.Number({
    description:
      'Cumulative quantity committed by the end of the week (a pledge’s committed quantity counts from its first commit, or its announcement day when it has no history)',
  }),
  delivered: Type.Number({
    description: 'Cumulative quantity received by the end of the week (by the receipt date of each line)',
  }),
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
