import { type Static, Type } from 'typebox';
import { SearchText } from '../search/search.schema.js';
import {
  ClassificationSchema,
  EmbargoSchema,
  Nullable,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

export const OrganisationKindSchema = Type.Union(
  [
    Type.Literal('state'),
    Type.Literal('international_organisation'),
    Type.Literal('ngo'),
    Type.Literal('manufacturer'),
    Type.Literal('recipient_agency'),
    Type.Literal('ministry'),
    Type.Literal('other'),
  ],
  { description: 'What sort of organisation it is' },
);

const CountryCode = Type.String({
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2 country code, e.g. DE',
});

export const OrganisationSchema = Type.Object(
  {
    id: Uuid('Organisation id'),
    name: Type.String({ description: 'Full name, unique (case-insensitive)' }),
    short_name: Nullable(Type.String({ description: 'Short name or acronym' })),
    kind: OrganisationKindSchema,
    country_code: Nullable(CountryCode),
    parent_id: Nullable(Uuid('Parent organisation (a ministry of a state, an agency of a ministry)')),
    ...RecordMetaFields,
  },
  {
    additionalProperties: false,
    description: 'A state, international organisation, NGO, manufacturer or agency',
  },
);
export type Organisation = Static<typeof OrganisationSchema>;

export const OrganisationCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Full name, unique (case-insensitive)' }),
    short_name: Type.Optional(
      Nullable(Type.String({ minLength: 1, maxLength: 40, description: 'Short name' })),
    ),
    kind: OrganisationKindSchema,
    country_code: Type.Optional(Nullable(CountryCode)),
    parent_id: Type.Optional(Nullable(Uuid('Parent organisation'))),
    ...RecordInputFields,
  },
  { additionalProperties: false },
);
export type OrganisationCreate = Static<typeof OrganisationCreateSchema>;

export const OrganisationPatchSchema = Type.Partial(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200, description: 'Full name' }),
      short_name: Nullable(Type.String({ minLength: 1, maxLength: 40, description: 'Short name' })),
      kind: OrganisationKindSchema,
      country_code: Nullable(CountryCode),
      parent_id: Nullable(Uuid('Parent organisation')),
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type OrganisationPatch = Static<typeof OrganisationPatchSchema>;

export const OrganisationFiltersSchema = Type.Object(
  {
    kind: Type.Optional(OrganisationKindSchema),
    country_code: Type.Optional(CountryCode),
    parent_id: Type.Optional(Uuid('Only organisations under this parent')),
    q: Type.Optional(SearchText('Words that must all occur in the name, short name or country code')),
  },
  { additionalProperties: false },
);
export type OrganisationFilters = Static<typeof OrganisationFiltersSchema>;
