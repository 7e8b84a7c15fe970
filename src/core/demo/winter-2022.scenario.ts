import type {
  EventLoadRow,
  ItemLoadRow,
  LifecycleLoadRows,
  LoadRows,
  NeedLoadRow,
  OrganisationLoadRow,
  PledgeLoadRow,
  RegionLoadRow,
  SourceLinkLoadRow,
  SourceLoadRow,
} from '../../db/repositories/demo.repository.js';
import type { Classification, Priority } from '../../db/schema.js';
import { addDays, DAY_MS, dateOf, dayOf, latest, roundToStep } from './calendar.js';
import {
  DONORS,
  type DonorFact,
  type DonorKey,
  EVENTS,
  type EventFact,
  type EventKey,
  ITEMS,
  type ItemCode,
  type ItemFact,
  type Membership,
  MILITARY_ADMINISTRATIONS,
  RECIPIENTS,
  type RecipientKey,
  type RegionCode,
  type RegionFact,
  SOURCES,
  UKRAINE_REGIONS,
} from './catalogue.js';
import { ITEM_NAMES_UK, REGION_NAMES_UK } from './catalogue-uk.js';
import { playLifecycle } from './lifecycle.js';
import { createRandom, type Random, uuidV7 } from './random.js';

/**
 * The demo scenario "winter 2022–23": the public catalogue (regions, organisations, items, events,
 * sources) plus about 1,500 needs and 2,500 pledges that are synthetic, shaped by the public facts
 * in shared/reference/demo-facts.md (populations, front line, strike waves, pledging events).
 */
export type DemoScenario = LoadRows & LifecycleLoadRows;

/** The opening day of the NATO foreign ministers' meeting in Bucharest. */
export const DEFAULT_DEMO_SEED = 20221129;

const ACTOR = 'demo';
const NEED_COUNT = 1500;
const PLEDGE_TARGET = 2500;
const SYNTHETIC = 'Synthetic demo data';
/** Day encoded in the ids of catalogue records (v7 ids carry a time). */
const CATALOGUE_DAY = '2022-04-01';
const FIRST_EVENT_DAY = '2022-04-26';
const LAST_PLEDGE_DAY = '2023-04-28';
/** The day the demo's world stands on: what was committed, shipped and received by then. */
export const DEMO_AS_OF = '2023-04-30';

// ---------------------------------------------------------------------------------------------
// Scenario assumptions. These shape the synthetic data; they are modelling choices, not facts.
// ---------------------------------------------------------------------------------------------

interface ItemProfile {
  /** Relative number of need lines for the item. */
  readonly lines: number;
  /** Quantity of one need line: min, max and step (min and max are multiples of step). */
  readonly need: readonly [number, number, number];
  /** Total pledged ÷ total needed that the scenario aims at: below 1 leaves a gap. */
  readonly supply: number;
  /** Days from announcement to availability. */
  readonly lead: readonly [number, number];
  /** Only these donors pledge the item; otherwise every donor that gives items of its kind. */
  readonly donors?: readonly DonorKey[];
  /** Donors that join on a date (the EU's ammunition decision of 20 Mar 2023). */
  readonly joins?: readonly (readonly [DonorKey, string])[];
  /** Not pledged before this date: roughly when the first such pledge became public. */
  readonly from?: string;
  /** At most this many in one pledge. */
  readonly maxPerPledge?: number;
}

const SOVIET_CALIBRE: readonly DonorKey[] = ['PL', 'CZ', 'SK', 'BG', 'RO', 'US'];

