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

const MonthString = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
    description: `${description} (YYYY-MM)`,
    examples: ['2023-01'],
  });

const CountryCode = (description: string) => Type.String({ pattern: '^[A-Z]{2}$', description });

export const CapacityStepSchema = Type.Object(
  {
    from: MonthString('First month this capacity holds; it holds until the next step'),
    per_month: Type.Number({
      description: 'Units the line can make a month from then on; zero or more, at most 3 decimals',
    }),
  },
  { additionalProperties: false, description: 'One step of a capacity schedule' },
);

const lineFields = {
  name: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Name of the line, e.g. "US 155 mm shell lines"',
  }),
  manufacturer: Type.String({ minLength: 1, maxLength: 200, description: 'Who makes the item on this line' }),
  manufacturer_org_id: Nullable(Uuid('The manufacturer as an organisation, when it is one')),
  plant: Nullable(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Plant or site name; an outage scenario can stop it by name',
    }),
  ),
  country_code: CountryCode('ISO 3166-1 alpha-2 code of the country the line is in'),
  item_id: Uuid('Catalogue item the line makes'),
  capacity_schedule: Type.Array(CapacityStepSchema, {
    minItems: 1,
    maxItems: 120,
    description: 'Monthly capacity over time as ramp-up steps, ascending by month, months distinct',
  }),
  lead_time_months: Type.Integer({
    minimum: 0,
    maximum: 120,
    description: 'Months from order (production slot) to delivery',
  }),
  backlog: Type.Number({
    description: 'Units already ordered by others that the line makes first; zero or more',
  }),
  coalition_share: Type.Number({
    description: 'Part of output after the backlog available to the coalition, 0 to 1',
  }),
};

export const ProductionLineSchema = Type.Object(
  { id: Uuid('Production line id'), ...lineFields, ...RecordMetaFields },
  {
    additionalProperties: false,
    description: "A manufacturer's line for an item: capacity over time, lead time, backlog, coalition share",
  },
);
export type ProductionLine = Static<typeof ProductionLineSchema>;

export const ProductionLineCreateSchema = Type.Object(
  {
    name: lineFields.name,
    manufacturer: lineFields.manufacturer,
    country_code: lineFields.country_code,
    item_id: lineFields.item_id,
    capacity_schedule: lineFields.capacity_schedule,
    lead_time_months: lineFields.lead_time_months,
    coalition_share: lineFields.coalition_share,
    manufacturer_org_id: Type.Optional(lineFields.manufacturer_org_id),
    plant: Type.Optional(lineFields.plant),
    backlog: Type.Optional(lineFields.backlog),
    ...RecordInputFields,
  },
  { additionalProperties: false },
);
export type ProductionLineCreate = Static<typeof ProductionLineCreateSchema>;

export const ProductionLinePatchSchema = Type.Partial(
  Type.Object(
    { ...lineFields, classification: ClassificationSchema, embargo_until: EmbargoSchema },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type ProductionLinePatch = Static<typeof ProductionLinePatchSchema>;

export const ProductionLineFiltersSchema = Type.Object(
  {
    item_id: Type.Optional(Uuid('Only lines making this item')),
    country_code: Type.Optional(CountryCode('Only lines in this country')),
  },
  { additionalProperties: false },
);
export type ProductionLineFilters = Static<typeof ProductionLineFiltersSchema>;

export const SupplierSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Supplier name' }),
    plant: Nullable(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'Plant or site; an outage scenario can stop it by name',
      }),
    ),
    country_code: CountryCode('ISO 3166-1 alpha-2 code of the country the supply comes from'),
    share: Type.Number({
      description:
        'Part of the supply of the material from this supplier, 0 to 1; all shares sum to at most 1',
    }),
  },
  { additionalProperties: false, description: 'One supplier of a material' },
);
export type SupplierEntry = Static<typeof SupplierSchema>;

const materialFields = {
  code: Type.String({
    pattern: '^[A-Z0-9][A-Z0-9._-]{0,59}$',
    description: 'Stable code, upper case, e.g. COTTON-LINTERS',
  }),
  name: Type.String({ minLength: 1, maxLength: 200, description: 'Name of the material or component' }),
  unit: Type.String({ minLength: 1, maxLength: 40, description: 'Unit its quantities are in, e.g. kg' }),
  suppliers: Type.Array(SupplierSchema, {
    maxItems: 200,
    description: 'Who supplies it, with country and share',
  }),
  energy_carrier: Nullable(
    Type.Union([Type.Literal('gas'), Type.Literal('oil'), Type.Literal('coal')], {
      description:
        'The energy carrier the material is (crude oil: oil); a fuel item with one in its input graph is exposed to the Russian energy dependency of its donors (GET /risk)',
    }),
  ),
};

export const MaterialSchema = Type.Object(
  { id: Uuid('Material id'), ...materialFields, ...RecordMetaFields },
  {
    additionalProperties: false,
    description: 'A material or component that items or other materials need, with its suppliers',
  },
);
export type Material = Static<typeof MaterialSchema>;

