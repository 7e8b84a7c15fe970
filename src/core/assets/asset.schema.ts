import { type Static, Type } from 'typebox';
import {
  ClassificationSchema,
  EmbargoSchema,
  IsoDate,
  Nullable,
  RecordInputFields,
  RecordMetaFields,
  StringEnum,
  Uuid,
} from '../shared/record.schema.js';

export const ASSET_KINDS = [
  'substation',
  'transformer',
  'line',
  'generation_plant',
  'heating_plant',
  'boiler_house',
  'water_pumping_station',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const CAPACITY_UNITS = ['MVA', 'MW', 'Gcal/h'] as const;
export type CapacityUnit = (typeof CAPACITY_UNITS)[number];

/**
 * The one unit each kind's capacity is given in: apparent power for the network (substations,
 * transformers, lines), electrical output or load for plants and pumps, heat output for heat.
 * Figures are summed per unit only, never across units.
 */
export const CAPACITY_UNIT_OF: Readonly<Record<AssetKind, CapacityUnit>> = {
  substation: 'MVA',
  transformer: 'MVA',
  line: 'MVA',
  generation_plant: 'MW',
  water_pumping_station: 'MW',
  heating_plant: 'Gcal/h',
  boiler_house: 'Gcal/h',
};

/** Damage entries of incidents name kinds in their own words; these name the same assets. */
export const DAMAGE_KIND_ALIASES: Readonly<Record<string, AssetKind>> = {
  thermal_plant: 'heating_plant',
  chp: 'heating_plant',
  power_plant: 'generation_plant',
  pumping_station: 'water_pumping_station',
};

export const ASSET_STATUSES = ['in_service', 'damaged', 'under_repair', 'restored', 'destroyed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const AssetKindSchema = StringEnum(
  ASSET_KINDS,
  'Kind of asset; its capacity unit follows: MVA for substation, transformer, line; MW for generation_plant and water_pumping_station; Gcal/h for heating_plant and boiler_house',
);
export const AssetStatusSchema = StringEnum(
  ASSET_STATUSES,
  'in_service → damaged → under_repair → restored, or destroyed; every change is kept in the status history',
);
const CapacityUnitSchema = StringEnum(CAPACITY_UNITS, 'Unit of capacity; fixed by the kind');

const Name = Type.String({ minLength: 1, maxLength: 200, description: 'Name of the asset' });
const VoltageKv = Nullable(
  Type.Integer({ minimum: 1, maximum: 1150, description: 'Voltage class in kV (e.g. 110, 330, 750)' }),
);
const Capacity = Nullable(
  Type.Number({ exclusiveMinimum: 0, description: 'Capacity in the unit of the kind (capacity_unit)' }),
);
const PeopleServed = Type.Integer({ minimum: 0, description: 'People who lose a service when it is down' });
const Latitude = Nullable(Type.Number({ minimum: -90, maximum: 90, description: 'Latitude (WGS 84)' }));
const Longitude = Nullable(Type.Number({ minimum: -180, maximum: 180, description: 'Longitude (WGS 84)' }));
const RegionRelease = Type.Boolean({
  description:
    "The owner's statement that the asset may be counted, by region, kind and status only, in region aggregates every reader sees (docs/grid-repair.md)",
});

export const AssetSchema = Type.Object(
  {
    id: Uuid('Asset id'),
    name: Name,
    kind: AssetKindSchema,
    region_id: Uuid('Region of the asset'),
    operator_org_id: Uuid('Operator of the asset (a party: sees it whatever its classification)'),
    voltage_kv: VoltageKv,
    capacity: Capacity,
    capacity_unit: Nullable(CapacityUnitSchema),
    people_served: PeopleServed,
    status: AssetStatusSchema,
    status_on: Nullable(IsoDate('Day the current status took effect')),
    latitude: Latitude,
    longitude: Longitude,
    region_release: RegionRelease,
    ...RecordMetaFields,
  },
  {
    additionalProperties: false,
    description:
      'A grid asset: substation, transformer, line, plant or pumping station (restricted by default)',
  },
);
export type Asset = Static<typeof AssetSchema>;

export const AssetCreateSchema = Type.Object(
  {
    name: Name,
    kind: AssetKindSchema,
    region_id: Uuid('Region of the asset'),
    operator_org_id: Uuid('Operator of the asset'),
    voltage_kv: Type.Optional(VoltageKv),
    capacity: Type.Optional(Capacity),
    people_served: Type.Optional(PeopleServed),
    status: Type.Optional(AssetStatusSchema),
    status_on: Type.Optional(Nullable(IsoDate('Day the status took effect; default: the data set’s today'))),
    latitude: Type.Optional(Latitude),
    longitude: Type.Optional(Longitude),
    region_release: Type.Optional(RegionRelease),
    ...RecordInputFields,
    owner_org_id: Type.Optional(Uuid('Owning organisation; defaults to the operator')),
  },
  { additionalProperties: false },
);
export type AssetCreate = Static<typeof AssetCreateSchema>;

export const AssetPatchSchema = Type.Partial(
  Type.Object(
    {
      name: Name,
      voltage_kv: VoltageKv,
      capacity: Capacity,
      people_served: PeopleServed,
      latitude: Latitude,
      longitude: Longitude,
      region_release: RegionRelease,
      classification: ClassificationSchema,
      embargo_until: EmbargoSchema,
    },
    { additionalProperties: false },
  ),
  { additionalProperties: false },
);
export type AssetPatch = Static<typeof AssetPatchSchema>;

export const AssetFiltersSchema = Type.Object(
  {
    region_id: Type.Optional(Uuid('Only assets in this region')),
    kind: Type.Optional(AssetKindSchema),
    status: Type.Optional(AssetStatusSchema),
    operator_org_id: Type.Optional(Uuid('Only assets of this operator')),
  },
  { additionalProperties: false },
);
export type AssetFilters = Static<typeof AssetFiltersSchema>;

export const AssetStatusChangeSchema = Type.Object(
  {
    status: AssetStatusSchema,
    effective_on: Type.Optional(IsoDate('Day it took effect; default: the data set’s today')),
    incident_id: Type.Optional(Nullable(Uuid('Incident that damaged or destroyed it'))),
    repair_project_id: Type.Optional(Nullable(Uuid('Repair project that repairs or restored it'))),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: 'What happened' }))),
  },
  { additionalProperties: false, description: 'A change of an asset’s status' },
);
export type AssetStatusChange = Static<typeof AssetStatusChangeSchema>;

