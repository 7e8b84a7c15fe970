import { type Static, Type } from 'typebox';
import { IsoDate, MoneySchema, Nullable, Quantity, Uuid } from '../shared/record.schema.js';

export const DuplicateStatusSchema = Type.Union(
  [Type.Literal('open'), Type.Literal('dismissed'), Type.Literal('confirmed')],
  {
    description:
      'open: waiting for review; dismissed: not a duplicate; confirmed: a duplicate (recorded only, nothing is merged)',
  },
);
export type DuplicateStatus = Static<typeof DuplicateStatusSchema>;

export const DuplicatePledgeSchema = Type.Object(
  {
    id: Uuid('Pledge id'),
    donor_org_id: Uuid('Donor organisation'),
    donor_name: Type.String({ description: 'Name of the donor organisation' }),
    item_id: Uuid('Catalogue item pledged'),
    item_code: Type.String({ description: 'Catalogue code of the item' }),
    item_name: Type.String({ description: 'Name of the item' }),
    quantity: Quantity('Quantity pledged'),
    announced_on: IsoDate('Date it was announced'),
    event_id: Nullable(Uuid('Meeting or conference where it was announced')),
    value: Nullable(MoneySchema),
    status: Type.String({ description: 'Lifecycle status of the pledge' }),
  },
  { additionalProperties: false, description: 'The fields of a pledge a reviewer compares' },
);

export const DuplicateFlagSchema = Type.Object(
  {
    id: Uuid('Flag id'),
    entity_type: Type.Literal('pledge', { description: 'Kind of records flagged' }),
    status: DuplicateStatusSchema,
    reason: Type.String({ description: 'The rule that matched, with the figures compared' }),
    created_at: Type.String({ format: 'date-time', description: 'When the pair was flagged (UTC)' }),
    reviewed_at: Nullable(
      Type.String({ format: 'date-time', description: 'When a person reviewed the flag (UTC)' }),
    ),
    reviewed_by: Nullable(Type.String({ description: 'Who reviewed the flag' })),
    pledge: DuplicatePledgeSchema,
    other_pledge: DuplicatePledgeSchema,
  },
  {
    additionalProperties: false,
    description: 'Two pledges that may record the same promise, flagged for a person to review',
  },
);
export type DuplicateFlag = Static<typeof DuplicateFlagSchema>;

export const DuplicateQuerySchema = Type.Object(
  {
    status: Type.Optional(DuplicateStatusSchema),
    cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor of the previous page' })),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size (1–500)' }),
    ),
  },
  { additionalProperties: false },
);
export type DuplicateQuery = Static<typeof DuplicateQuerySchema>;

export const DuplicatePageSchema = Type.Object(
  {
    items: Type.Array(DuplicateFlagSchema, { description: 'Flags, oldest first' }),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as ?cursor= to get the next page; null on the last page',
    }),
  },
  { additionalProperties: false },
);
export type DuplicatePage = Static<typeof DuplicatePageSchema>;
