/**
 * The strike waves of October–November 2022 for the demo: five incidents with the public figures
 * of shared/reference/demo-facts.md (Kyiv Independent), default need rules, synthetic first-frost
 * dates and the needs the rules derive. The public facts are the dates, the national totals and
 * the regions named as worst hit; how a total is split between regions, restoration dates and
 * damaged assets are synthetic, and every incident says so in its description.
 */

import type { Insertable } from 'kysely';
import type { ItemLoadRow, NeedLoadRow, SourceLinkLoadRow } from '../../db/repositories/demo.repository.js';
import type { IncidentTable, NeedRuleTable, Priority, RegionFirstFrostTable } from '../../db/schema.js';
import { deriveNeedPlans, type RuleForDerivation } from '../incidents/derivation.js';
import type { Damage, Impact } from '../incidents/incident.schema.js';
import { UKRAINE_REGIONS } from './catalogue.js';
import { ITEM_NAMES_UK } from './catalogue-uk.js';
import { createRandom, uuidV7 } from './random.js';
import type { DemoScenario } from './winter-2022.scenario.js';

const ACTOR = 'demo';
/** The day the demo's readiness view is meant to be read on: the day after the fifth wave. */
export const STRIKES_AS_OF = '2022-11-24';

const SYNTHETIC_SPLIT =
  'Synthetic split: the per-region figures, restoration dates and damaged assets are invented for the demo; ';

type Full<T> = { [K in keyof T]-?: Exclude<T[K], undefined> };
export type IncidentLoadRow = Full<
  Omit<Insertable<IncidentTable>, 'created_at' | 'updated_at' | 'version' | 'embargo_until'>
>;
export type NeedRuleLoadRow = Full<
  Omit<Insertable<NeedRuleTable>, 'created_at' | 'updated_at' | 'version' | 'embargo_until'>
>;
export type FirstFrostLoadRow = Full<Omit<Insertable<RegionFirstFrostTable>, 'updated_at'>>;

export interface StrikeScenario {
  readonly items: readonly ItemLoadRow[];
  readonly incidents: readonly IncidentLoadRow[];
  readonly need_rules: readonly NeedRuleLoadRow[];
  readonly first_frost: readonly FirstFrostLoadRow[];
  readonly needs: readonly NeedLoadRow[];
  readonly source_links: readonly SourceLinkLoadRow[];
}

/** Items the default rules ask for that the winter catalogue lacks. */
const EXTRA_ITEMS = [
  {
    code: 'WATER-PURIFIER',
    name: 'Mobile water purification unit',
    category: 'non-lethal/water',
    unit: 'unit',
    price: '45000.00',
    what: 'Treats about 10 m³ of water an hour for a district without mains water.',
  },
  {
    code: 'HEAT-SPACE-HEATER',
    name: 'Space heater (diesel or electric)',
    category: 'non-lethal/winter',
    unit: 'unit',
    price: '180.00',
    what: 'For heating points, shelters and homes without district heating.',
  },
] as const;

interface RuleFact {
  code: string;
  description: string;
  trigger: 'service_outage' | 'damaged_asset';
  service?: 'power' | 'heat' | 'water';
  min_outage_days?: number;
  people_per_unit?: number;
  asset_kind?: string;
  asset_class?: string;
  item: string;
  quantity_per_unit: number;
  per_day?: boolean;
  max_days?: number;
  priority: Priority;
  priority_before_frost?: Priority;
  lead_days: number;
}

