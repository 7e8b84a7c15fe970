import { type Static, Type } from 'typebox';
import { SearchText } from '../search/search.schema.js';
import {
  ClassificationSchema,
  EmbargoSchema,
  MoneySchema,
  Nullable,
  RecordInputFields,
  RecordMetaFields,
  Uuid,
} from '../shared/record.schema.js';

const ItemCode = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9._-]{0,39}$',
  description: 'Catalogue code, upper case, e.g. AMMO-155 or GEN-220KVA',
});
export const CategoryPath = Type.String({
  pattern: '^[a-z0-9-]+(/[a-z0-9-]+)*$',
  maxLength: 200,
  description: 'Category path, e.g. military/ammunition, non-lethal/winter, energy/transformer',
});
const NameUk = Type.String({ minLength: 1, maxLength: 200, description: 'Name of the item in Ukrainian' });
const Unit = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'Unit of measure: round, litre, system, kit…',
});

export const ItemSchema = Type.Object(
  {
    id: Uuid('Item id'),
    code: ItemCode,
    name: Type.String({ description: 'Name of the item' }),
    name_uk: Nullable(NameUk),
    category: CategoryPath,
    unit: Unit,
    reference_price: Nullable(MoneySchema),
    description: Nullable(Type.String({ description: 'Description' })),
    ...RecordMetaFields,
  },
  { additionalProperties: false, description: 'A catalogue entry: what can be needed and pledged' },
);
export type Item = Static<typeof ItemSchema>;

export const ItemCreateSchema = Type.Object(
  {
    code: ItemCode,
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Name of the item' }),
    name_uk: Type.Optional(Nullable(NameUk)),
    category: CategoryPath,
    unit: Unit,
    reference_price: Type.Optional(Nullable(MoneySchema)),
    description: Type.Optional(Nullable(Type.String({ maxLength: 4000, description: 'Description' }))),
    ...RecordInputFields,
  },
  { additionalProperties: false },
);
export type ItemCreate = Static<typeof ItemCreateSchema>;

export const ItemPatchSchema = Type.Partial(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 200, description: 'Name of the item' }),
      name_uk: Nullable(NameUk),
      category: CategoryPath,
      unit: Unit,
      reference_price: Nullable(MoneySchema),
      description: Nullable(Type.String({ maxLength: 4000, description: 'Description' })),
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type ItemPatch = Static<typeof ItemPatchSchema>;

export const ItemFiltersSchema = Type.Object(
  {
    category: Type.Optional(CategoryPath),
    code: Type.Optional(ItemCode),
    q: Type.Optional(
      SearchText(
        'Words that must all occur in the code, the English or Ukrainian name or the category (its path or names)',
      ),
    ),
  },
  { additionalProperties: false },
);
export type ItemFilters = Static<typeof ItemFiltersSchema>;