// biome-ignore format: one item per line reads as a table
const ITEM_PROFILES = {
  'AD-IRIS-T-SLM': { lines: 6, need: [1, 2, 1], supply: 0.4, lead: [60, 240], donors: ['DE'], from: '2022-06-01', maxPerPledge: 2 },
  'AD-NASAMS': { lines: 6, need: [1, 2, 1], supply: 0.5, lead: [90, 300], donors: ['US', 'NO', 'CA', 'LT'], from: '2022-07-01', maxPerPledge: 2 },
  'AD-PATRIOT': { lines: 4, need: [1, 1, 1], supply: 0.5, lead: [90, 180], donors: ['US', 'DE', 'NL'], from: '2022-12-21', maxPerPledge: 1 },
  'AD-SAMP-T': { lines: 3, need: [1, 1, 1], supply: 0.5, lead: [60, 120], donors: ['FR', 'IT'], from: '2023-02-03', maxPerPledge: 1 },
  'AD-HAWK': { lines: 6, need: [1, 4, 1], supply: 0.8, lead: [30, 120], donors: ['ES', 'US', 'NL'], from: '2022-10-01', maxPerPledge: 4 },
  'AD-CROTALE': { lines: 4, need: [1, 2, 1], supply: 0.7, lead: [30, 90], donors: ['FR'], from: '2022-10-12', maxPerPledge: 2 },
  'AD-GEPARD': { lines: 8, need: [2, 8, 1], supply: 0.9, lead: [14, 90], donors: ['DE'], maxPerPledge: 15 },
  'AD-AVENGER': { lines: 5, need: [1, 4, 1], supply: 0.8, lead: [30, 120], donors: ['US'], from: '2022-11-10', maxPerPledge: 4 },
  'AD-STINGER': { lines: 20, need: [20, 200, 10], supply: 0.8, lead: [7, 60], donors: ['US', 'DE', 'NL', 'DK', 'LT', 'LV', 'EE', 'IT', 'GR'] },
  'AD-PIORUN': { lines: 12, need: [20, 100, 10], supply: 0.9, lead: [7, 45], donors: ['PL'] },
  'AD-STARSTREAK': { lines: 8, need: [10, 60, 5], supply: 0.8, lead: [14, 60], donors: ['GB'] },
  'AD-MSL-IRIS-T': { lines: 10, need: [20, 100, 10], supply: 0.35, lead: [30, 180], donors: ['DE'], from: '2022-06-01' },
  'AD-MSL-AIM-120': { lines: 10, need: [10, 50, 5], supply: 0.4, lead: [30, 180], donors: ['US', 'NO', 'CA'], from: '2022-07-01' },
  'AD-CUAS-JAMMER': { lines: 20, need: [2, 20, 1], supply: 0.6, lead: [14, 90] },
  'AMMO-155': { lines: 80, need: [5000, 60000, 1000], supply: 0.45, lead: [14, 365], joins: [['EU', '2023-03-20']] },
  'AMMO-152': { lines: 50, need: [5000, 40000, 1000], supply: 0.35, lead: [14, 180], donors: SOVIET_CALIBRE },
  'AMMO-122': { lines: 40, need: [5000, 40000, 1000], supply: 0.4, lead: [14, 180], donors: SOVIET_CALIBRE },
  'AMMO-105': { lines: 25, need: [2000, 20000, 500], supply: 0.9, lead: [14, 120], donors: ['US', 'GB', 'IT', 'BE', 'NL', 'CA'] },
  'AMMO-120-MORTAR': { lines: 40, need: [2000, 30000, 500], supply: 0.7, lead: [14, 120] },
  'AMMO-GMLRS': { lines: 20, need: [30, 300, 10], supply: 0.6, lead: [30, 180], donors: ['US', 'GB', 'DE'] },
  'AMMO-122-GRAD': { lines: 30, need: [1000, 10000, 500], supply: 0.5, lead: [14, 120], donors: ['PL', 'CZ', 'SK', 'BG', 'RO'] },
  'AMMO-5.56': { lines: 25, need: [500000, 5000000, 100000], supply: 1.2, lead: [7, 60] },
  'AMMO-7.62': { lines: 25, need: [500000, 5000000, 100000], supply: 1.1, lead: [7, 60] },
  'AMMO-ATGM-JAVELIN': { lines: 12, need: [20, 200, 10], supply: 0.9, lead: [14, 90], donors: ['US', 'GB', 'EE', 'LT', 'NO'] },
  'AMMO-NLAW': { lines: 10, need: [50, 500, 10], supply: 1.0, lead: [14, 90], donors: ['GB', 'SE', 'LU', 'FI'] },
  'ART-M777': { lines: 6, need: [2, 12, 1], supply: 0.7, lead: [30, 120], donors: ['US', 'CA'] },
  'ART-PZH-2000': { lines: 5, need: [2, 6, 1], supply: 0.7, lead: [60, 180], donors: ['DE', 'NL', 'IT'] },
  'ART-CAESAR': { lines: 5, need: [2, 6, 1], supply: 0.7, lead: [60, 180], donors: ['FR', 'DK'] },
  'ARM-LEOPARD-2': { lines: 8, need: [4, 14, 1], supply: 0.8, lead: [30, 120], donors: ['DE', 'PL', 'NO', 'ES', 'PT', 'CA', 'FI', 'SE', 'NL', 'DK'], from: '2023-01-25' },
  'ARM-CHALLENGER-2': { lines: 3, need: [4, 14, 1], supply: 0.9, lead: [30, 90], donors: ['GB'], from: '2023-01-14' },
  'ARM-BRADLEY': { lines: 5, need: [10, 30, 1], supply: 0.9, lead: [30, 90], donors: ['US'], from: '2023-01-06' },
  'ARM-MARDER': { lines: 4, need: [5, 20, 1], supply: 0.8, lead: [30, 90], donors: ['DE'], from: '2023-01-05' },
  'ARM-M113': { lines: 6, need: [10, 50, 5], supply: 1.0, lead: [14, 90], donors: ['US', 'DK', 'LT', 'BE', 'ES'] },
  'ARM-AMX-10RC': { lines: 3, need: [4, 14, 1], supply: 0.9, lead: [30, 90], donors: ['FR'], from: '2023-01-04' },
  'FUEL-DIESEL': { lines: 60, need: [100000, 2000000, 10000], supply: 0.85, lead: [3, 30] },
  'FUEL-PETROL': { lines: 30, need: [50000, 800000, 10000], supply: 0.9, lead: [3, 30] },
  'FUEL-JET': { lines: 15, need: [100000, 1000000, 10000], supply: 0.6, lead: [7, 45] },
  'FUEL-COAL': { lines: 15, need: [1000, 20000, 100], supply: 0.5, lead: [14, 60] },
  'MED-IFAK': { lines: 40, need: [1000, 20000, 100], supply: 1.1, lead: [7, 45] },
  'MED-TOURNIQUET': { lines: 30, need: [1000, 20000, 100], supply: 1.2, lead: [7, 45] },
  'MED-TRAUMA-KIT': { lines: 25, need: [10, 200, 5], supply: 0.9, lead: [7, 45] },
  'MED-SURGICAL-SET': { lines: 15, need: [5, 50, 1], supply: 0.7, lead: [14, 90] },
  'MED-AMBULANCE': { lines: 20, need: [2, 20, 1], supply: 0.8, lead: [14, 120] },
  'MED-FIELD-HOSPITAL': { lines: 5, need: [1, 2, 1], supply: 0.6, lead: [30, 120], maxPerPledge: 2 },
  'MED-BURN-KIT': { lines: 15, need: [100, 2000, 50], supply: 0.8, lead: [7, 45] },
  'WIN-SLEEPING-BAG': { lines: 30, need: [1000, 20000, 100], supply: 1.3, lead: [7, 45] },
  'WIN-UNIFORM-SET': { lines: 40, need: [2000, 30000, 100], supply: 1.1, lead: [14, 60] },
  'WIN-BOOTS': { lines: 25, need: [1000, 20000, 100], supply: 1.0, lead: [14, 60] },
  'WIN-TENT-HEATED': { lines: 20, need: [10, 200, 5], supply: 0.9, lead: [14, 60] },
  'WIN-STOVE': { lines: 20, need: [50, 1000, 10], supply: 1.0, lead: [7, 45] },
  'WIN-BLANKET': { lines: 25, need: [1000, 30000, 500], supply: 1.5, lead: [7, 30] },
  'PRO-BODY-ARMOUR': { lines: 30, need: [500, 10000, 100], supply: 0.8, lead: [14, 90] },
  'PRO-HELMET': { lines: 25, need: [500, 10000, 100], supply: 1.0, lead: [14, 60] },
  'PRO-CBRN-KIT': { lines: 15, need: [500, 10000, 100], supply: 0.6, lead: [14, 90] },
  'PRO-DEMINING-KIT': { lines: 15, need: [5, 50, 1], supply: 0.4, lead: [30, 120] },
  'GEN-5KVA': { lines: 90, need: [50, 1000, 10], supply: 1.4, lead: [7, 30] },
  'GEN-30KVA': { lines: 70, need: [10, 200, 5], supply: 1.0, lead: [7, 45] },
  'GEN-100KVA': { lines: 50, need: [5, 80, 1], supply: 0.7, lead: [14, 60] },
  'GEN-220KVA': { lines: 45, need: [2, 40, 1], supply: 0.6, lead: [14, 60] },
  'GEN-1MVA': { lines: 25, need: [1, 10, 1], supply: 0.4, lead: [30, 120] },
  'GEN-GAS-TURBINE': { lines: 6, need: [1, 2, 1], supply: 0.3, lead: [60, 240], maxPerPledge: 2 },
  'TRF-110KV': { lines: 40, need: [1, 6, 1], supply: 0.4, lead: [60, 270] },
  'TRF-330KV': { lines: 22, need: [1, 4, 1], supply: 0.3, lead: [90, 365], maxPerPledge: 4 },
  'TRF-750KV': { lines: 9, need: [1, 2, 1], supply: 0.2, lead: [120, 365], maxPerPledge: 2 },
  'TRF-10KV': { lines: 45, need: [20, 300, 10], supply: 0.7, lead: [30, 120] },
  'GRID-HV-BREAKER': { lines: 30, need: [2, 20, 1], supply: 0.5, lead: [30, 180] },
  'GRID-DISCONNECTOR': { lines: 30, need: [5, 50, 1], supply: 0.6, lead: [30, 120] },
  'GRID-CABLE-10KV': { lines: 30, need: [5, 100, 1], supply: 0.6, lead: [14, 90] },
  'GRID-CONDUCTOR': { lines: 30, need: [10, 300, 5], supply: 0.6, lead: [14, 90] },
  'GRID-MOBILE-SUBSTATION': { lines: 9, need: [1, 3, 1], supply: 0.4, lead: [60, 180], maxPerPledge: 3 },
  'HEAT-BOILER-MODULAR': { lines: 30, need: [2, 30, 1], supply: 0.7, lead: [30, 120] },
} as const satisfies Record<ItemCode, ItemProfile>;

