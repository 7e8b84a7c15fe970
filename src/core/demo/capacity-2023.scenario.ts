/**
 * Production capacity for the demo, shaped by the public figures of
 * shared/reference/demo-facts.md: the US 155 mm ramp-up 14,000 → 28,000 → 40,000 a month
 * (Jan 2023, Sep 2023, Jun 2025), EU lines near 1 million shells a year in early 2024, front
 * consumption of 4,000–7,000 shells a day, all US propellant charges from one plant (Valleyfield,
 * Canada), more than 70 % of cotton linters for nitrocellulose from China, about 10 kg of TNT per
 * shell, and generators and transformers with long lead times. Everything else — backlogs, shares,
 * lead times, supplier names and splits, stock on hand — is synthetic and says so.
 */

import type { Insertable } from 'kysely';
import type { NeedLoadRow } from '../../db/repositories/demo.repository.js';
import type {
  ConsumptionProfileTable,
  EnergyDependencyTable,
  MaterialInputTable,
  MaterialTable,
  ProductionLineTable,
} from '../../db/schema.js';
import { createRandom, uuidV7 } from './random.js';
import type { DemoScenario } from './winter-2022.scenario.js';

type Full<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
type Row<T> = Full<Omit<Insertable<T>, 'created_at' | 'updated_at' | 'version' | 'embargo_until'>>;

export type ProductionLineLoadRow = Row<ProductionLineTable>;
export type MaterialLoadRow = Row<MaterialTable>;
export type MaterialInputLoadRow = Row<MaterialInputTable>;
export type ConsumptionProfileLoadRow = Row<ConsumptionProfileTable>;

export interface CapacityScenario {
  readonly production_lines: readonly ProductionLineLoadRow[];
  readonly materials: readonly MaterialLoadRow[];
  readonly inputs: readonly MaterialInputLoadRow[];
  readonly consumption_profiles: readonly ConsumptionProfileLoadRow[];
  /** Forward 155 mm requests for 2023–24, so that the forecast has needs beyond the winter. */
  readonly needs: readonly NeedLoadRow[];
  /** Russian energy dependency of coalition members (synthetic shares), a risk input for fuels. */
  readonly energy_dependencies: readonly EnergyDependencyLoadRow[];
}

export type EnergyDependencyLoadRow = Full<Omit<Insertable<EnergyDependencyTable>, 'updated_at'>>;

/** The month the demo's forecast is meant to be read from. */
export const CAPACITY_AS_OF = '2023-01';

const SYNTHETIC = 'Synthetic demo figure';

interface LineFact {
  readonly key: string;
  readonly name: string;
  readonly item: string;
  readonly country: string;
  readonly plant: string;
  readonly schedule: readonly [string, number][];
  readonly lead: number;
  readonly backlog: number;
  readonly share: number;
}

