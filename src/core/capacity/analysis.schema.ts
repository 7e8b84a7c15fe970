import { type Static, Type } from 'typebox';
import { IsoDate, Nullable, Uuid } from '../shared/record.schema.js';

const MonthString = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
    description: `${description} (YYYY-MM)`,
    examples: ['2023-01'],
  });

const Qty = (description: string) => Type.Number({ description });

export const CauseSchema = Type.Union(
  [
    Type.Literal('capacity'),
    Type.Literal('lead_time'),
    Type.Literal('backlog'),
    Type.Literal('pledges_not_committed'),
  ],
  {
    description:
      'Why supply falls short, by counterfactual re-runs: lead_time = shortfall recovered if lines delivered without lead time; ' +
      'backlog = recovered without backlogs; pledges_not_committed = recovered if announced pledges were committed; ' +
      'capacity = left with all three removed. The largest wins; ties go to capacity, lead_time, backlog, pledges',
  },
);

export const ItemRefSchema = Type.Object(
  {
    id: Uuid('Item id'),
    code: Type.String({ description: 'Catalogue code' }),
    name: Type.String({ description: 'Item name' }),
    unit: Type.String({ description: 'Unit its quantities are in' }),
  },
  { additionalProperties: false, description: 'The item an analysis is about' },
);

export const ForecastQuerySchema = Type.Object(
  {
    item_id: Uuid('Item to forecast'),
    as_of: Type.Optional(MonthString('First month of the forecast; defaults to the current month')),
    months: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 120, description: 'Horizon in months; default 24' }),
    ),
  },
  { additionalProperties: false },
);
export type ForecastQuery = Static<typeof ForecastQuerySchema>;

export const ForecastMonthSchema = Type.Object(
  {
    month: MonthString('The month'),
    demand_needs: Qty('Open quantity of needs due this month (overdue needs count in the first month)'),
    demand_consumption: Qty('What the consumption profiles use this month'),
    demand: Qty('demand_needs + demand_consumption'),
    supply_pledges: Qty('Committed, undelivered pledge quantity expected this month'),
    supply_production: Qty('Production delivered to the coalition this month, after backlog and lead time'),
    supply: Qty('supply_pledges + supply_production'),
    opening_stock: Qty('Stock carried into the month (surplus of earlier months, opening stock on hand)'),
    shortfall: Qty('Demand not met this month; zero when covered'),
    cause: Nullable(CauseSchema),
  },
  { additionalProperties: false, description: 'Demand against supply in one month' },
);

export const SupplyLotSchema = Type.Object(
  {
    production_line_id: Uuid('Line the lot comes from'),
    month: MonthString('Month the lot is delivered'),
    quantity: Qty('Units available to the coalition'),
  },
  { additionalProperties: false, description: 'Future production as a lot the planner can allocate' },
);

export const CoverageSchema = Type.Object(
  {
    consumption_profile_id: Uuid('Consumption profile'),
    front: Nullable(Type.String({ description: 'Front or sector' })),
    region_id: Nullable(Uuid('Region')),
    stock_on_hand: Qty('Stock counted on stock_as_of'),
    stock_as_of: IsoDate('Day the stock was counted'),
    coverage_days: Nullable(
      Type.Integer({ description: 'Whole days the stock lasts; null if it never runs out' }),
    ),
    runs_out_on: Nullable(IsoDate('First day the stock cannot cover in full; null if never')),
  },
  { additionalProperties: false, description: 'How long a stock lasts at its consumption rate' },
);

export const ForecastSchema = Type.Object(
  {
    item: ItemRefSchema,
    as_of: MonthString('First month of the forecast'),
    months: Type.Array(ForecastMonthSchema, { description: 'One row per month of the horizon' }),
    first_shortfall_month: Nullable(MonthString('First month with a shortfall; null if none')),
    main_cause: Nullable(CauseSchema),
    shortfall_by_cause: Type.Object(
      {
        capacity: Qty('Shortfall left with lead time, backlog and uncommitted pledges removed'),
        lead_time: Qty('Shortfall recovered without lead times'),
        backlog: Qty('Shortfall recovered without backlogs'),
        pledges_not_committed: Qty('Shortfall recovered if announced pledges were committed'),
      },
      {
        additionalProperties: false,
        description: 'Shortfall attributed to each cause, summed over the horizon (causes overlap)',
      },
    ),
    total_shortfall: Qty('Sum of the monthly shortfalls'),
    lots: Type.Array(SupplyLotSchema, { description: 'Future production per line and month' }),
    coverage: Type.Array(CoverageSchema, { description: 'Coverage of each consumption profile of the item' }),
    notes: Type.Array(Type.String(), { description: 'How the figures were made' }),
  },
  { additionalProperties: false, description: 'The shortfall forecast of one item, month by month' },
);
export type ForecastResult = Static<typeof ForecastSchema>;

