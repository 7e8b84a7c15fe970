import { type Static, Type } from 'typebox';
import { SearchText } from '../search/search.schema.js';
import {
  ClassificationSchema,
  EmbargoSchema,
  IsoDate,
  Nullable,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

export const EventKindSchema = Type.Union(
  [
    Type.Literal('ministerial'),
    Type.Literal('conference'),
    Type.Literal('summit'),
    Type.Literal('bilateral'),
    Type.Literal('other'),
  ],
  { description: 'Ministerial meeting, pledging conference, summit, bilateral announcement…' },
);

export const EventSchema = Type.Object(
  {
    id: Uuid('Event id'),
    name: Type.String({ description: 'Name of the meeting or conference' }),
    kind: EventKindSchema,
    location: Nullable(Type.String({ description: 'Where it took place (city, or "virtual")' })),
    starts_on: IsoDate('First day'),
    ends_on: IsoDate('Last day'),
    organiser_org_id: Nullable(Uuid('Organisation that convened it')),
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'A meeting where pledges are announced' },
);
export type Event = Static<typeof EventSchema>;

export const EventCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 300, description: 'Name of the meeting or conference' }),
    kind: EventKindSchema,
    location: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Where it took place' }))),
    starts_on: IsoDate('First day'),
    ends_on: Type.Optional(IsoDate('Last day; defaults to the first day')),
    organiser_org_id: Type.Optional(Nullable(Uuid('Organisation that convened it'))),
    ...RecordInputFields,
  },
  { additionalProperties: false },
);
export type EventCreate = Static<typeof EventCreateSchema>;

export const EventPatchSchema = Type.Partial(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 300, description: 'Name' }),
      kind: EventKindSchema,
      location: Nullable(Type.String({ maxLength: 200, description: 'Where it took place' })),
      starts_on: IsoDate('First day'),
      ends_on: IsoDate('Last day'),
      organiser_org_id: Nullable(Uuid('Organisation that convened it')),
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type EventPatch = Static<typeof EventPatchSchema>;

export const EventFiltersSchema = Type.Object(
  {
    q: Type.Optional(SearchText('Words that must all occur in the name, location or kind')),
    kind: Type.Optional(EventKindSchema),
    organiser_org_id: Type.Optional(Uuid('Only events convened by this organisation')),
    from: Type.Optional(IsoDate('Only events ending on or after this date')),
    to: Type.Optional(IsoDate('Only events starting on or before this date')),
  },
  { additionalProperties: false },
);
export type EventFilters = Static<typeof EventFiltersSchema>;