const LINES: readonly LineFact[] = [
  {
    key: 'us-155',
    name: 'US 155 mm shell lines (ramp-up from public figures)',
    item: 'AMMO-155',
    country: 'US',
    plant: 'US Army ammunition plants',
    schedule: [
      ['2023-01', 14_000],
      ['2023-09', 28_000],
      ['2025-06', 40_000],
    ],
    lead: 6,
    backlog: 30_000,
    share: 0.5,
  },
  {
    key: 'eu-155-de',
    name: 'EU 155 mm line A (synthetic, DE)',
    item: 'AMMO-155',
    country: 'DE',
    plant: 'Synthetic plant DE-1',
    schedule: [
      ['2023-01', 25_000],
      ['2024-01', 40_000],
    ],
    lead: 9,
    backlog: 50_000,
    share: 0.6,
  },
  {
    key: 'eu-155-fr',
    name: 'EU 155 mm line B (synthetic, FR)',
    item: 'AMMO-155',
    country: 'FR',
    plant: 'Synthetic plant FR-1',
    schedule: [
      ['2023-01', 15_000],
      ['2024-01', 20_000],
    ],
    lead: 9,
    backlog: 20_000,
    share: 0.6,
  },
  {
    key: 'eu-155-pl',
    name: 'EU 155 mm line C (synthetic, PL)',
    item: 'AMMO-155',
    country: 'PL',
    plant: 'Synthetic plant PL-1',
    schedule: [
      ['2023-01', 10_000],
      ['2024-01', 23_000],
    ],
    lead: 9,
    backlog: 10_000,
    share: 0.6,
  },
  {
    key: 'gen-220',
    name: 'Hospital-size generator assembly (synthetic)',
    item: 'GEN-220KVA',
    country: 'DE',
    plant: 'Synthetic generator works',
    schedule: [
      ['2022-11', 40],
      ['2023-03', 80],
    ],
    lead: 4,
    backlog: 200,
    share: 0.5,
  },
  {
    key: 'trf-110',
    name: '110 kV transformer works (synthetic)',
    item: 'TRF-110KV',
    country: 'DE',
    plant: 'Synthetic transformer works',
    schedule: [['2022-10', 2]],
    lead: 12,
    backlog: 20,
    share: 0.3,
  },
  {
    key: 'trf-330',
    name: '330 kV autotransformer works (synthetic)',
    item: 'TRF-330KV',
    country: 'FR',
    plant: 'Synthetic autotransformer works',
    schedule: [['2022-10', 1]],
    lead: 18,
    backlog: 10,
    share: 0.25,
  },
];

interface MaterialFact {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  readonly energy_carrier?: 'gas' | 'oil' | 'coal';
  readonly suppliers: readonly { name: string; plant: string | null; country_code: string; share: number }[];
}