/**
 * Exposure of each region, 0 (none) to 3.5: `front` to ground combat and shelling (military needs),
 * `grid` to the strikes on the energy system of Oct–Nov 2022 (energy needs).
 */
const REGION_EXPOSURE = {
  'UA-05': { front: 0, grid: 2 },
  'UA-07': { front: 0.2, grid: 0.8 },
  'UA-12': { front: 2, grid: 1.5 },
  'UA-14': { front: 3.5, grid: 0.8 },
  'UA-18': { front: 0.3, grid: 1 },
  'UA-21': { front: 0, grid: 0.6 },
  'UA-23': { front: 3, grid: 1.5 },
  'UA-26': { front: 0, grid: 0.8 },
  'UA-32': { front: 0.3, grid: 2.5 },
  'UA-35': { front: 0.2, grid: 1 },
  'UA-09': { front: 1.5, grid: 0.1 },
  'UA-46': { front: 0.1, grid: 1.2 },
  'UA-48': { front: 2, grid: 1.5 },
  'UA-51': { front: 0.5, grid: 2.5 },
  'UA-53': { front: 0.2, grid: 1 },
  'UA-56': { front: 0.2, grid: 0.8 },
  'UA-59': { front: 1, grid: 2 },
  'UA-61': { front: 0, grid: 0.8 },
  'UA-63': { front: 3, grid: 2 },
  'UA-65': { front: 2.5, grid: 2 },
  'UA-68': { front: 0, grid: 1 },
  'UA-71': { front: 0, grid: 1 },
  'UA-77': { front: 0, grid: 0.7 },
  'UA-74': { front: 0.8, grid: 1.2 },
  'UA-30': { front: 0.2, grid: 3 },
} as const satisfies Record<RegionCode, { front: number; grid: number }>;

/** Relative size of each donor's contributions. */
const DONOR_WEIGHT = {
  US: 30,
  GB: 10,
  DE: 12,
  FR: 6,
  IT: 4,
  CA: 5,
  JP: 4,
  PL: 8,
  NL: 6,
  NO: 5,
  DK: 4,
  SE: 4,
  FI: 3,
  BE: 2,
  ES: 3,
  PT: 1.5,
  CZ: 3,
  SK: 2,
  LT: 2,
  LV: 1.5,
  EE: 2,
  RO: 1.5,
  BG: 1.5,
  HR: 1,
  SI: 1,
  GR: 1,
  TR: 1,
  LU: 1,
  AT: 1.5,
  IE: 1,
  EU: 15,
  NATO: 3,
} as const satisfies Record<DonorKey, number>;

/** Donors that give no military items (neutrality, policy), except where an item profile names them. */
const NON_LETHAL_DONORS: ReadonlySet<DonorKey> = new Set<DonorKey>(['JP', 'AT', 'IE', 'EU', 'NATO']);
/** NATO's Comprehensive Assistance Package gives non-lethal aid and generators only. */
const NATO_OFFERS = ['non-lethal/', 'energy/generator'];

interface EventProfile {
  readonly weight: number;
  /** Category prefixes (ending in '/') or item codes pledged there. */
  readonly offers: readonly string[];
  /** Donors present; all when absent. */
  readonly memberships?: readonly Membership[];
  readonly guests?: readonly DonorKey[];
}

const UDCG_OFFERS = ['military/', 'non-lethal/winter', 'non-lethal/protection', 'non-lethal/medical'];