export const RiskQuerySchema = Type.Object(
  {
    item_id: Type.Optional(Uuid('Only this item')),
    country: Type.Optional(
      Type.String({ pattern: '^[A-Z]{2}$', description: 'Only items exposed to this country' }),
    ),
    threshold: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: 'Country share above which an input is a single point of failure; default 0.7',
      }),
    ),
  },
  { additionalProperties: false },
);
export type RiskQuery = Static<typeof RiskQuerySchema>;

const CountryShareSchema = Type.Object(
  {
    country_code: Type.String({ description: 'ISO 3166-1 alpha-2 country' }),
    share: Qty('Share of the supply, 0 to 1'),
  },
  { additionalProperties: false, description: 'Share of a supply from one country' },
);

export const RiskInputSchema = Type.Object(
  {
    material_id: Uuid('Material'),
    code: Type.String({ description: 'Material code' }),
    name: Type.String({ description: 'Material name' }),
    depth: Type.Integer({ description: '1 for a direct input of the item' }),
    path: Type.Array(Type.String(), { description: 'Material codes from the item down to this one' }),
    per_item_unit: Qty('Quantity of the material per unit of the item, over every path'),
    hhi: Qty('Herfindahl–Hirschman index by supplier country, Σ share² × 10,000 (0–10,000)'),
    suppliers: Type.Array(
      Type.Object(
        {
          name: Type.String({ description: 'Supplier' }),
          plant: Nullable(Type.String({ description: 'Plant or site' })),
          country_code: Type.String({ description: 'Country' }),
          share: Qty('Share of the supply'),
        },
        { additionalProperties: false, description: 'A supplier of the material' },
      ),
      { description: 'Suppliers of the material' },
    ),
    country_shares: Type.Array(CountryShareSchema, { description: 'Supply by country, largest first' }),
  },
  { additionalProperties: false, description: 'An input in the graph of an item' },
);

export const SinglePointSchema = Type.Object(
  {
    material_code: Type.String({ description: 'The input' }),
    kind: Type.Union([Type.Literal('single_supplier'), Type.Literal('concentrated_country')], {
      description:
        'single_supplier: one supplier only; concentrated_country: one country above the threshold share',
    }),
    country_code: Type.String({ description: 'The country concerned' }),
    share: Qty('Share of that country or supplier'),
    detail: Type.String({ description: 'In words' }),
  },
  { additionalProperties: false, description: 'A single point of failure' },
);

const CarrierSchema = Type.Union([Type.Literal('gas'), Type.Literal('oil'), Type.Literal('coal')], {
  description: 'Energy carrier',
});

export const RussianEnergySchema = Type.Object(
  {
    carriers: Type.Array(CarrierSchema, { description: 'Energy carriers in the item’s input graph' }),
    pledged: Qty('Quantity of the live pledges of the item you may see, in the item’s unit'),
    donors: Type.Array(
      Type.Object(
        {
          country_code: Nullable(
            Type.String({ description: 'Donor country; null for organisations without one (EU, NATO)' }),
          ),
          pledged: Qty('Quantity pledged by the donors of this country'),
          pledged_share: Qty('Their share of the pledged quantity, 0 to 1'),
          carrier: Nullable(CarrierSchema),
          russian_share: Nullable(
            Qty(
              'Share of the country’s imports of that carrier from Russia (the largest of the item’s carriers)',
            ),
          ),
          year: Nullable(Type.Integer({ description: 'Year of the figure' })),
          synthetic: Nullable(Type.Boolean({ description: 'True for a synthetic (demo) figure' })),
        },
        { additionalProperties: false, description: 'One donor country of the item' },
      ),
      { description: 'Donor countries, most pledged first' },
    ),
    exposed_share: Qty(
      'Σ over donor countries of pledged_share × russian_share: the part of the pledged supply whose donors depend on Russian energy (0–1)',
    ),
    unknown_share: Qty('Pledged share of donors without a Russian energy figure (not counted as zero)'),
  },
  {
    additionalProperties: false,
    description:
      'Russian energy dependency of the item’s donors, for fuels (items whose input graph holds an energy carrier)',
  },
);

export const EnergyDependencySchema = Type.Object(
  {
    country_code: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country' }),
    carrier: CarrierSchema,
    russian_share: Type.Number({
      minimum: 0,
      maximum: 1,
      description: 'Share of the country’s imports of the carrier that came from Russia, 0 to 1',
    }),
    year: Type.Integer({ minimum: 1990, maximum: 2100, description: 'Year the share is for' }),
    note: Nullable(Type.String({ description: 'Where the figure comes from' })),
    synthetic: Type.Boolean({ description: 'True for the demo figures, which are synthetic' }),
  },
  { additionalProperties: false, description: 'Russian energy dependency of a country for one carrier' },
);
export type EnergyDependencyEntry = Static<typeof EnergyDependencySchema>;