const MATERIALS: readonly MaterialFact[] = [
  {
    code: 'PROPELLANT-CHARGE-155',
    name: 'Propellant charge, 155 mm',
    unit: 'charge',
    // Public: all US artillery propellant charges come from one plant in Canada.
    suppliers: [{ name: 'Valleyfield propellant plant', plant: 'Valleyfield', country_code: 'CA', share: 1 }],
  },
  {
    code: 'NITROCELLULOSE',
    name: 'Nitrocellulose',
    unit: 'kg',
    suppliers: [
      { name: 'Synthetic NC maker 1', plant: null, country_code: 'DE', share: 0.4 },
      { name: 'Synthetic NC maker 2', plant: null, country_code: 'FR', share: 0.3 },
      { name: 'Synthetic NC maker 3', plant: null, country_code: 'US', share: 0.3 },
    ],
  },
  {
    code: 'COTTON-LINTERS',
    name: 'Cotton linters',
    unit: 'kg',
    // Public: more than 70 % from China; the rest of the split is synthetic.
    suppliers: [
      { name: 'Synthetic linter exporters', plant: null, country_code: 'CN', share: 0.72 },
      { name: 'Synthetic linter supplier US', plant: null, country_code: 'US', share: 0.15 },
      { name: 'Synthetic linter supplier TR', plant: null, country_code: 'TR', share: 0.08 },
      { name: 'Synthetic linter supplier BR', plant: null, country_code: 'BR', share: 0.05 },
    ],
  },
  {
    code: 'TNT',
    name: 'TNT (high explosive fill)',
    unit: 'kg',
    suppliers: [
      { name: 'Synthetic TNT plant PL', plant: null, country_code: 'PL', share: 0.6 },
      { name: 'Synthetic TNT plant US', plant: null, country_code: 'US', share: 0.4 },
    ],
  },
  {
    code: 'SHELL-BODY-155',
    name: 'Forged steel shell body, 155 mm',
    unit: 'body',
    suppliers: [
      { name: 'Synthetic forge US', plant: null, country_code: 'US', share: 0.5 },
      { name: 'Synthetic forge DE', plant: null, country_code: 'DE', share: 0.3 },
      { name: 'Synthetic forge FR', plant: null, country_code: 'FR', share: 0.2 },
    ],
  },
  {
    code: 'ELECTRICAL-STEEL',
    name: 'Grain-oriented electrical steel',
    unit: 'kg',
    suppliers: [
      { name: 'Synthetic GOES mill JP', plant: null, country_code: 'JP', share: 0.4 },
      { name: 'Synthetic GOES mill KR', plant: null, country_code: 'KR', share: 0.3 },
      { name: 'Synthetic GOES mill DE', plant: null, country_code: 'DE', share: 0.3 },
    ],
  },
  {
    code: 'TRANSFORMER-CORE-330',
    name: 'Stacked core for 330 kV autotransformers (grain-oriented steel laminations)',
    unit: 'core',
    // Synthetic: few core builders can cut and stack cores of this size.
    suppliers: [
      {
        name: 'Synthetic core works FR',
        plant: 'Synthetic autotransformer works',
        country_code: 'FR',
        share: 0.6,
      },
      { name: 'Synthetic core works KR', plant: null, country_code: 'KR', share: 0.4 },
    ],
  },
  {
    code: 'TRANSFORMER-CORE-110',
    name: 'Stacked core for 110 kV transformers',
    unit: 'core',
    suppliers: [
      {
        name: 'Synthetic core works DE',
        plant: 'Synthetic transformer works',
        country_code: 'DE',
        share: 0.7,
      },
      { name: 'Synthetic core works PL', plant: null, country_code: 'PL', share: 0.3 },
    ],
  },
  {
    code: 'HV-BUSHING-330',
    name: 'High-voltage bushing, 330 kV class',
    unit: 'bushing',
    suppliers: [
      { name: 'Synthetic bushing maker SE', plant: null, country_code: 'SE', share: 0.5 },
      { name: 'Synthetic bushing maker CH', plant: null, country_code: 'CH', share: 0.3 },
      { name: 'Synthetic bushing maker CN', plant: null, country_code: 'CN', share: 0.2 },
    ],
  },
  {
    code: 'CRUDE-OIL',
    name: 'Crude oil (refinery feed for diesel, petrol and jet fuel)',
    unit: 'kg',
    energy_carrier: 'oil',
    suppliers: [
      { name: 'Synthetic crude exporters NO', plant: null, country_code: 'NO', share: 0.3 },
      { name: 'Synthetic crude exporters US', plant: null, country_code: 'US', share: 0.25 },
      { name: 'Synthetic crude exporters SA', plant: null, country_code: 'SA', share: 0.2 },
      { name: 'Synthetic crude exporters KZ', plant: null, country_code: 'KZ', share: 0.15 },
      { name: 'Synthetic crude exporters NG', plant: null, country_code: 'NG', share: 0.1 },
    ],
  },
  {
    code: 'HARD-COAL',
    name: 'Hard coal (steam coal)',
    unit: 'tonne',
    energy_carrier: 'coal',
    suppliers: [
      { name: 'Synthetic coal exporters PL', plant: null, country_code: 'PL', share: 0.4 },
      { name: 'Synthetic coal exporters US', plant: null, country_code: 'US', share: 0.3 },
      { name: 'Synthetic coal exporters AU', plant: null, country_code: 'AU', share: 0.3 },
    ],
  },
  {
    code: 'DIESEL-ENGINE-220',
    name: 'Diesel engine for 220 kVA generating sets',
    unit: 'engine',
    suppliers: [
      { name: 'Synthetic engine maker CN', plant: null, country_code: 'CN', share: 0.45 },
      { name: 'Synthetic engine maker DE', plant: null, country_code: 'DE', share: 0.3 },
      { name: 'Synthetic engine maker US', plant: null, country_code: 'US', share: 0.25 },
    ],
  },
];

/**
 * Share of each coalition state's gas, oil and coal imports that came from Russia before the
 * invasion: SYNTHETIC figures of a plausible order (not in demo-facts.md), [gas, oil, coal].
 */