export const MaterialCreateSchema = Type.Object(
  {
    code: materialFields.code,
    name: materialFields.name,
    unit: materialFields.unit,
    suppliers: Type.Optional(materialFields.suppliers),
    energy_carrier: Type.Optional(materialFields.energy_carrier),
    ...RecordInputFields,
  },
  { additionalProperties: false },
);
export type MaterialCreate = Static<typeof MaterialCreateSchema>;

export const MaterialPatchSchema = Type.Partial(
  Type.Object(
    { ...materialFields, classification: ClassificationSchema, embargo_until: EmbargoSchema },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type MaterialPatch = Static<typeof MaterialPatchSchema>;

export const MaterialFiltersSchema = Type.Object(
  { country_code: Type.Optional(CountryCode('Only materials with a supplier in this country')) },
  { additionalProperties: false },
);
export type MaterialFilters = Static<typeof MaterialFiltersSchema>;

const inputFields = {
  item_id: Nullable(Uuid('The item that needs the material (set this or parent_material_id)')),
  parent_material_id: Nullable(Uuid('The material that needs the material (set this or item_id)')),
  material_id: Uuid('The material needed'),
  quantity_per_unit: Type.Number({
    description: 'Quantity of the material per unit of the item or parent material; greater than zero',
  }),
};

export const InputSchema = Type.Object(
  { id: Uuid('Input id'), ...inputFields, ...RecordMetaFields },
  {
    additionalProperties: false,
    description: 'An edge of the input graph (bill of materials): what one unit needs',
  },
);
export type Input = Static<typeof InputSchema>;

export const InputCreateSchema = Type.Object(
  {
    material_id: inputFields.material_id,
    quantity_per_unit: inputFields.quantity_per_unit,
    item_id: Type.Optional(inputFields.item_id),
    parent_material_id: Type.Optional(inputFields.parent_material_id),
    ...RecordInputFields,
  },
  { additionalProperties: false },
);
export type InputCreate = Static<typeof InputCreateSchema>;

export const InputPatchSchema = Type.Partial(
  Type.Object(
    { quantity_per_unit: inputFields.quantity_per_unit, classification: ClassificationSchema },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type InputPatch = Static<typeof InputPatchSchema>;

export const InputFiltersSchema = Type.Object(
  {
    item_id: Type.Optional(Uuid('Only inputs of this item')),
    parent_material_id: Type.Optional(Uuid('Only inputs of this material')),
    material_id: Type.Optional(Uuid('Only edges to this material')),
  },
  { additionalProperties: false },
);
export type InputFilters = Static<typeof InputFiltersSchema>;

export const RateStepSchema = Type.Object(
  {
    from: IsoDate('First day this rate holds; it holds until the next step'),
    per_day: Type.Number({ description: 'Units used a day from then on; zero or more, at most 3 decimals' }),
  },
  { additionalProperties: false, description: 'One step of a consumption schedule' },
);

const profileFields = {
  item_id: Uuid('Catalogue item used up'),
  region_id: Nullable(Uuid('Region where it is used (set this, front, or both)')),
  front: Nullable(
    Type.String({ minLength: 1, maxLength: 200, description: 'Front or sector where it is used' }),
  ),
  rate_schedule: Type.Array(RateStepSchema, {
    minItems: 1,
    maxItems: 400,
    description: 'Rate per day over time as steps, ascending by day, days distinct',
  }),
  stock_on_hand: Type.Number({ description: 'Units in stock there on stock_as_of; zero or more' }),
  stock_as_of: IsoDate('Day the stock was counted'),
};

export const ConsumptionProfileSchema = Type.Object(
  {
    id: Uuid('Consumption profile id'),
    ...profileFields,
    coverage_days: Nullable(
      Type.Integer({
        description:
          'Whole days the stock lasts from stock_as_of at the scheduled rate; null if it never runs out',
      }),
    ),
    runs_out_on: Nullable(IsoDate('First day the stock cannot cover in full; null if it never runs out')),
    ...RecordMetaFields,
  },
  {
    additionalProperties: false,
    description: 'How fast an item is used up at a front or in a region, with the stock on hand there',
  },
);
export type ConsumptionProfile = Static<typeof ConsumptionProfileSchema>;

export const ConsumptionProfileCreateSchema = Type.Object(
  {
    item_id: profileFields.item_id,
    rate_schedule: profileFields.rate_schedule,
    stock_as_of: profileFields.stock_as_of,
    region_id: Type.Optional(profileFields.region_id),
    front: Type.Optional(profileFields.front),
    stock_on_hand: Type.Optional(profileFields.stock_on_hand),
    ...RecordInputFields,
  },
  { additionalProperties: false },
);
export type ConsumptionProfileCreate = Static<typeof ConsumptionProfileCreateSchema>;

export const ConsumptionProfilePatchSchema = Type.Partial(
  Type.Object(
    { ...profileFields, classification: ClassificationSchema, embargo_until: EmbargoSchema },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type ConsumptionProfilePatch = Static<typeof ConsumptionProfilePatchSchema>;

export const ConsumptionProfileFiltersSchema = Type.Object(
  {
    item_id: Type.Optional(Uuid('Only profiles of this item')),
    region_id: Type.Optional(Uuid('Only profiles in this region')),
  },
  { additionalProperties: false },
);
export type ConsumptionProfileFilters = Static<typeof ConsumptionProfileFiltersSchema>;
