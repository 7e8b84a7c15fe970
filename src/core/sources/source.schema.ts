import { type Static, Type } from 'typebox';
import {
  ClassificationSchema,
  EmbargoSchema,
  IsoDate,
  Nullable,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

export const SourceKindSchema = Type.Union([Type.Literal('primary'), Type.Literal('secondary')], {
  description:
    'primary: the party itself (a ministry statement); secondary: a report about it (press, tracker)',
});

export const LinkableEntitySchema = Type.Union(
  [
    Type.Literal('organisation'),
    Type.Literal('region'),
    Type.Literal('item'),
    Type.Literal('event'),
    Type.Literal('need'),
    Type.Literal('pledge'),
    Type.Literal('incident'),
    Type.Literal('need_rule'),
  ],
  { description: 'Kind of record a source supports' },
);
export type LinkableEntity = Static<typeof LinkableEntitySchema>;

const Url = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: 2000,
  description: 'Web address',
});

export const SourceSchema = Type.Object(
  {
    id: Uuid('Source id'),
    url: Nullable(Url),
    title: Type.String({ description: 'Title of the document or page' }),
    publisher: Type.String({ description: 'Who published it' }),
    published_on: Nullable(IsoDate('Publication date')),
    kind: SourceKindSchema,
    notes: Nullable(Type.String({ description: 'What it says about the records it supports' })),
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'A document or web page that supports records (provenance)' },
);
export type Source = Static<typeof SourceSchema>;

export const SourceCreateSchema = Type.Object(
  {
    url: Type.Optional(Nullable(Url)),
    title: Type.String({ minLength: 1, maxLength: 500, description: 'Title of the document or page' }),
    publisher: Type.String({ minLength: 1, maxLength: 200, description: 'Who published it' }),
    published_on: Type.Optional(Nullable(IsoDate('Publication date'))),
    kind: SourceKindSchema,
    notes: Type.Optional(Nullable(Type.String({ maxLength: 4000, description: 'Notes' }))),
    ...RecordInputFields,
    owner_org_id: Uuid('Organisation that records the source'),
  },
  { additionalProperties: false },
);
export type SourceCreate = Static<typeof SourceCreateSchema>;

export const SourcePatchSchema = Type.Partial(
  Type.Object(
    {
      url: Nullable(Url),
      title: Type.String({ minLength: 1, maxLength: 500, description: 'Title' }),
      publisher: Type.String({ minLength: 1, maxLength: 200, description: 'Publisher' }),
      published_on: Nullable(IsoDate('Publication date')),
      kind: SourceKindSchema,
      notes: Nullable(Type.String({ maxLength: 4000, description: 'Notes' })),
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type SourcePatch = Static<typeof SourcePatchSchema>;

export const SourceFiltersSchema = Type.Object(
  {
    entity_type: Type.Optional(LinkableEntitySchema),
    entity_id: Type.Optional(Uuid('Only sources supporting this record (with entity_type)')),
    publisher: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Exact publisher' })),
    kind: Type.Optional(SourceKindSchema),
  },
  { additionalProperties: false },
);
export type SourceFilters = Static<typeof SourceFiltersSchema>;

export const SourceLinkSchema = Type.Object(
  {
    entity_type: LinkableEntitySchema,
    entity_id: Uuid('The record the source supports'),
  },
  { additionalProperties: false, description: 'A record a source supports' },
);
export type SourceLink = Static<typeof SourceLinkSchema>;