const RUSSIAN_ENERGY: readonly [string, number, number, number][] = [
  ['AT', 0.8, 0.1, 0.05],
  ['BE', 0.07, 0.3, 0.2],
  ['BG', 0.75, 0.6, 0.1],
  ['CA', 0, 0, 0],
  ['CZ', 0.7, 0.5, 0.1],
  ['DE', 0.55, 0.35, 0.5],
  ['DK', 0.1, 0.1, 0.3],
  ['EE', 0.45, 0.2, 0.1],
  ['ES', 0.1, 0.05, 0.2],
  ['FI', 0.65, 0.8, 0.7],
  ['FR', 0.17, 0.09, 0.3],
  ['GB', 0.05, 0.1, 0.3],
  ['GR', 0.4, 0.3, 0.2],
  ['HR', 0.3, 0.1, 0.2],
  ['IE', 0, 0.05, 0.2],
  ['IT', 0.4, 0.12, 0.5],
  ['JP', 0.09, 0.04, 0.1],
  ['LT', 0.4, 0.65, 0.5],
  ['LU', 0.25, 0.05, 0.1],
  ['LV', 0.9, 0.15, 0.6],
  ['NL', 0.3, 0.25, 0.45],
  ['NO', 0, 0.02, 0.1],
  ['PL', 0.55, 0.65, 0.6],
  ['PT', 0.1, 0.05, 0],
  ['RO', 0.2, 0.3, 0.1],
  ['SE', 0.1, 0.08, 0.2],
  ['SI', 0.3, 0.05, 0.1],
  ['SK', 0.85, 0.8, 0.5],
  ['TR', 0.45, 0.15, 0.35],
  ['US', 0, 0.08, 0.05],
];

/** Quarterly forward requests for 155 mm shells (synthetic quantities). */
const FORWARD_NEEDS = ['2023-07-31', '2023-10-31', '2024-01-31', '2024-04-30', '2024-07-31', '2024-10-31'];

/** [parent item or material code, material code, quantity per unit, parent is an item]. */
const EDGES: readonly [string, string, number, boolean][] = [
  ['AMMO-155', 'PROPELLANT-CHARGE-155', 1, true],
  ['AMMO-155', 'TNT', 10, true], // public: about 10 kg of TNT per 155 mm projectile
  ['AMMO-155', 'SHELL-BODY-155', 1, true],
  ['PROPELLANT-CHARGE-155', 'NITROCELLULOSE', 12, false],
  ['NITROCELLULOSE', 'COTTON-LINTERS', 1.1, false],
  // Who can make a 330 kV autotransformer, and from what (synthetic quantities): a core of
  // grain-oriented electrical steel and six high-voltage bushings.
  ['TRF-330KV', 'TRANSFORMER-CORE-330', 1, true],
  ['TRF-330KV', 'HV-BUSHING-330', 6, true],
  ['TRANSFORMER-CORE-330', 'ELECTRICAL-STEEL', 120_000, false],
  ['TRF-110KV', 'TRANSFORMER-CORE-110', 1, true],
  ['TRANSFORMER-CORE-110', 'ELECTRICAL-STEEL', 40_000, false],
  // Fuels and the energy carrier they are made from: exposed to the donors' Russian energy dependency.
  ['FUEL-DIESEL', 'CRUDE-OIL', 1.2, true],
  ['FUEL-PETROL', 'CRUDE-OIL', 1.3, true],
  ['FUEL-JET', 'CRUDE-OIL', 1.25, true],
  ['FUEL-COAL', 'HARD-COAL', 1, true],
  ['GEN-220KVA', 'DIESEL-ENGINE-220', 1, true],
];

function demoId(seed: number, table: string, key: string): string {
  const random = createRandom(`${seed}/capacity/${table}/${key}`);
  return uuidV7(Date.parse('2023-01-01T00:00:00Z') + random.int(0, 86_399_999), random);
}

