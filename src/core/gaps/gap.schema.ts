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
    region_id: Type.Optional(Type.String({ format: 'uuid', description: 'Only needs in this region' })),
  },
  { additionalProperties: false },
);
export type GapQuery = Static<typeof GapQuerySchema>;

export const GapGroupSchema = Type.Object({
  key: Type.String({ description: 'Category path, or the id of the item, region or donor' }),
  label: Type.String({ description: 'Readable name of the group' }),
  unit: Type.Union([Type.String(), Type.Null()], {
    description: 'Unit of the quantities when the group is one item; null when a group mixes units',
  }),
  needed: Type.Number({
    description: 'Quantity needed by open, partially met and met needs (not cancelled)',
  }),
  pledged: Type.Number({ description: 'Quantity pledged (cancelled and expired pledges excluded)' }),
  unmet: Type.Number({ description: 'Σ over needs of max(0, needed − pledged against that need)' }),
  coverage_pct: Type.Union([Type.Number(), Type.Null()], {
    description: '(needed − unmet) / needed × 100, one decimal; null when nothing is needed',
  }),
  need_count: Type.Integer({ description: 'Number of needs in the group' }),
  pledge_count: Type.Integer({ description: 'Number of pledges in the group' }),
});
export type GapGroup = Static<typeof GapGroupSchema>;

export const GapReportSchema = Type.Object({
  by: GapDimensionSchema,
  groups: Type.Array(GapGroupSchema, { description: 'Groups, largest unmet quantity first' }),
  notes: Type.Array(Type.String(), { description: 'How the figures were counted' }),
});
export type GapReport = Static<typeof GapReportSchema>;