export const AssetStatusEntrySchema = Type.Object(
  {
    status: AssetStatusSchema,
    effective_on: IsoDate('Day it took effect'),
    incident_id: Nullable(Uuid('Incident that caused it')),
    repair_project_id: Nullable(Uuid('Repair project that caused it')),
    note: Nullable(Type.String({ description: 'What happened' })),
    at: Type.String({ format: 'date-time', description: 'When it was recorded (UTC)' }),
    actor: Type.String({ description: 'Who recorded it' }),
  },
  { additionalProperties: false, description: 'One status of an asset, from a day on' },
);
export type AssetStatusEntry = Static<typeof AssetStatusEntrySchema>;

export const DamagedAssetSchema = Type.Object(
  {
    asset_id: Type.Optional(Uuid('A known asset; omit and describe it to record an unknown one')),
    name: Type.Optional(Name),
    kind: Type.Optional(AssetKindSchema),
    region_id: Type.Optional(Uuid('Region of an unknown asset')),
    operator_org_id: Type.Optional(Uuid('Operator of an unknown asset')),
    voltage_kv: Type.Optional(VoltageKv),
    people_served: Type.Optional(PeopleServed),
    status: Type.Optional(
      StringEnum(['damaged', 'destroyed'] as const, 'What the incident did to it; default damaged'),
    ),
  },
  { additionalProperties: false, description: 'An asset an incident damaged, known (asset_id) or not' },
);
export type DamagedAsset = Static<typeof DamagedAssetSchema>;

export const DamagedAssetsSchema = Type.Object(
  {
    assets: Type.Array(DamagedAssetSchema, { minItems: 1, maxItems: 500, description: 'The damaged assets' }),
  },
  { additionalProperties: false },
);
export type DamagedAssets = Static<typeof DamagedAssetsSchema>;

export const RegionAssetCountSchema = Type.Object(
  {
    region_id: Uuid('Region'),
    kind: AssetKindSchema,
    status: AssetStatusSchema,
    assets: Type.Integer({ minimum: 0, description: 'Assets of the kind in the status in the region' }),
    released: Type.Integer({
      minimum: 0,
      description:
        'Of these, assets the reader may not see one by one, counted by their owner’s release for region counts',
    }),
  },
  { additionalProperties: false },
);

export const RegionAssetCountsSchema = Type.Object(
  {
    items: Type.Array(RegionAssetCountSchema, {
      description:
        'Counts per region, kind and status: assets the reader may see, and assets released for counts',
    }),
  },
  {
    additionalProperties: false,
    description: 'Grid assets aggregated by region (no identity, place or size)',
  },
);
export type RegionAssetCounts = Static<typeof RegionAssetCountsSchema>;
