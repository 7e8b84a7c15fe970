import { type Static, Type } from 'typebox';
import {
  ClassificationSchema,
  DerivedClassificationSchema,
  EmbargoSchema,
  IsoDate,
  Nullable,
  Quantity,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

export const AllocationStatusSchema = Type.Union(
  [Type.Literal('proposed'), Type.Literal('accepted'), Type.Literal('rejected')],
  {
    description:
      'proposed → accepted or rejected; an accepted allocation released before anything shipped is rejected again',
  },
);

export const ProposedBySchema = Type.Union([Type.Literal('hand'), Type.Literal('planner')], {
  description: 'Who proposed the allocation: a person (hand) or the planner',
});

export const IsoWeek = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-W(0[1-9]|[1-4]\\d|5[0-3])$',
    description: `${description} (ISO week YYYY-Www)`,
    examples: ['2022-W50'],
  });

export const AllocationSchema = Type.Object(
  {
    id: Uuid('Allocation id'),
    pledge_id: Uuid('The pledge that supplies'),
    need_id: Uuid('The need it goes to (same item as the pledge)'),
    quantity: Quantity('Quantity allocated, in the unit of the item'),
    week: IsoWeek('Planning week the quantity is meant for'),
    status: AllocationStatusSchema,
    proposed_by: ProposedBySchema,
    shipped_quantity: Quantity('Quantity of this allocation dispatched in shipments'),
    delivered_quantity: Quantity('Quantity of this allocation received'),
    decided_at: Nullable(
      Type.String({
        format: 'date-time',
        description: 'When it was last accepted, rejected or released (UTC)',
      }),
    ),
    decided_by: Nullable(Type.String({ description: 'Who last accepted, rejected or released it' })),
    proposed_on: IsoDate('The day it was proposed, on the data’s clock'),
    decided_on: Nullable(
      IsoDate(
        'The day its last acceptance, rejection or release took effect (may be earlier than decided_at: back-dating)',
      ),
    ),
    ...RecordMetaFields,
  },
  {
    additionalProperties: false,
    description:
      'A pledge matched to a need for a week; only accepted allocations count in the allocated quantities',
  },
);
export type Allocation = Static<typeof AllocationSchema>;
export type AllocationStatus = Static<typeof AllocationStatusSchema>;

export const AllocationCreateSchema = Type.Object(
  {
    pledge_id: Uuid('The pledge that supplies; not cancelled or expired'),
    need_id: Uuid('The need it goes to; same item as the pledge, not cancelled'),
    quantity: Type.Number({ description: 'Quantity to allocate, greater than zero, at most 3 decimals' }),
    week: IsoWeek('Planning week the quantity is meant for'),
    accept: Type.Optional(
      Type.Boolean({
        description:
          'True: create it accepted, in the same transaction (the pledge’s committed quantity and the need’s quantity must have room)',
      }),
    ),
    proposed_by: Type.Optional(ProposedBySchema),
    ...RecordInputFields,
    classification: Type.Optional(DerivedClassificationSchema('its pledge and its need')),
    owner_org_id: Type.Optional(Uuid('Owning organisation; defaults to the pledge’s donor')),
  },
  { additionalProperties: false },
);
export type AllocationCreate = Static<typeof AllocationCreateSchema>;

export const AllocationPatchSchema = Type.Partial(
  Type.Object(
    {
      quantity: Type.Number({ description: 'Quantity to allocate, greater than zero, at most 3 decimals' }),
      week: IsoWeek('Planning week the quantity is meant for'),
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false, description: 'Changes to a proposed allocation' },
);
export type AllocationPatch = Static<typeof AllocationPatchSchema>;

export const AllocationFiltersSchema = Type.Object(
  {
    pledge_id: Type.Optional(Uuid('Only allocations of this pledge')),
    need_id: Type.Optional(Uuid('Only allocations to this need')),
    status: Type.Optional(AllocationStatusSchema),
    week: Type.Optional(IsoWeek('Only allocations for this week')),
    proposed_by: Type.Optional(ProposedBySchema),
  },
  { additionalProperties: false },
);
export type AllocationFilters = Static<typeof AllocationFiltersSchema>;

export const AllocationDecisionSchema = Type.Object(
  {
    note: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4000, description: 'Why; kept in the pledge’s history' }),
    ),
    effective_on: Type.Optional(
      Type.String({
        format: 'date',
        description:
          'The day the decision took effect, when it is recorded later (back-dating): not before the day the ' +
          'allocation was proposed or last decided, nor (accept, release) the pledge’s previous step; not after ' +
          'the day the data is as of. Omitted: the data’s today',
        examples: ['2022-11-20'],
      }),
    ),
  },
  { additionalProperties: false, description: 'A decision on an allocation' },
);
export type AllocationDecision = Static<typeof AllocationDecisionSchema>;