/** The default rules: synthetic planning ratios, not official norms. */
export const DEFAULT_RULES: readonly RuleFact[] = [
  {
    code: 'HEAT-GEN-30KVA',
    description:
      'Generators for heating points: 4 × 30 kVA per 10,000 people without heat for more than 3 days.',
    trigger: 'service_outage',
    service: 'heat',
    min_outage_days: 3,
    people_per_unit: 10_000,
    item: 'GEN-30KVA',
    quantity_per_unit: 4,
    priority: 'high',
    priority_before_frost: 'critical',
    lead_days: 7,
  },
  {
    code: 'HEAT-FUEL-DIESEL',
    description:
      'Diesel for those generators: 500 litres a day per 10,000 people without heat for more than 3 days, at most 30 days.',
    trigger: 'service_outage',
    service: 'heat',
    min_outage_days: 3,
    people_per_unit: 10_000,
    item: 'FUEL-DIESEL',
    quantity_per_unit: 500,
    per_day: true,
    max_days: 30,
    priority: 'high',
    priority_before_frost: 'critical',
    lead_days: 3,
  },
  {
    code: 'HEAT-SPACE-HEATERS',
    description: '50 space heaters per 10,000 people without heat for more than 3 days.',
    trigger: 'service_outage',
    service: 'heat',
    min_outage_days: 3,
    people_per_unit: 10_000,
    item: 'HEAT-SPACE-HEATER',
    quantity_per_unit: 50,
    priority: 'medium',
    priority_before_frost: 'high',
    lead_days: 10,
  },
  {
    code: 'POWER-GEN-5KVA',
    description: 'Portable generators: 1 × 5 kVA per 2,000 people without power for more than 2 days.',
    trigger: 'service_outage',
    service: 'power',
    min_outage_days: 2,
    people_per_unit: 2_000,
    item: 'GEN-5KVA',
    quantity_per_unit: 1,
    priority: 'medium',
    priority_before_frost: 'high',
    lead_days: 7,
  },
  {
    code: 'WATER-PURIFIER',
    description: 'Water purification: 1 unit per 100,000 people without water.',
    trigger: 'service_outage',
    service: 'water',
    min_outage_days: 0,
    people_per_unit: 100_000,
    item: 'WATER-PURIFIER',
    quantity_per_unit: 1,
    priority: 'critical',
    lead_days: 2,
  },
  {
    code: 'SUBSTATION-110KV',
    description: 'One 110 kV transformer per damaged 110 kV substation.',
    trigger: 'damaged_asset',
    asset_kind: 'substation',
    asset_class: '110kV',
    item: 'TRF-110KV',
    quantity_per_unit: 1,
    priority: 'high',
    lead_days: 60,
  },
  {
    code: 'SUBSTATION-330KV',
    description: 'One 330 kV autotransformer per damaged 330 kV substation.',
    trigger: 'damaged_asset',
    asset_kind: 'substation',
    asset_class: '330kV',
    item: 'TRF-330KV',
    quantity_per_unit: 1,
    priority: 'high',
    lead_days: 90,
  },
  {
    code: 'BOILER-HOUSE',
    description: 'One modular boiler house per damaged boiler house or thermal plant unit.',
    trigger: 'damaged_asset',
    asset_kind: 'boiler_house',
    item: 'HEAT-BOILER-MODULAR',
    quantity_per_unit: 1,
    priority: 'high',
    priority_before_frost: 'critical',
    lead_days: 30,
  },
];

/** Synthetic first-frost dates: earlier in the north and east, later in the south-west. */
const FROST_BY_REGION: Record<string, string> = {
  'UA-59': '2022-11-15',
  'UA-74': '2022-11-15',
  'UA-63': '2022-11-15',
  'UA-09': '2022-11-15',
  'UA-14': '2022-11-15',
  'UA-30': '2022-11-15',
  'UA-32': '2022-11-15',
  'UA-18': '2022-11-18',
  'UA-53': '2022-11-18',
  'UA-56': '2022-11-18',
  'UA-07': '2022-11-18',
  'UA-05': '2022-11-22',
  'UA-71': '2022-11-22',
  'UA-35': '2022-11-22',
  'UA-12': '2022-11-22',
  'UA-68': '2022-11-22',
  'UA-61': '2022-11-22',
  'UA-46': '2022-11-22',
  'UA-23': '2022-11-29',
  'UA-48': '2022-11-29',
  'UA-65': '2022-11-29',
  'UA-26': '2022-11-29',
  'UA-51': '2022-12-05',
  'UA-21': '2022-12-05',
  'UA-77': '2022-12-05',
};

type ImpactFact = [
  region: string,
  service: 'power' | 'heat' | 'water',
  people: number,
  restoration: string | null,
];
type DamageFact = [region: string, kind: string, assetClass: string | null, count: number];

interface WaveFact {
  key: string;
  at: string;
  title: string;
  fact: string;
  impacts: ImpactFact[];
  damage: DamageFact[];
}

const POP = new Map(UKRAINE_REGIONS.map((region) => [region.code as string, region.population]));
/** A share of a region's residents, whole people. */
const share = (code: string, percent: number) => Math.round(((POP.get(code) ?? 0) * percent) / 100);

