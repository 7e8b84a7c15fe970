import { type Static, Type } from 'typebox';
import { SearchText } from '../search/search.schema.js';
import {
  ClassificationSchema,
  EmbargoSchema,
  IsoDate,
  Nullable,
  PrioritySchema,
  Quantity,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

export const NeedStatusSchema = Type.Union(
  [Type.Literal('open'), Type.Literal('partially_met'), Type.Literal('met'), Type.Literal('cancelled')],
  { description: 'open → partially_met → met, or cancelled' },
);

export const NeedSchema = Type.Object(
  {
    id: Uuid('Need id'),
    reference: Type.String({
      pattern: '^N-[0-9]{6,}$',
      description:
        'How people name the need: "N-" and a number given in order of creation, e.g. N-000123; unique, never changed (the CLI takes it wherever it takes a need)',
      examples: ['N-000123'],
    }),
    recipient_org_id: Uuid('Receiving ministry, agency or unit that posted the need'),
    region_id: Uuid('Region where the item is needed'),
    item_id: Uuid('Catalogue item needed'),
    quantity: Quantity('Quantity needed, in the unit of the item'),
    priority: PrioritySchema,
    needed_by: IsoDate('Date by which the item is needed'),
    useful_until: Nullable(
      IsoDate(
        'Until when the need is still worth serving: after needed_by it is served late until this date, not after (winter equipment after winter); null: for as long as the plan looks ahead',
      ),
    ),
    justification: Nullable(Type.String({ description: 'Why it is needed' })),
    status: NeedStatusSchema,
    stages: Type.Object(
      {
        allocated: Quantity(
          'Quantity allocated to the need by the accepted allocations the reader may see (with their pledges)',
        ),
        met: Quantity(
          'Quantity received against the need, by the receipts the reader may see on those allocations; met ≤ allocated ≤ quantity',
        ),
      },
      {
        additionalProperties: false,
        description:
          'How far the need is served, counted for the reader from the rows they may see (docs/figures.md)',
      },
    ),
    incident_id: Nullable(Uuid('Incident this need was derived from; null for a need entered by hand')),
    rule_id: Nullable(Uuid('Need rule that derived it; null for a need entered by hand')),
    rule_version: Nullable(Type.Integer({ minimum: 1, description: 'Version of the rule that derived it' })),
    derivation: Nullable(
      Type.String({
        description: 'The arithmetic of a derived need, e.g. "ceil(412,000 people … ) × 4 unit = 168 unit"',
      }),
    ),
    needs_review: Type.Boolean({
      description:
        'True when a derivation wanted to lower or close the need below what is already allocated; a person decides',
    }),
    review_reason: Nullable(Type.String({ description: 'Why the need is flagged for review' })),
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'A need posted by a recipient or derived from an incident' },
);
export type Need = Static<typeof NeedSchema>;

export const NeedCreateSchema = Type.Object(
  {
    recipient_org_id: Uuid('Receiving ministry, agency or unit that posts the need'),
    region_id: Uuid('Region where the item is needed'),
    item_id: Uuid('Catalogue item needed'),
    quantity: Quantity('Quantity needed, greater than zero, in the unit of the item'),
    priority: PrioritySchema,
    needed_by: IsoDate('Date by which the item is needed'),
    useful_until: Type.Optional(
      Nullable(
        IsoDate(
          'Until when the need is still worth serving (on or after needed_by); omitted or null: no end',
        ),
      ),
    ),
    justification: Type.Optional(Nullable(Type.String({ maxLength: 4000, description: 'Why it is needed' }))),
    status: Type.Optional(NeedStatusSchema),
    ...RecordInputFields,
    owner_org_id: Type.Optional(Uuid('Owning organisation; defaults to the recipient')),
  },
  { additionalProperties: false },
);
export type NeedCreate = Static<typeof NeedCreateSchema>;

export const NeedPatchSchema = Type.Partial(
  Type.Object(
    {
      region_id: Uuid('Region where the item is needed'),
      item_id: Uuid('Catalogue item needed'),
      quantity: Quantity('Quantity needed, greater than zero'),
      priority: PrioritySchema,
      needed_by: IsoDate('Date by which the item is needed'),
      useful_until: Nullable(
        IsoDate('Until when the need is still worth serving (on or after needed_by); null: no end'),
      ),
      justification: Nullable(Type.String({ maxLength: 4000, description: 'Why it is needed' })),
      status: NeedStatusSchema,
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
      needs_review: Type.Literal(false, {
        description: 'Send false to mark a flagged need as reviewed (clears review_reason)',
      }),
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type NeedPatch = Static<typeof NeedPatchSchema>;

export const NeedFiltersSchema = Type.Object(
  {
    q: Type.Optional(
      SearchText(
        'Words that must all occur in the reference, justification, or the English or Ukrainian names of its item (or category), region or recipient',
      ),
    ),
    item_id: Type.Optional(Uuid('Only needs for this item')),
    category: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9-]+(/[a-z0-9-]+)*$',
        description: 'Only items in this category or below it',
      }),
    ),
    region_id: Type.Optional(Uuid('Only needs in this region')),
    recipient_org_id: Type.Optional(Uuid('Only needs posted by this recipient')),
    status: Type.Optional(NeedStatusSchema),
    priority: Type.Optional(PrioritySchema),
    needed_by_from: Type.Optional(IsoDate('Only needs needed on or after this date')),
    needed_by_to: Type.Optional(IsoDate('Only needs needed on or before this date')),
    incident_id: Type.Optional(Uuid('Only needs derived from this incident')),
    needs_review: Type.Optional(
      Type.Boolean({ description: 'Only needs flagged (true) or not flagged for review' }),
    ),
  },
  { additionalProperties: false },
);
export type NeedFilters = Static<typeof NeedFiltersSchema>;