/** Builds the capacity rows on top of the winter scenario (its items, states and regions). */
export function buildCapacityScenario(winter: DemoScenario, seed: number): CapacityScenario {
  const audit = { created_by: 'demo', updated_by: 'demo' } as const;
  const meta = { owner_org_id: null, classification: 'public' as const, synthetic: true, ...audit };
  const itemId = (code: string) => {
    const found = winter.items.find((item) => item.code === code);
    if (!found) throw new Error(`the winter scenario lacks item ${code}`);
    return found.id;
  };
  const stateOf = (country: string) =>
    winter.organisations.find((o) => o.kind === 'state' && o.country_code === country)?.id ?? null;
  const donetsk = winter.regions.find((r) => r.code === 'UA-14')?.id;
  if (!donetsk) throw new Error('the winter scenario lacks region UA-14');

  const production_lines = LINES.map((line) => ({
    id: demoId(seed, 'production_line', line.key),
    name: line.name,
    manufacturer_org_id: stateOf(line.country),
    manufacturer: `${SYNTHETIC}: producers in ${line.country}`,
    plant: line.plant,
    country_code: line.country,
    item_id: itemId(line.item),
    capacity_schedule: JSON.stringify(line.schedule.map(([from, per_month]) => ({ from, per_month }))),
    lead_time_months: line.lead,
    backlog: line.backlog,
    coalition_share: line.share,
    ...meta,
  }));
  const materialId = new Map(MATERIALS.map((m) => [m.code, demoId(seed, 'material', m.code)]));
  const materials = MATERIALS.map((m) => ({
    id: materialId.get(m.code) as string,
    code: m.code,
    name: m.name,
    unit: m.unit,
    suppliers: JSON.stringify(m.suppliers),
    energy_carrier: m.energy_carrier ?? null,
    ...meta,
  }));
  const inputs = EDGES.map(([parent, material, quantity, isItem]) => ({
    id: demoId(seed, 'material_input', `${parent}>${material}`),
    item_id: isItem ? itemId(parent) : null,
    parent_material_id: isItem ? null : (materialId.get(parent) ?? null),
    material_id: materialId.get(material) as string,
    quantity_per_unit: quantity,
    ...meta,
  }));
  const consumption_profiles = [
    {
      id: demoId(seed, 'consumption_profile', 'ammo-155-east'),
      item_id: itemId('AMMO-155'),
      region_id: donetsk,
      front: 'Eastern front (synthetic split of the public 4,000–7,000 a day)',
      rate_schedule: JSON.stringify([
        { from: '2022-10-01', per_day: 6_000 },
        { from: '2023-04-01', per_day: 5_000 },
        { from: '2023-09-01', per_day: 4_000 },
      ]),
      stock_on_hand: 250_000,
      stock_as_of: '2023-01-01',
      ...meta,
    },
  ];
  const ministry = winter.organisations.find((o) => o.name === 'Ministry of Defence of Ukraine')?.id;
  if (!ministry) throw new Error('the winter scenario lacks the Ministry of Defence');
  const needs: NeedLoadRow[] = FORWARD_NEEDS.map((day) => ({
    id: demoId(seed, 'need', `ammo-155-${day}`),
    recipient_org_id: ministry,
    region_id: donetsk,
    item_id: itemId('AMMO-155'),
    quantity: 100_000,
    priority: 'critical',
    needed_by: day,
    justification:
      'Synthetic forward request for stock building (the public figure: 356,000 shells a month needed against 110,000 fired, 2023).',
    status: 'open',
    allocated_quantity: 0,
    met_quantity: 0,
    owner_org_id: ministry,
    classification: 'coalition',
    synthetic: true,
    ...audit,
  }));
  const carriers = ['gas', 'oil', 'coal'] as const;
  const energy_dependencies = RUSSIAN_ENERGY.flatMap(([country_code, ...shares]) =>
    carriers.map((carrier, i) => ({
      country_code,
      carrier,
      russian_share: shares[i] as number,
      year: 2021,
      note: `${SYNTHETIC}: share of ${carrier} imports from Russia`,
      synthetic: true,
      updated_by: 'demo',
    })),
  );
  return { production_lines, materials, inputs, consumption_profiles, needs, energy_dependencies };
}
