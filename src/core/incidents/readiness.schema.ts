import { type Static, Type } from 'typebox';
import { NeedSchema } from '../needs/need.schema.js';
import { IsoDate, MoneySchema, Nullable, Uuid } from '../shared/record.schema.js';
import { IncidentSchema } from './incident.schema.js';

/** A quantity in the unit of the region's derived needs' one item; null across items. */
const RegionQuantity = (description: string) =>
  Nullable(
    Type.Number({
      description: `${description}, in \`unit\`; null when the derived needs span several items (quantities of different units do not add: see value)`,
    }),
  );

const EurMoney = (stage: string) => ({ ...MoneySchema, description: `EUR value ${stage}` });

export const ReadinessQuerySchema = Type.Object(
  { as_of: Type.Optional(IsoDate('Day the readiness is computed for; today when left out')) },
  { additionalProperties: false },
);
export type ReadinessQuery = Static<typeof ReadinessQuerySchema>;

export const RegionReadinessSchema = Type.Object(
  {
    rank: Type.Integer({ minimum: 1, description: 'Position in the ranking, 1 = most at risk' }),
    region_id: Uuid('Region'),
    region_code: Type.String({ description: 'ISO 3166-2 code' }),
    region_name: Type.String({ description: 'Region name' }),
    population: Nullable(Type.Integer({ description: 'Residents' })),
    people_without_power: Type.Integer({
      description: 'People without power on as_of (largest figure of the active incidents)',
    }),
    people_without_heat: Type.Integer({ description: 'People without heat on as_of' }),
    people_without_water: Type.Integer({ description: 'People without water on as_of' }),
    active_incidents: Type.Integer({ description: 'Active incidents with an outage in the region on as_of' }),
    first_frost_on: Nullable(IsoDate('Expected first frost in the region')),
    days_to_first_frost: Nullable(
      Type.Integer({ description: 'Days from as_of to the first frost; zero or negative once it has come' }),
    ),
    derived_needs: Type.Integer({
      description: 'Needs derived from incidents in the region (not cancelled)',
    }),
    critical_needs: Type.Integer({ description: 'Of those, critical ones' }),
    needs_for_review: Type.Integer({ description: 'Of those, flagged for review' }),
    item_count: Type.Integer({ description: 'Distinct items among the derived needs' }),
    unit: Nullable(
      Type.String({
        description:
          'Unit of needed, pledged, allocated and delivered when the derived needs are of one item; null when they span several items (then those quantities are null) or there are none',
      }),
    ),
    needed: RegionQuantity('Quantity of the derived needs'),
    pledged: RegionQuantity('Quantity of open pledges made against the derived needs'),
    allocated: RegionQuantity('Quantity allocated to the derived needs'),
    delivered: RegionQuantity('Quantity delivered (received) against the derived needs'),
    value: Type.Object(
      {
        needed: EurMoney('needed'),
        pledged: EurMoney('pledged'),
        allocated: EurMoney('allocated'),
        delivered: EurMoney('delivered'),
        basis: Type.Literal('price_list', {
          description: "Each quantity valued at its need's item's price-list value in EUR",
        }),
      },
      {
        description:
          'The same figures in EUR, comparable across items: at the price list of each need’s item; needs without a price are counted in unvalued_need_count and left out',
      },
    ),
    unvalued_need_count: Type.Integer({
      description: 'Derived needs whose item has no price: left out of the EUR values, never silently',
    }),
    delivered_share: Nullable(
      Type.Number({
        description: 'Mean over derived needs of delivered ÷ quantity (each at most 1); null without needs',
      }),
    ),
    repairs: Type.Object(
      {
        open: Type.Integer({
          description:
            'Repair projects in the region (that you may see, not cancelled) not energised by as_of',
        }),
        under_way: Type.Integer({
          description: 'Of those, repairs whose work has begun by as_of (an actual milestone after assessed)',
        }),
        energising_first_on: Nullable(
          IsoDate(
            'Earliest planned energising day of the open repairs (may be past: overdue); null without a plan',
          ),
        ),
        energising_last_on: Nullable(IsoDate('Latest planned energising day of the open repairs')),
        people_awaiting_reconnection: Type.Integer({
          description: 'People the open repairs reconnect once energised (their people_reconnected, added)',
        }),
      },
      { additionalProperties: false, description: 'Grid repairs of the region still to be energised' },
    ),
    risk_score: Type.Number({
      description:
        'Risk 0–100: 100 × exposed share × frost factor × (0.5 + 0.5 × undelivered share); see the notes',
    }),
  },
  { additionalProperties: false, description: 'Winter readiness of one region' },
);
export type RegionReadiness = Static<typeof RegionReadinessSchema>;

export const ReadinessReportSchema = Type.Object(
  {
    as_of: IsoDate('Day the readiness is computed for'),
    regions: Type.Array(RegionReadinessSchema, { description: 'Regions, most at risk first' }),
    notes: Type.Array(Type.String(), { description: 'How the figures and the risk score are computed' }),
  },
  { additionalProperties: false, description: 'Regions ranked by winter risk' },
);
export type ReadinessReport = Static<typeof ReadinessReportSchema>;

export const RegionReadinessDetailSchema = Type.Object(
  {
    as_of: IsoDate('Day the readiness is computed for'),
    region: RegionReadinessSchema,
    incidents: Type.Array(IncidentSchema, {
      description: 'Active incidents touching the region, newest first',
    }),
    needs: Type.Array(NeedSchema, {
      description: 'Needs derived from incidents in the region, by needed-by date',
    }),
    notes: Type.Array(Type.String(), { description: 'How the figures and the risk score are computed' }),
  },
  { additionalProperties: false, description: 'Winter readiness of one region in detail' },
);
export type RegionReadinessDetail = Static<typeof RegionReadinessDetailSchema>;

export const FirstFrostSchema = Type.Object(
  {
    region_id: Uuid('Region'),
    region_code: Type.String({ description: 'ISO 3166-2 code' }),
    region_name: Type.String({ description: 'Region name' }),
    first_frost_on: IsoDate('Expected first frost; heat and power needs derived before it can be critical'),
    note: Nullable(Type.String({ description: 'Where the date comes from' })),
    synthetic: Type.Boolean({ description: 'True for the demo defaults, which are synthetic' }),
  },
  { additionalProperties: false, description: 'The first-frost date of a region' },
);
export type FirstFrost = Static<typeof FirstFrostSchema>;

export const FirstFrostSetSchema = Type.Object(
  {
    first_frost_on: IsoDate('Expected first frost'),
    note: Type.Optional(Nullable(Type.String({ maxLength: 1000, description: 'Where the date comes from' }))),
  },
  { additionalProperties: false },
);
export type FirstFrostSet = Static<typeof FirstFrostSetSchema>;