const EVENT_PROFILES = {
  'UDCG-2022-04-26': { weight: 1.5, offers: UDCG_OFFERS },
  'UDCG-2022-05-23': { weight: 1, offers: UDCG_OFFERS },
  'UDCG-2022-06-15': { weight: 1, offers: UDCG_OFFERS },
  'UDCG-2022-07-20': { weight: 1, offers: UDCG_OFFERS },
  'UDCG-2022-09-08': { weight: 1.5, offers: UDCG_OFFERS },
  'UDCG-2022-10-12': { weight: 2, offers: UDCG_OFFERS },
  'G7-FM-2022-11-03': {
    weight: 1.5,
    offers: ['energy/', 'non-lethal/winter'],
    memberships: ['G7'],
    guests: ['EU'],
  },
  'UDCG-2022-11-16': { weight: 2, offers: UDCG_OFFERS },
  'NATO-FM-2022-11-29': {
    weight: 3,
    offers: ['non-lethal/', 'energy/', 'military/air-defence'],
    memberships: ['NATO'],
    guests: ['NATO', 'SE', 'FI'],
  },
  'G7-ENERGY-2022-11-29': { weight: 2, offers: ['energy/'] },
  'G7-LEADERS-2022-12-12': { weight: 1.5, offers: ['energy/'], memberships: ['G7'], guests: ['EU'] },
  'PARIS-2022-12-13': { weight: 3, offers: ['energy/', 'non-lethal/'] },
  'UDCG-2023-01-20': { weight: 3, offers: UDCG_OFFERS },
  'UDCG-2023-02-14': { weight: 2.5, offers: UDCG_OFFERS },
  'EU-AMMO-2023-03-20': { weight: 2, offers: ['AMMO-155'], memberships: ['EU'], guests: ['EU'] },
  'UDCG-2023-04-21': { weight: 2, offers: UDCG_OFFERS },
} as const satisfies Record<EventKey, EventProfile>;

/** Strike waves on the energy system (Kyiv Independent) and how strongly each drives new needs. */
const STRIKE_WAVES = [
  { date: '2022-10-10', weight: 1 },
  { date: '2022-10-17', weight: 1 },
  { date: '2022-10-31', weight: 1 },
  { date: '2022-11-15', weight: 1.5 },
  { date: '2022-11-23', weight: 2 },
] as const;

/** Approximate late-2022 rates, EUR per unit; used only to express synthetic values in other currencies. */
const EUR_PER_UNIT: Readonly<Record<string, number>> = {
  EUR: 1,
  USD: 0.97,
  GBP: 1.15,
  CAD: 0.72,
  JPY: 0.0069,
  PLN: 0.213,
  NOK: 0.097,
  DKK: 0.1345,
  SEK: 0.0925,
  CZK: 0.0409,
  RON: 0.203,
  BGN: 0.5113,
  TRY: 0.052,
};

type RecipientChoice = readonly (readonly [RecipientKey | 'RMA', number])[];

/** Who posts needs for an item; 'RMA' is the military administration of the need's region, if any. */
function recipientChoices(category: string): RecipientChoice {
  if (category.startsWith('military/')) return [['MOD', 1]];
  if (category === 'non-lethal/fuel')
    return [
      ['MOD', 0.6],
      ['SES', 0.25],
      ['RMA', 0.15],
    ];
  if (category === 'non-lethal/medical')
    return [
      ['MOH', 0.6],
      ['MOD', 0.4],
    ];
  if (category === 'non-lethal/winter')
    return [
      ['MOD', 0.5],
      ['SES', 0.25],
      ['RMA', 0.25],
    ];
  if (category === 'non-lethal/protection')
    return [
      ['MOD', 0.6],
      ['SES', 0.4],
    ];
  if (category === 'energy/transformer' || category === 'energy/grid')
    return [
      ['UKRENERGO', 0.75],
      ['MOE', 0.25],
    ];
  return [
    ['RMA', 0.45],
    ['MOE', 0.3],
    ['SES', 0.25],
  ];
}

type Group = 'military' | 'heavy' | 'fuel' | 'medical' | 'winter' | 'protection' | 'energy';

function groupOf(category: string): Group {
  if (category === 'military/armour' || category === 'military/artillery') return 'heavy';
  if (category.startsWith('military/')) return 'military';
  if (category.startsWith('energy/')) return 'energy';
  const sub = category.slice('non-lethal/'.length);
  if (sub === 'fuel' || sub === 'medical' || sub === 'winter' || sub === 'protection') return sub;
  throw new Error(`no scenario group for category ${category}`);
}

const PRIORITY_BASE: Record<'military' | 'energy' | 'other', readonly [number, number, number, number]> = {
  military: [20, 40, 28, 12],
  energy: [20, 35, 30, 15],
  other: [10, 30, 40, 20],
};
const PRIORITIES: readonly Priority[] = ['critical', 'high', 'medium', 'low'];

const PLEDGE_CONDITIONS = [
  'Delivered from existing stocks.',
  'Subject to parliamentary approval.',
  'Delivery in instalments.',
  'Delivery through the logistics hub in Poland.',
  'Includes spare parts for 12 months.',
  'Includes training of operators.',
  'Financed through a procurement contract; delivery date depends on the manufacturer.',
];

const NEED_REASONS: Record<Group, readonly string[]> = {
  military: [
    'sustain consumption for the next 30 days',
    'replace combat losses',
    'equip a newly formed brigade',
    'build a reserve before the winter',
  ],
  heavy: ['replace combat losses', 'equip a newly formed brigade', 'prepare the spring operations'],
  fuel: [
    'fuel for generators, vehicles and heating',
    'keep hospitals and water works supplied during blackouts',
  ],
  medical: [
    'stock for hospitals and stabilisation points',
    'replace supplies used after mass-casualty strikes',
  ],
  winter: ['winterise units and shelters', 'heating points for people without power or heat'],
  protection: ['protect personnel and rescue teams', 'equip demining and rescue teams in liberated areas'],
  energy: [
    'keep hospitals, water works and heating points running through the winter',
    'repair the grid after repeated strikes',
  ],
};

const AIR_DEFENCE_REASONS = [
  'protect critical infrastructure from missile and drone strikes',
  'replenish interceptors used against the strike waves',
  'close the air defence gap over the front line',
];

// ---------------------------------------------------------------------------------------------
// Dates, ids and numbers
// ---------------------------------------------------------------------------------------------

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function randomDate(random: Random, from: string, to: string): string {
  return dateOf(random.int(dayOf(from), dayOf(to)));
}

function spokenDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** A v7 id whose time is `day` and whose other bits depend only on the seed, table and key. */
function makeId(seed: number, table: string, key: string, day: string): string {
  const random = createRandom(`${seed}/id/${table}/${key}`);
  return uuidV7(dayOf(day) * DAY_MS + random.int(0, DAY_MS - 1), random);
}

/** A quantity in [min, max] on the step, skewed towards small values as real request lines are. */
function drawQuantity(random: Random, [min, max, step]: readonly [number, number, number]): number {
  const u = random.next();
  return Math.min(max, Math.max(min, roundToStep(min + (max - min) * u * u, step)));
}

/**
 * Splits `total` into about `parts` positive multiples of `step`, none above `cap`; more parts are
 * used when the cap needs them.
 */
function splitQuantity(random: Random, total: number, parts: number, step: number, cap: number): number[] {
  const units = Math.round(total / step);
  const capUnits = Math.max(1, Math.floor(cap / step));
  const count = Math.min(units, Math.max(parts, Math.ceil(units / capUnits)));
  if (count <= 0) return [];
  const weights = Array.from({ length: count }, () => 0.2 + random.next() * random.next());
  const weightSum = weights.reduce((sum, w) => sum + w, 0);
  const rest = units - count;
  const shares = weights.map((w) => 1 + Math.floor((rest * w) / weightSum));
  let left = units - shares.reduce((sum, s) => sum + s, 0);
  for (let i = 0; left > 0; i = (i + 1) % count, left--) shares[i] = (shares[i] as number) + 1;
  let overflow = 0;
  for (let i = 0; i < count; i++) {
    const share = shares[i] as number;
    if (share > capUnits) {
      overflow += share - capUnits;
      shares[i] = capUnits;
    }
  }
  for (let i = 0; i < count && overflow > 0; i++) {
    const room = capUnits - (shares[i] as number);
    const add = Math.min(room, overflow);
    shares[i] = (shares[i] as number) + add;
    overflow -= add;
  }
  return shares.map((share) => share * step);
}