/** Wave 5: emergency blackouts in every region (a synthetic 30% each), Kyiv worst. */
function allRegionsBlackout(): ImpactFact[] {
  return UKRAINE_REGIONS.filter((r) => r.code !== 'UA-30' && r.code !== 'UA-32').map(
    (r) => [r.code, 'power', share(r.code, 30), '2022-11-27'] as ImpactFact,
  );
}

const WAVES: readonly WaveFact[] = [
  {
    key: 'WAVE-2022-10-10',
    at: '2022-10-10T05:00:00Z',
    title: 'Strike wave of 10 October 2022 on the energy system',
    fact: 'Public: missile strikes on energy infrastructure across Ukraine on 10 Oct 2022 (Kyiv Independent).',
    impacts: [
      ['UA-30', 'power', 400_000, '2022-10-12'],
      ['UA-46', 'power', 300_000, '2022-10-12'],
      ['UA-63', 'power', 250_000, '2022-10-12'],
      ['UA-18', 'power', 120_000, '2022-10-11'],
    ],
    damage: [
      ['UA-46', 'substation', '330kV', 1],
      ['UA-30', 'substation', '110kV', 2],
    ],
  },
  {
    key: 'WAVE-2022-10-17',
    at: '2022-10-17T06:00:00Z',
    title: 'Strike wave of 17 October 2022 on the energy system',
    fact: 'Public: strikes on energy infrastructure on 17 Oct 2022 (Kyiv Independent).',
    impacts: [
      ['UA-30', 'power', 250_000, '2022-10-19'],
      ['UA-18', 'power', 200_000, '2022-10-21'],
      ['UA-18', 'water', 150_000, '2022-10-19'],
      ['UA-59', 'power', 150_000, '2022-10-20'],
    ],
    damage: [
      ['UA-18', 'substation', '110kV', 2],
      ['UA-30', 'boiler_house', null, 1],
    ],
  },
  {
    key: 'WAVE-2022-10-31',
    at: '2022-10-31T06:00:00Z',
    title: 'Strike wave of 31 October 2022 (outages as of 7 November)',
    fact: 'Public: strikes on 31 Oct 2022; on 7 Nov more than 4.5 million people were without electricity, worst in Kyiv city and Kyiv Oblast (Kyiv Independent). The regional figures add up to 4.6 million.',
    impacts: [
      ['UA-30', 'power', 1_500_000, '2022-11-12'],
      ['UA-32', 'power', 1_100_000, '2022-11-12'],
      ['UA-63', 'power', 600_000, '2022-11-10'],
      ['UA-23', 'power', 400_000, '2022-11-09'],
      ['UA-12', 'power', 400_000, '2022-11-09'],
      ['UA-71', 'power', 300_000, '2022-11-08'],
      ['UA-74', 'power', 300_000, '2022-11-08'],
      ['UA-30', 'water', 800_000, '2022-11-01'],
    ],
    damage: [
      ['UA-32', 'substation', '330kV', 1],
      ['UA-63', 'substation', '110kV', 3],
      ['UA-30', 'substation', '110kV', 2],
    ],
  },
  {
    key: 'WAVE-2022-11-15',
    at: '2022-11-15T12:00:00Z',
    title: 'Strike wave of 15 November 2022 (about 100 missiles)',
    fact: 'Public: about 100 missiles on 15 Nov 2022; on 17–18 Nov more than 10 million people were without electricity, Kyiv, Odesa, Vinnytsia and Sumy regions most affected; almost half of the energy system out of order (Kyiv Independent). The regional figures add up to 10.4 million.',
    impacts: [
      ['UA-30', 'power', 2_000_000, '2022-11-28'],
      ['UA-51', 'power', 1_500_000, '2022-11-28'],
      ['UA-05', 'power', 1_000_000, '2022-11-26'],
      ['UA-59', 'power', 800_000, '2022-11-26'],
      ['UA-32', 'power', 1_200_000, '2022-11-26'],
      ['UA-63', 'power', 900_000, '2022-11-25'],
      ['UA-46', 'power', 800_000, '2022-11-22'],
      ['UA-12', 'power', 800_000, '2022-11-22'],
      ['UA-18', 'power', 600_000, '2022-11-22'],
      ['UA-53', 'power', 400_000, '2022-11-21'],
      ['UA-68', 'power', 400_000, '2022-11-21'],
      ['UA-30', 'heat', 600_000, '2022-11-27'],
      ['UA-51', 'heat', 300_000, '2022-11-26'],
      ['UA-05', 'heat', 200_000, '2022-11-25'],
      ['UA-59', 'heat', 150_000, '2022-11-25'],
    ],
    damage: [
      ['UA-30', 'substation', '330kV', 2],
      ['UA-51', 'substation', '330kV', 1],
      ['UA-05', 'substation', '110kV', 3],
      ['UA-59', 'substation', '110kV', 2],
      ['UA-30', 'boiler_house', null, 2],
    ],
  },
  {
    key: 'WAVE-2022-11-23',
    at: '2022-11-23T12:00:00Z',
    title: 'Strike wave of 23 November 2022: emergency blackouts in all regions',
    fact: "Public: emergency blackouts in all regions on 23 Nov 2022, nuclear plants disconnected, loss of power cut heat and water; Kyiv's water supply failed city-wide; on 24 Nov about 70% of Kyiv homes were still without power (Kyiv Independent). Kyiv city figures follow those facts (70% of residents; all residents without water); the 30% in other regions is synthetic.",
    impacts: [
      ['UA-30', 'power', share('UA-30', 70), '2022-11-27'],
      ['UA-30', 'water', share('UA-30', 100), '2022-11-25'],
      ['UA-30', 'heat', share('UA-30', 50), '2022-11-28'],
      ['UA-32', 'power', share('UA-32', 60), '2022-11-27'],
      ['UA-32', 'heat', share('UA-32', 25), '2022-11-28'],
      ...allRegionsBlackout(),
    ],
    damage: [
      ['UA-32', 'substation', '330kV', 1],
      ['UA-51', 'substation', '110kV', 2],
      ['UA-63', 'boiler_house', null, 1],
    ],
  },
];

