import { type Static, Type } from 'typebox';
import { SearchText } from '../search/search.schema.js';
import {
  ClassificationSchema,
  EmbargoSchema,
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

export const PledgeStagesSchema = Type.Object(
  {
    committed: Quantity(
      'Quantity the donor has firmly committed, the pledge owner’s own statement; at most the quantity pledged',
    ),
    allocated: Quantity(
      'Quantity matched to needs by the accepted allocations the reader may see; at most the committed quantity',
    ),
    shipped: Quantity(
      'Quantity dispatched in the shipments the reader may see; at most the allocated quantity',
    ),
    delivered: Quantity(
      'Quantity received by the recipient, by the receipts the reader may see; at most the shipped quantity',
    ),
    in_service: Quantity(
      'Quantity reported in service (installed, operated, issued), the owner’s statement; shown at most what the reader sees delivered',
    ),
  },
  {
    additionalProperties: false,
    description:
      'How far the pledge has got, each stage with its own quantity; changed only by the lifecycle actions, allocations, shipments and receipts',
  },
);

const EurAmount = (description: string) =>
  Nullable(
    Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', description: `${description}; a decimal string in EUR` }),
  );

export const PledgeValuationSchema = Type.Object(
  {
    donor_reported_eur: EurAmount(
      'The donor’s own value converted to EUR at the rate of the announcement date; null without a value or a rate',
    ),
    fx_rate: Nullable(
      Type.String({
        pattern: '^\\d+(\\.\\d+)?$',
        description: 'EUR per unit of the value’s currency used for donor_reported_eur; a decimal string',
      }),
    ),
    fx_rate_on: Nullable(IsoDate('Date of the FX rate used for donor_reported_eur')),
    price_list_eur: EurAmount(
      'Quantity × the item’s reference price; null when the item has no reference price',
    ),
    eur: EurAmount(
      'The EUR value figures use: donor_reported_eur where there is one, else price_list_eur; null when the pledge has neither (reports count it as unvalued)',
    ),
    basis: Nullable(
      Type.Union([Type.Literal('donor_reported'), Type.Literal('price_list')], {
        description:
          'Which valuation `eur` is: donor_reported or price_list; null when the pledge is unvalued',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'The two valuations side by side, computed by aidgrid; never set by a client',
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
    stages: PledgeStagesSchema,
    valuation: PledgeValuationSchema,
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
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type PledgePatch = Static<typeof PledgePatchSchema>;

export const PledgeFiltersSchema = Type.Object(
  {
    q: Type.Optional(
      SearchText(
        'Words that must all occur in the conditions, or the English or Ukrainian names of its item (or category), donor, recipient or event',
      ),
    ),
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

export const PledgeActionSchema = Type.Union(
  [
    Type.Literal('commit'),
    Type.Literal('allocate'),
    Type.Literal('release'),
    Type.Literal('ship'),
    Type.Literal('deliver'),
    Type.Literal('lose'),
    Type.Literal('put_in_service'),
    Type.Literal('cancel'),
    Type.Literal('expire'),
  ],
  {
    description:
      'The lifecycle step taken (lose: a lost shipment gives its undelivered quantity back to allocated)',
  },
);

export const PledgeTransitionRequestSchema = Type.Object(
  {
    quantity: Type.Optional(
      Type.Number({
        description:
          'Quantity the step moves, greater than zero, at most 3 decimals. Omitted: all there is (the whole ' +
          'uncommitted remainder for commit, everything delivered and not yet in service for put-in-service, ' +
          'the whole pledge for cancel and expire); given for cancel or expire: only that much of the ' +
          'uncommitted remainder is withdrawn and the pledge goes on',
      }),
    ),
    source_id: Type.Optional(Nullable(Uuid('Source that reports this step'))),
    note: Type.Optional(
      Type.String({ minLength: 1, maxLength: 4000, description: 'Why, or anything worth keeping' }),
    ),
    effective_on: Type.Optional(
      Type.String({
        format: 'date',
        description:
          "The day the step took effect, when it is recorded later (back-dating): not before the pledge's " +
          "announcement or previous step, not after the day the data is as of. Omitted: the data's today",
        examples: ['2022-11-20'],
      }),
    ),
  },
  { additionalProperties: false, description: 'A lifecycle step of a pledge' },
);
export type PledgeTransitionRequest = Static<typeof PledgeTransitionRequestSchema>;

export const PledgeTransitionSchema = Type.Object(
  {
    id: Uuid('Transition id'),
    pledge_id: Uuid('The pledge'),
    action: PledgeActionSchema,
    quantity: Quantity('Quantity the step moved (for a whole cancel or expiry: the quantity pledged)'),
    from_status: PledgeStatusSchema,
    to_status: PledgeStatusSchema,
    source_id: Nullable(Uuid('Source that reports this step')),
    note: Nullable(
      Type.String({
        description:
          'Why, or anything worth keeping; an id in it that names a record the reader may not see reads "(not visible)"',
      }),
    ),
    at: Type.String({ format: 'date-time', description: 'When the step was recorded (UTC)' }),
    effective_on: Type.String({
      format: 'date',
      description: 'The day the step took effect (may be earlier than when it was recorded)',
    }),
    actor: Type.String({ description: 'Who took the step' }),
    actor_name: Type.Optional(
      Type.String({ description: 'Who took the step, as people read it (a user by name); in the history' }),
    ),
  },
  { additionalProperties: false, description: 'One step in the history of a pledge' },
);
export type PledgeTransition = Static<typeof PledgeTransitionSchema>;