export const EnergyDependencySetSchema = Type.Object(
  {
    russian_share: EnergyDependencySchema.properties.russian_share,
    year: EnergyDependencySchema.properties.year,
    note: Type.Optional(
      Nullable(Type.String({ maxLength: 1000, description: 'Where the figure comes from' })),
    ),
  },
  { additionalProperties: false },
);
export type EnergyDependencySet = Static<typeof EnergyDependencySetSchema>;

export const EnergyDependencyParamsSchema = Type.Object(
  {
    country_code: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country' }),
    carrier: CarrierSchema,
  },
  { additionalProperties: false },
);

export const ItemRiskSchema = Type.Object(
  {
    item: ItemRefSchema,
    production_lines: Type.Array(
      Type.Object(
        {
          id: Uuid('Line'),
          name: Type.String({ description: 'Line name' }),
          plant: Nullable(Type.String({ description: 'Plant' })),
          country_code: Type.String({ description: 'Country of the line' }),
        },
        { additionalProperties: false, description: 'A line making the item' },
      ),
      { description: 'Lines making the item' },
    ),
    inputs: Type.Array(RiskInputSchema, { description: 'The input graph down to suppliers' }),
    exposure: Type.Array(
      Type.Object(
        {
          country_code: Type.String({ description: 'Country' }),
          share: Qty(
            'Largest share the country supplies of any input: the part of output lost if it stopped',
          ),
          via: Type.String({ description: 'The input with that share' }),
        },
        { additionalProperties: false, description: 'Exposure of the item to one country' },
      ),
      { description: 'Exposure by country, largest first' },
    ),
    single_points: Type.Array(SinglePointSchema, { description: 'Single points of failure' }),
    russian_energy: Nullable(RussianEnergySchema),
  },
  { additionalProperties: false, description: 'Supply-chain risk of one item' },
);

export const RiskSchema = Type.Object(
  {
    threshold: Qty('Country share above which an input counts as concentrated'),
    country: Nullable(Type.String({ description: 'The country asked about, if any' })),
    items: Type.Array(ItemRiskSchema, { description: 'Items covered' }),
  },
  { additionalProperties: false, description: 'Supply-chain risk per item' },
);
export type RiskResult = Static<typeof RiskSchema>;

export const OutageRequestSchema = Type.Object(
  {
    country_code: Type.Optional(
      Type.String({ pattern: '^[A-Z]{2}$', description: 'The country that stops supplying' }),
    ),
    material_code: Type.Optional(
      Type.String({
        description: 'Only this input stops (with country_code); all inputs from the country otherwise',
      }),
    ),
    plant: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 200,
        description: 'The plant that stops (a supplier plant or a production line plant)',
      }),
    ),
    from: Type.Optional(MonthString('First month of the outage; defaults to as_of')),
    as_of: Type.Optional(MonthString('First month of the forecast; defaults to the current month')),
    months: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 120, description: 'Horizon in months; default 24' }),
    ),
  },
  {
    additionalProperties: false,
    description: 'An outage scenario: a country stops supplying (an input), or a plant stops',
  },
);
export type OutageRequest = Static<typeof OutageRequestSchema>;

export const OutageItemSchema = Type.Object(
  {
    item: ItemRefSchema,
    available_share: Qty('Part of output still possible during the outage, 0 to 1'),
    capacity_lost: Type.Array(
      Type.Object(
        { month: MonthString('Production month'), quantity: Qty('Capacity lost in the month, all lines') },
        { additionalProperties: false, description: 'Capacity lost in one month' },
      ),
      { description: 'Capacity lost per production month (months with a loss only)' },
    ),
    total_capacity_lost: Qty('Capacity lost over the horizon'),
    first_shortfall_month: Nullable(MonthString('First shortfall month without the outage')),
    first_shortfall_month_with_outage: Nullable(MonthString('First shortfall month with the outage')),
    shortfall_added: Qty('Extra shortfall over the horizon that the outage creates'),
    needs_unmet: Type.Array(
      Type.Object(
        {
          need_id: Uuid('Need'),
          region_id: Uuid('Region of the need'),
          needed_by: IsoDate('When it is needed'),
          open_quantity: Qty('Quantity still open'),
          month: MonthString('Forecast month the need falls in'),
        },
        { additionalProperties: false, description: 'A need that goes unmet' },
      ),
      { description: 'Needs due in a month whose shortfall the outage creates or deepens' },
    ),
  },
  { additionalProperties: false, description: 'What an outage does to one item' },
);

export const OutageResultSchema = Type.Object(
  {
    scenario: OutageRequestSchema,
    as_of: MonthString('First month of the forecast'),
    from: MonthString('First month of the outage'),
    items: Type.Array(OutageItemSchema, { description: 'Items whose capacity the outage reduces' }),
    notes: Type.Array(Type.String(), { description: 'How the figures were made' }),
  },
  { additionalProperties: false, description: 'The result of an outage scenario run (not stored)' },
);
export type OutageResult = Static<typeof OutageResultSchema>;
