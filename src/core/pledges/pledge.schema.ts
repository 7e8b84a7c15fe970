import { type Static, Type } from 'typebox';
import {
  ClassificationSchema,
  IsoDate,
  MoneySchema,
  Nullable,
  Quantity,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

export const PledgeStatusSchema = Type.Union(
  [
    Type.Literal('announced'),
    Type.Literal('committed'),
    Type.Literal('allocated'),
    Type.Literal('shipped'),
    Type.Literal('delivered'),
    Type.Literal('in_service'),
    Type.Literal('cancelled'),
    Type.Literal('expired'),
  ],
  {
    description:
      'announced → committed → allocated → shipped → delivered → in_service; or cancelled, expired',
  },
);

export const PledgeSchema = Type.Object(
  {
    id: Uuid('Pledge id'),
    donor_org_id: Uuid('Donor organisation'),
    item_id: Uuid('Catalogue item pledged'),
    quantity: Quantity('Quantity pledged, in the unit of the item'),
    need_id: Nullable(Uuid('The need this pledge answers, when it was made against one')),
    recipient_org_id: Nullable(Uuid('Receiving organisation, when named')),
    event_id: Nullable(Uuid('Meeting or conference where it was announced')),
    announced_on: IsoDate('Date it was announced'),
    available_from: Nullable(IsoDate('Earliest date the items can be handed over')),
    value: Nullable(MoneySchema),
    conditions: Nullable(Type.String({ description: 'Conditions attached by the donor' })),
    status: PledgeStatusSchema,
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'A donor’s promise of a quantity of an item' },
);
export type Pledge = Static<typeof PledgeSchema>;

export const PledgeCreateSchema = Type.Object(
  {
    donor_org_id: Uuid('Donor organisation'),
    item_id: Uuid('Catalogue item pledged'),
    quantity: Quantity('Quantity pledged, greater than zero'),
    need_id: Type.Optional(Nullable(Uuid('The need this pledge answers (same item)'))),
    recipient_org_id: Type.Optional(Nullable(Uuid('Receiving organisation'))),
    event_id: Type.Optional(Nullable(Uuid('Meeting or conference where it was announced'))),
    announced_on: IsoDate('Date it was announced'),
    available_from: Type.Optional(Nullable(IsoDate('Earliest date the items can be handed over'))),
    value: Type.Optional(Nullable(MoneySchema)),
    conditions: Type.Optional(Nullable(Type.String({ maxLength: 4000, description: 'Conditions' }))),
    ...RecordInputFields,
    owner_org_id: Type.Optional(Uuid('Owning organisation; defaults to the donor')),
  },
  { additionalProperties: false },
);
export type PledgeCreate = Static<typeof PledgeCreateSchema>;

export const PledgePatchSchema = Type.Partial(
  Type.Object(
    {
      quantity: Quantity('Quantity pledged, greater than zero'),
      need_id: Nullable(Uuid('The need this pledge answers (same item)')),
      recipient_org_id: Nullable(Uuid('Receiving organisation')),
      event_id: Nullable(Uuid('Meeting or conference where it was announced')),
      announced_on: IsoDate('Date it was announced'),
      available_from: Nullable(IsoDate('Earliest date the items can be handed over')),
      value: Nullable(MoneySchema),
      conditions: Nullable(Type.String({ maxLength: 4000, description: 'Conditions' })),
      classification: ClassificationSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type PledgePatch = Static<typeof PledgePatchSchema>;

export const PledgeFiltersSchema = Type.Object(
  {
    item_id: Type.Optional(Uuid('Only pledges of this item')),
    category: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9-]+(/[a-z0-9-]+)*$',
        description: 'Only items in this category or below it',
      }),
    ),
    donor_org_id: Type.Optional(Uuid('Only pledges of this donor')),
    event_id: Type.Optional(Uuid('Only pledges announced at this event')),
    need_id: Type.Optional(Uuid('Only pledges made against this need')),
    region_id: Type.Optional(Uuid('Only pledges made against needs in this region')),
    status: Type.Optional(PledgeStatusSchema),
    announced_from: Type.Optional(IsoDate('Only pledges announced on or after this date')),
    announced_to: Type.Optional(IsoDate('Only pledges announced on or before this date')),
  },
  { additionalProperties: false },
);
export type PledgeFilters = Static<typeof PledgeFiltersSchema>;