/** Whole cents as a decimal string, exact for any safe integer. */
function formatCents(cents: number): string {
  const rest = cents % 100;
  return `${(cents - rest) / 100}.${String(rest).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// The scenario
// ---------------------------------------------------------------------------------------------

interface ItemPlan {
  readonly fact: ItemFact;
  readonly profile: ItemProfile;
  readonly id: string;
  readonly group: Group;
  readonly price: number;
}

interface EventPlan {
  readonly fact: EventFact;
  readonly profile: EventProfile;
  readonly id: string;
}

interface RegionPlan {
  readonly fact: RegionFact;
  readonly id: string;
  readonly front: number;
  readonly grid: number;
  /** Id of the region's military administration, when it posts needs itself. */
  readonly administrationId: string | undefined;
}

interface NeedPlan {
  readonly row: NeedLoadRow;
  readonly item: ItemPlan;
  readonly postedOn: string;
}

/** Builds the whole scenario from the seed; the same seed always gives deep-equal rows. */
export function buildWinterScenario(seed: number = DEFAULT_DEMO_SEED): DemoScenario {
  const id = (table: string, key: string, day: string) => makeId(seed, table, key, day);
  const root = createRandom(seed);
  const audit = { created_by: ACTOR, updated_by: ACTOR } as const;

  // Organisations --------------------------------------------------------------------------
  const orgIds = new Map<string, string>();
  const orgId = (key: string): string => {
    const found = orgIds.get(key);
    if (!found) throw new Error(`unknown organisation key ${key}`);
    return found;
  };
  for (const org of [...DONORS, ...RECIPIENTS])
    orgIds.set(org.key, id('organisation', org.key, CATALOGUE_DAY));
  for (const rma of MILITARY_ADMINISTRATIONS) {
    orgIds.set(`RMA-${rma.regionCode}`, id('organisation', `RMA-${rma.regionCode}`, CATALOGUE_DAY));
  }
  const coordinationId = orgId('COORD');

  const organisations: OrganisationLoadRow[] = [
    ...DONORS.map((donor) => ({
      id: orgId(donor.key),
      name: donor.name,
      short_name: donor.shortName,
      kind: donor.kind,
      country_code: donor.countryCode,
      parent_id: null,
      owner_org_id: null,
      classification: 'public' as Classification,
      synthetic: false,
      ...audit,
    })),
    ...RECIPIENTS.map((org) => ({
      id: orgId(org.key),
      name: org.name,
      short_name: org.shortName,
      kind: org.kind,
      country_code: org.countryCode,
      parent_id: 'parentKey' in org ? orgId(org.parentKey) : null,
      owner_org_id: null,
      classification: 'public' as Classification,
      synthetic: 'synthetic' in org ? org.synthetic : false,
      ...audit,
    })),
    ...MILITARY_ADMINISTRATIONS.map((rma) => ({
      id: orgId(`RMA-${rma.regionCode}`),
      name: rma.name,
      short_name: null,
      kind: 'recipient_agency',
      country_code: 'UA',
      parent_id: null,
      owner_org_id: null,
      classification: 'public' as Classification,
      synthetic: false,
      ...audit,
    })),
  ];

  // Regions --------------------------------------------------------------------------------
  const regionPlans: RegionPlan[] = UKRAINE_REGIONS.map((fact) => ({
    fact,
    id: id('region', fact.code, CATALOGUE_DAY),
    ...REGION_EXPOSURE[fact.code],
    administrationId: orgIds.get(`RMA-${fact.code}`),
  }));
  const regions: RegionLoadRow[] = regionPlans.map((region) => ({
    id: region.id,
    code: region.fact.code,
    name: region.fact.name,
    name_uk: REGION_NAMES_UK[region.fact.code] ?? null,
    country_code: 'UA',
    population: region.fact.population,
    parent_id: null,
    owner_org_id: null,
    classification: 'public',
    synthetic: false,
    ...audit,
  }));

  // Items ----------------------------------------------------------------------------------
  const itemPlans: ItemPlan[] = ITEMS.map((fact) => ({
    fact,
    profile: ITEM_PROFILES[fact.code],
    id: id('item', fact.code, CATALOGUE_DAY),
    group: groupOf(fact.category),
    price: Number(fact.price),
  }));
  const items: ItemLoadRow[] = itemPlans.map(({ fact, id: itemId }) => ({
    id: itemId,
    code: fact.code,
    name: fact.name,
    name_uk: ITEM_NAMES_UK[fact.code] ?? null,
    category: fact.category,
    unit: fact.unit,
    reference_price_amount: fact.price,
    reference_price_currency: 'EUR',
    description: fact.description,
    owner_org_id: null,
    classification: 'public',
    synthetic: false,
    ...audit,
  }));

  // Events ---------------------------------------------------------------------------------
  const eventPlans: EventPlan[] = EVENTS.map((fact) => ({
    fact,
    profile: EVENT_PROFILES[fact.key],
    id: id('event', fact.key, fact.startsOn),
  }));
  const events: EventLoadRow[] = eventPlans.map(({ fact, id: eventId }) => ({
    id: eventId,
    name: fact.name,
    kind: fact.kind,
    location: fact.location,
    starts_on: fact.startsOn,
    ends_on: fact.endsOn,
    organiser_org_id: orgId(fact.organiserKey),
    owner_org_id: orgId(fact.organiserKey),
    classification: 'public',
    synthetic: false,
    ...audit,
  }));

  // Needs ----------------------------------------------------------------------------------
  const needRandom = root.fork('needs');
  const needPlans: NeedPlan[] = [];
  for (let n = 0; n < NEED_COUNT; n++) {
    // Every item gets at least one need; the rest follow the profiles' weights.
    const item =
      n < itemPlans.length
        ? (itemPlans[n] as ItemPlan)
        : needRandom.weighted(itemPlans, (p) => p.profile.lines);
    needPlans.push(planNeed(needRandom, n, item));
  }

  function planNeed(random: Random, n: number, item: ItemPlan): NeedPlan {
    const region = random.weighted(regionPlans, (r) => regionWeight(item.group, r));
    const choices = recipientChoices(item.fact.category).filter(
      ([key]) => key !== 'RMA' || region.administrationId,
    );
    const [recipientKey] = random.weighted(choices, ([, weight]) => weight);
    const recipientId = recipientKey === 'RMA' ? (region.administrationId as string) : orgId(recipientKey);
    const exposure = item.group === 'energy' ? region.grid : region.front;
    const base =
      PRIORITY_BASE[
        item.group === 'military' || item.group === 'heavy'
          ? 'military'
          : item.group === 'energy'
            ? 'energy'
            : 'other'
      ];
    const lift = 1 + 0.15 * exposure;
    const priorityWeights = [base[0] * lift, base[1], base[2], base[3] / lift];
    const priority = random.weighted(PRIORITIES, (p) => priorityWeights[PRIORITIES.indexOf(p)] as number);
    const { neededBy, postedOn, reason } = planTiming(random, item);
    const restricted =
      (item.group === 'military' || item.group === 'heavy') && priority === 'critical' && random.chance(0.25);
    const classification: Classification = restricted
      ? 'restricted'
      : item.group !== 'military' && item.group !== 'heavy' && random.chance(0.1)
        ? 'public'
        : 'coalition';
    return {
      item,
      postedOn,
      row: {
        id: id('need', String(n), postedOn),
        recipient_org_id: recipientId,
        region_id: region.id,
        item_id: item.id,
        quantity: drawQuantity(random, item.profile.need),
        priority,
        needed_by: neededBy,
        justification: `${SYNTHETIC}: ${reason} (${region.fact.name}).`,
        status: 'open',
        allocated_quantity: 0,
        met_quantity: 0,
        owner_org_id: recipientId,
        classification,
        synthetic: true,
        ...audit,
      },
    };
  }

  function planTiming(random: Random, item: ItemPlan) {
    const reasons =
      item.fact.category === 'military/air-defence' ? AIR_DEFENCE_REASONS : NEED_REASONS[item.group];
    if (item.group === 'energy' && random.chance(0.7)) {
      const strike = random.weighted(STRIKE_WAVES, (s) => s.weight).date;
      return {
        neededBy: addDays(strike, random.int(3, 45)),
        postedOn: addDays(strike, random.int(0, 2)),
        reason: `restore power, heat and water after the strike wave of ${spokenDate(strike)}`,
      };
    }
    const [from, to] =
      item.group === 'energy'
        ? ['2022-12-01', '2023-03-31']
        : item.group === 'winter'
          ? ['2022-10-15', '2023-01-31']
          : item.group === 'heavy'
            ? [latest('2022-10-01', addDays(item.profile.from ?? '2022-10-01', 20)), '2023-04-30']
            : ['2022-10-01', '2023-04-30'];
    const neededBy = randomDate(random, from, to);
    const postedOn = latest('2022-09-01', addDays(neededBy, -random.int(20, 90)));
    const reason = random.pick(reasons);
    return { neededBy, postedOn, reason };
  }

  // Pledges --------------------------------------------------------------------------------
  const donorsByKey = new Map<string, DonorFact>(DONORS.map((donor) => [donor.key, donor]));

  function offers(list: readonly string[], item: ItemPlan): boolean {
    return list.some((entry) =>
      entry.endsWith('/')
        ? item.fact.category.startsWith(entry)
        : entry === item.fact.code || entry === item.fact.category,
    );
  }

  function donorsFor(item: ItemPlan, date: string): DonorFact[] {
    const profile = item.profile;
    let keys: string[];
    if (profile.donors) keys = [...profile.donors];
    else if (item.fact.category.startsWith('military/'))
      keys = DONORS.map((d) => d.key).filter((k) => !NON_LETHAL_DONORS.has(k));
    else keys = DONORS.map((d) => d.key).filter((k) => k !== 'NATO' || offers(NATO_OFFERS, item));
    for (const [key, from] of profile.joins ?? []) if (date >= from) keys.push(key);
    return keys.map((key) => donorsByKey.get(key) as DonorFact);
  }

  function admits(event: EventPlan, donor: DonorFact): boolean {
    const { memberships, guests } = event.profile;
    if (!memberships) return true;
    return (
      donor.memberships.some((m) => memberships.includes(m)) || (guests ?? []).includes(donor.key as DonorKey)
    );
  }

  interface Occasion {
    readonly event: EventPlan | null;
    readonly date: string;
    readonly donor: DonorFact;
  }

  /** When, where and by whom a pledge of the item is announced, within [from, to]. */
  function chooseOccasion(
    random: Random,
    item: ItemPlan,
    from: string,
    to: string,
    eventShare: number,
  ): Occasion {
    if (random.chance(eventShare)) {
      const candidates = eventPlans.filter(
        (e) => offers(e.profile.offers, item) && e.fact.startsOn >= from && e.fact.startsOn <= to,
      );
      while (candidates.length > 0) {
        const event = random.weighted(candidates, (e) => e.profile.weight);
        const donors = donorsFor(item, event.fact.startsOn).filter((d) => admits(event, d));
        if (donors.length > 0) {
          const donor = random.weighted(donors, (d) => donorWeight(d, event));
          return { event, date: event.fact.startsOn, donor };
        }
        candidates.splice(candidates.indexOf(event), 1);
      }
    }
    const date = randomDate(random, from, to);
    const donors = donorsFor(item, date);
    if (donors.length === 0) throw new Error(`no donor can pledge ${item.fact.code} on ${date}`);
    return { event: null, date, donor: random.weighted(donors, (d) => donorWeight(d, null)) };
  }

  function donorWeight(donor: DonorFact, event: EventPlan | null): number {
    const weight = DONOR_WEIGHT[donor.key as DonorKey];
    return event && event.fact.organiserKey === donor.key ? weight * 2 : weight;
  }

  function pledgeRow(
    random: Random,
    n: number,
    item: ItemPlan,
    occasion: Occasion,
    quantity: number,
    need: NeedLoadRow | null,
  ): PledgeLoadRow {
    const { donor, event, date } = occasion;
    const [leadMin, leadMax] = item.profile.lead;
    const availableFrom = random.chance(0.05) ? null : addDays(date, random.int(leadMin, leadMax));
    const value = pledgeValue(random, item, quantity, donor);
    const defaultRecipient =
      recipientChoices(item.fact.category).find(([key]) => key !== 'RMA')?.[0] ?? 'MOD';
    const recipientId = need ? need.recipient_org_id : random.chance(0.7) ? orgId(defaultRecipient) : null;
    const roll = random.next();
    const restrictedShare = item.fact.category === 'military/air-defence' ? 0.3 : 0.05;
    const classification: Classification =
      roll < restrictedShare ? 'restricted' : roll < restrictedShare + 0.12 ? 'public' : 'coalition';
    const condition = random.chance(0.4) ? ` ${random.pick(PLEDGE_CONDITIONS)}` : '';
    return {
      id: id('pledge', String(n), date),
      donor_org_id: orgId(donor.key),
      item_id: item.id,
      quantity,
      need_id: need ? need.id : null,
      recipient_org_id: recipientId,
      event_id: event ? event.id : null,
      announced_on: date,
      available_from: availableFrom,
      value_amount: value ? value.amount : null,
      value_currency: value ? value.currency : null,
      conditions: `${SYNTHETIC}.${condition}`,
      // The intended fate; the lifecycle turns it into stage quantities and the real status.
      status: pledgeStatus(random, availableFrom),
      committed_quantity: 0,
      allocated_quantity: 0,
      shipped_quantity: 0,
      delivered_quantity: 0,
      in_service_quantity: 0,
      owner_org_id: orgId(donor.key),
      classification,
      synthetic: true,
      ...audit,
    };
  }

  const pledges: PledgeLoadRow[] = [];
  const linkedTotals = new Map<string, number>();

  // Pledges made against a specific need: some needs stay uncovered, a few are over-covered.
  const linkedRandom = root.fork('pledges/linked');
  for (const need of needPlans) {
    const { item, row, postedOn } = need;
    const [, , step] = item.profile.need;
    const supply = Math.min(item.profile.supply, 1.5);
    const coverage = linkedRandom.weighted(
      [
        ['none', 0.28 + 0.4 * (1 - Math.min(supply, 1))],
        ['partial', 0.2],
        ['over', 0.1 * supply],
        ['full', Math.max(0.1, 0.42 - 0.4 * (1 - Math.min(supply, 1)))],
      ] as const,
      ([, weight]) => weight,
    )[0];
    if (coverage === 'none') continue;
    let total = row.quantity;
    if (coverage === 'partial') {
      total = Math.min(row.quantity - step, roundToStep(row.quantity * linkedRandom.float(0.2, 0.8), step));
      if (total < step) total = row.quantity;
    } else if (coverage === 'over') {
      total = Math.max(row.quantity + step, roundToStep(row.quantity * linkedRandom.float(1.1, 1.6), step));
    }
    const parts = linkedRandom.weighted([1, 2, 3], (k) => [0, 0.6, 0.3, 0.1][k] as number);
    const quantities = splitQuantity(
      linkedRandom,
      total,
      parts,
      step,
      item.profile.maxPerPledge ?? Number.POSITIVE_INFINITY,
    );
    const from = latest(postedOn, item.profile.from ?? FIRST_EVENT_DAY);
    const to = latest(addDays(row.needed_by, -3), addDays(from, 30));
    for (const quantity of quantities) {
      const occasion = chooseOccasion(linkedRandom, item, from, to, 0.6);
      pledges.push(pledgeRow(linkedRandom, pledges.length, item, occasion, quantity, row));
      linkedTotals.set(item.id, (linkedTotals.get(item.id) ?? 0) + quantity);
    }
  }

  // Pledges to the common pool: they bring each item's total supply to its profile's ratio.
  const poolRandom = root.fork('pledges/pool');
  const needTotals = new Map<string, number>();
  for (const { row } of needPlans)
    needTotals.set(row.item_id, (needTotals.get(row.item_id) ?? 0) + row.quantity);
  const budgets = itemPlans.map((item) => {
    const [, , step] = item.profile.need;
    const target = (needTotals.get(item.id) ?? 0) * item.profile.supply * (1 + 0.1 * poolRandom.normalish());
    const budget = Math.max(0, roundToStep(target, step) - (linkedTotals.get(item.id) ?? 0));
    return { item, step, budget: budget >= step ? budget : 0 };
  });
  const poolTarget = Math.max(0, PLEDGE_TARGET - pledges.length);
  const poolWeight = budgets.reduce((sum, b) => sum + (b.budget > 0 ? b.item.profile.lines : 0), 0);
  // Small budgets cannot be split into as many pledges as their weight asks: spread the rest.
  const countsAt = (scale: number) =>
    budgets.map(({ item, step, budget }) =>
      budget === 0
        ? 0
        : Math.min(
            budget / step,
            Math.max(1, Math.round((poolTarget * scale * item.profile.lines) / poolWeight)),
          ),
    );
  let scale = 1;
  for (let round = 0; round < 5; round++) {
    const reached = countsAt(scale).reduce((sum, count) => sum + count, 0);
    if (reached >= poolTarget || reached === 0) break;
    scale *= poolTarget / reached;
  }
  const poolCounts = countsAt(scale);
  for (const [index, { item, step, budget }] of budgets.entries()) {
    const count = poolCounts[index] as number;
    if (count === 0) continue;
    const quantities = splitQuantity(
      poolRandom,
      budget,
      count,
      step,
      item.profile.maxPerPledge ?? Number.POSITIVE_INFINITY,
    );
    const earliest = latest(
      item.profile.from ?? FIRST_EVENT_DAY,
      item.group === 'energy' ? '2022-10-10' : FIRST_EVENT_DAY,
    );
    for (const quantity of quantities) {
      // Most pledges fall in the winter itself; the rest earlier in 2022.
      const from = poolRandom.chance(0.8) ? latest(earliest, '2022-10-01') : earliest;
      const occasion = chooseOccasion(poolRandom, item, from, LAST_PLEDGE_DAY, 0.65);
      pledges.push(pledgeRow(poolRandom, pledges.length, item, occasion, quantity, null));
    }
  }

  // Needs posted with nothing pledged against them are sometimes withdrawn.
  const linkedNeeds = new Set(pledges.flatMap((pledge) => (pledge.need_id ? [pledge.need_id] : [])));
  const statusRandom = root.fork('needs/status');
  const posted = needPlans.map(({ row }) => ({
    ...row,
    status: !linkedNeeds.has(row.id) && statusRandom.chance(0.03) ? 'cancelled' : 'open',
  }));

  // What became of the pledges by the end of April 2023: commitments, allocations, shipments,
  // receipts, and the stage quantities, statuses and history that follow.
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const lifecycle = playLifecycle({
    random: root.fork('lifecycle'),
    asOf: DEMO_AS_OF,
    needs: posted.sort(byId),
    pledges: pledges.sort(byId),
    items: new Map(itemPlans.map((plan) => [plan.id, { step: plan.profile.need[2], group: plan.group }])),
    regionCodes: new Map(regionPlans.map((region) => [region.id, region.fact.code])),
    coordinationId,
    id,
  });

  // Sources --------------------------------------------------------------------------------
  const sources: SourceLoadRow[] = [];
  const sourceLinks: SourceLinkLoadRow[] = [];
  const eventIds = new Map(eventPlans.map((e) => [e.fact.key as string, e.id]));
  for (const fact of SOURCES) {
    const sourceId = id('source', fact.key, fact.publishedOn ?? CATALOGUE_DAY);
    sources.push({
      id: sourceId,
      url: fact.url,
      title: fact.title,
      publisher: fact.publisher,
      published_on: fact.publishedOn,
      kind: fact.kind,
      notes: fact.notes,
      owner_org_id: coordinationId,
      classification: 'public',
      synthetic: false,
      ...audit,
    });
    const supports: { regions?: 'all'; events?: readonly string[] } = fact.supports;
    if (supports.regions === 'all') {
      for (const region of regions) {
        sourceLinks.push({
          source_id: sourceId,
          entity_type: 'region',
          entity_id: region.id,
          created_by: ACTOR,
        });
      }
    }
    for (const key of supports.events ?? []) {
      sourceLinks.push({
        source_id: sourceId,
        entity_type: 'event',
        entity_id: eventIds.get(key) as string,
        created_by: ACTOR,
      });
    }
  }

  // v7 ids carry the posting or announcement day: ordering by id reads the winter in time order.
  return {
    organisations,
    regions,
    items,
    events,
    needs: lifecycle.needs,
    pledges: lifecycle.pledges,
    sources,
    source_links: sourceLinks,
    allocations: lifecycle.allocations,
    shipments: lifecycle.shipments,
    shipment_lines: lifecycle.shipment_lines,
    receipts: lifecycle.receipts,
    receipt_lines: lifecycle.receipt_lines,
    pledge_transitions: lifecycle.pledge_transitions,
  };
}

function regionWeight(group: Group, region: RegionPlan): number {
  const millions = region.fact.population / 1_000_000;
  switch (group) {
    case 'military':
      return region.front > 0.5 ? region.front : 0.05;
    case 'heavy':
      return region.front >= 1 ? region.front : 0;
    case 'energy':
      return millions * region.grid;
    case 'medical':
      return millions * (0.5 + region.front);
    case 'winter':
      return millions * (0.5 + 0.5 * region.front + 0.5 * region.grid);
    case 'fuel':
      return millions * (0.3 + region.front + 0.3 * region.grid);
    case 'protection':
      return millions * (0.3 + region.front);
  }
}

function pledgeValue(
  random: Random,
  item: ItemPlan,
  quantity: number,
  donor: DonorFact,
): { amount: string; currency: string } | null {
  // About a quarter of pledges are in kind with no declared value.
  if (random.chance(0.25)) return null;
  const currency = donor.currency !== 'EUR' && random.chance(0.3) ? 'EUR' : donor.currency;
  const rate = EUR_PER_UNIT[currency];
  if (rate === undefined) throw new Error(`no exchange rate for ${currency}`);
  const euros = quantity * item.price * (1 + 0.1 * random.normalish());
  return { amount: formatCents(Math.round((euros / rate) * 100)), currency };
}

/** The intended fate of a pledge, which the lifecycle plays out: cancelled, delivered in full, progressing, or waiting. */
function pledgeStatus(random: Random, availableFrom: string | null): string {
  if (random.chance(0.03)) return 'cancelled';
  if (availableFrom !== null && availableFrom <= '2023-02-28' && random.chance(0.12)) return 'delivered';
  return random.chance(0.45) ? 'committed' : 'announced';
}