function demoId(seed: number, table: string, key: string, day: string): string {
  const random = createRandom(`${seed}/strikes/${table}/${key}`);
  return uuidV7(Date.parse(`${day}T00:00:00Z`) + random.int(0, 86_399_999), random);
}

/** Builds the strike waves, rules, frost dates and derived needs on top of the winter scenario. */
export function buildStrikeScenario(winter: DemoScenario, seed: number): StrikeScenario {
  const audit = { created_by: ACTOR, updated_by: ACTOR } as const;
  const regionId = new Map(winter.regions.map((r) => [r.code, r.id]));
  const region = (code: string) => {
    const found = regionId.get(code);
    if (!found) throw new Error(`unknown region ${code}`);
    return found;
  };
  const energyMinistry = winter.organisations.find((o) => o.name === 'Ministry of Energy of Ukraine')?.id;
  const coordination = winter.organisations.find((o) => o.short_name === 'Coordination cell')?.id;
  const strikesSource = winter.sources.find((s) => s.publisher === 'The Kyiv Independent')?.id;
  if (!energyMinistry || !coordination || !strikesSource)
    throw new Error('the winter scenario lacks the strike references');

  const items: ItemLoadRow[] = EXTRA_ITEMS.map((fact) => ({
    id: demoId(seed, 'item', fact.code, '2022-04-01'),
    code: fact.code,
    name: fact.name,
    name_uk: ITEM_NAMES_UK[fact.code] ?? null,
    category: fact.category,
    unit: fact.unit,
    reference_price_amount: fact.price,
    reference_price_currency: 'EUR',
    description: `${fact.what} Reference price is a synthetic estimate for the demo, not a quoted price.`,
    owner_org_id: null,
    classification: 'public',
    synthetic: true,
    ...audit,
  }));
  const allItems = [...winter.items, ...items];
  const itemByCode = new Map(allItems.map((item) => [item.code, item]));

  const need_rules: NeedRuleLoadRow[] = DEFAULT_RULES.map((rule) => {
    const item = itemByCode.get(rule.item);
    if (!item) throw new Error(`unknown item ${rule.item}`);
    return {
      id: demoId(seed, 'need_rule', rule.code, '2022-10-01'),
      code: rule.code,
      description: `${rule.description} Synthetic planning ratio for the demo.`,
      trigger: rule.trigger,
      service: rule.service ?? null,
      min_outage_days: rule.min_outage_days ?? null,
      people_per_unit: rule.people_per_unit ?? null,
      asset_kind: rule.asset_kind ?? null,
      asset_class: rule.asset_class ?? null,
      item_id: item.id,
      quantity_per_unit: rule.quantity_per_unit,
      per_day: rule.per_day ?? false,
      max_days: rule.max_days ?? null,
      priority: rule.priority,
      priority_before_frost: rule.priority_before_frost ?? null,
      lead_days: rule.lead_days,
      active: true,
      owner_org_id: coordination,
      classification: 'public',
      synthetic: true,
      ...audit,
    };
  });

  const first_frost: FirstFrostLoadRow[] = UKRAINE_REGIONS.map((r) => ({
    region_id: region(r.code),
    first_frost_on: FROST_BY_REGION[r.code] ?? '2022-11-22',
    note: 'Synthetic demo default (earlier in the north and east, later in the south-west), not a forecast.',
    synthetic: true,
    updated_by: ACTOR,
  }));
  const frost = new Map(first_frost.map((row) => [row.region_id, row.first_frost_on]));

  const rulesForDerivation: RuleForDerivation[] = need_rules.map((rule) => ({
    id: rule.id,
    version: 1,
    code: rule.code,
    trigger: rule.trigger as RuleForDerivation['trigger'],
    service: rule.service as RuleForDerivation['service'],
    min_outage_days: rule.min_outage_days,
    people_per_unit: rule.people_per_unit,
    asset_kind: rule.asset_kind,
    asset_class: rule.asset_class,
    item_id: rule.item_id,
    item_unit: allItems.find((item) => item.id === rule.item_id)?.unit ?? 'unit',
    quantity_per_unit: rule.quantity_per_unit as number,
    per_day: rule.per_day,
    max_days: rule.max_days,
    priority: rule.priority,
    priority_before_frost: rule.priority_before_frost,
    lead_days: rule.lead_days,
  }));

  const incidents: IncidentLoadRow[] = [];
  const needs: NeedLoadRow[] = [];
  const source_links: SourceLinkLoadRow[] = [];
  for (const wave of WAVES) {
    const day = wave.at.slice(0, 10);
    const impacts: Impact[] = wave.impacts.map(([code, service, people, restoration]) => ({
      region_id: region(code),
      service,
      people_affected: people,
      restoration_expected_on: restoration,
    }));
    const damage: Damage[] = wave.damage.map(([code, kind, assetClass, count]) => ({
      region_id: region(code),
      asset_kind: kind,
      asset_class: assetClass,
      count,
    }));
    const incidentId = demoId(seed, 'incident', wave.key, day);
    incidents.push({
      id: incidentId,
      occurred_at: wave.at,
      kind: 'missile_strike',
      title: wave.title,
      description: `${wave.fact} ${SYNTHETIC_SPLIT}only the facts named above are public.`,
      impacts: JSON.stringify(impacts),
      damage: JSON.stringify(damage),
      status: 'active',
      owner_org_id: energyMinistry,
      classification: 'public',
      synthetic: true,
      ...audit,
    });
    source_links.push({
      source_id: strikesSource,
      entity_type: 'incident',
      entity_id: incidentId,
      created_by: ACTOR,
    });
    const plans = deriveNeedPlans({
      incidentDay: day,
      impacts,
      damage,
      rules: rulesForDerivation,
      firstFrost: frost,
    });
    for (const plan of plans) {
      needs.push({
        id: demoId(seed, 'need', `${wave.key}/${plan.rule_code}/${plan.region_id}`, day),
        recipient_org_id: energyMinistry,
        region_id: plan.region_id,
        item_id: plan.item_id,
        quantity: plan.quantity,
        priority: plan.priority,
        needed_by: plan.needed_by,
        justification: `Derived from incident "${wave.title}" by rule ${plan.rule_code} (synthetic figures)`,
        status: 'open',
        owner_org_id: energyMinistry,
        classification: 'coalition',
        synthetic: true,
        allocated_quantity: 0,
        met_quantity: 0,
        incident_id: incidentId,
        rule_id: plan.rule_id,
        rule_version: plan.rule_version,
        derivation: plan.derivation,
        needs_review: false,
        review_reason: null,
        ...audit,
      });
    }
  }
  return { items, incidents, need_rules, first_frost, needs, source_links };
}
