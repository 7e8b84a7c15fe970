import { type TSchema, Type } from 'typebox';
import { CLASSIFICATIONS } from '../auth/actor.js';

/** Schemas shared by every record; each field carries its API documentation. */

export const Uuid = (description: string) => Type.String({ format: 'uuid', description });

export const IsoDate = (description: string) =>
  Type.String({ format: 'date', description: `${description} (YYYY-MM-DD)`, examples: ['2022-11-29'] });

export const Quantity = (description: string) =>
  Type.Number({ minimum: 0, description: `${description}; non-negative, at most 3 decimals` });

/**
 * A closed set of words as one JSON Schema `enum` (not a union of one-value alternatives): the
 * OpenAPI document lists the choices, and a validation error can name them all.
 */
export const StringEnum = <const Values extends string[]>(
  values: readonly [...Values],
  description: string,
) => Type.Enum(values, { type: 'string', description });

export const ClassificationSchema = StringEnum(
  CLASSIFICATIONS,
  'Who may see the record: public < coalition < restricted',
);

/** The classification a client may give a derived record: at or above its sources' (classification.ts). */
export const DerivedClassificationSchema = (sources: string) =>
  StringEnum(
    CLASSIFICATIONS,
    `Who may see the record: public < coalition < restricted. At least the highest classification of ${sources} (and, when public, their latest embargo); that is the default, and less is 422 classification_below_sources`,
  );

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export const PrioritySchema = StringEnum(
  PRIORITIES,
  'How critical the need is; the planner weights critical 8, high 4, medium 2, low 1',
);

export const MoneySchema = Type.Object(
  {
    amount: Type.String({
      pattern: '^\\d{1,17}(\\.\\d{1,2})?$',
      description: 'Decimal amount as a string, never a float (e.g. "1250000.00")',
    }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code, e.g. EUR, USD' }),
  },
  { additionalProperties: false, description: 'An amount of money in a currency' },
);

/** An embargo date, or null to publish as soon as the classification allows. */
export const EmbargoSchema = Type.Union([
  IsoDate('A public record is public only from this date; before it, it counts as coalition'),
  Type.Null(),
]);

/** Fields every stored record answers with. */
export const RecordMetaFields = {
  owner_org_id: Type.Union([Uuid('Organisation that owns the record'), Type.Null()]),
  classification: ClassificationSchema,
  embargo_until: EmbargoSchema,
  synthetic: Type.Boolean({ description: 'True for generated demo data; never real-world figures' }),
  created_at: Type.String({ format: 'date-time', description: 'When the record was created (UTC)' }),
  created_by: Type.String({ description: 'Who created the record' }),
  updated_at: Type.String({ format: 'date-time', description: 'When the record was last changed (UTC)' }),
  updated_by: Type.String({ description: 'Who last changed the record' }),
  version: Type.Integer({ minimum: 1, description: 'Increases on every change; send it back in If-Match' }),
};

/** Fields a client may set on any record it creates. */
export const RecordInputFields = {
  owner_org_id: Type.Optional(Uuid('Organisation that owns the record')),
  classification: Type.Optional(ClassificationSchema),
  embargo_until: Type.Optional(EmbargoSchema),
};

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A page of a list: the items and the cursor of the next page, or null at the end. */
export const PageSchema = <T extends TSchema>(item: T, description: string) =>
  Type.Object(
    {
      items: Type.Array(item, { description }),
      next_cursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Pass as ?cursor= to get the next page; null on the last page',
      }),
    },
    { additionalProperties: false },
  );
