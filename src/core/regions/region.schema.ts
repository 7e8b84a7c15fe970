import { type Static, Type } from 'typebox';
import {
  ClassificationSchema,
  EmbargoSchema,
  Nullable,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

const RegionCode = Type.String({
  pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$',
  description: 'ISO 3166-2 subdivision code, e.g. UA-32 (Kyiv Oblast)',
});
const CountryCode = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code' });
const NameUk = Type.String({
  minLength: 1,
  maxLength: 200,
  description: 'Official Ukrainian name, e.g. Вінницька область',
});
const Population = Type.Integer({ minimum: 0, description: 'Resident population (people)' });

export const RegionSchema = Type.Object(
  {
    id: Uuid('Region id'),
    code: RegionCode,
    name: Type.String({ description: 'Name of the region' }),
    name_uk: Nullable(NameUk),
    country_code: CountryCode,
    population: Nullable(Population),
    parent_id: Nullable(Uuid('Enclosing region')),
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'A region of the receiving country (ISO 3166-2)' },
);
export type Region = Static<typeof RegionSchema>;

export const RegionCreateSchema = Type.Object(
  {
    code: RegionCode,
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Name of the region' }),
    name_uk: Type.Optional(Nullable(NameUk)),
    population: Type.Optional(Nullable(Population)),
    parent_id: Type.Optional(Nullable(Uuid('Enclosing region'))),
    ...RecordInputFields,
  },
  { additionalProperties: false },
);
export type RegionCreate = Static<typeof RegionCreateSchema>;

export const RegionPatchSchema = Type.Partial(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200, description: 'Name of the region' }),
      name_uk: Nullable(NameUk),
      population: Nullable(Population),
      parent_id: Nullable(Uuid('Enclosing region')),
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type RegionPatch = Static<typeof RegionPatchSchema>;

export const RegionFiltersSchema = Type.Object(
  {
    country_code: Type.Optional(CountryCode),
    code: Type.Optional(RegionCode),
    parent_id: Type.Optional(Uuid('Only regions inside this one')),
  },
  { additionalProperties: false },
);
export type RegionFilters = Static<typeof RegionFiltersSchema>;
