import {
  insertHubs,
  insertItemBundles,
  insertLeadTimes,
  setBundleLeads,
  setPledgeHubs,
} from '../../db/repositories/planning.repository.js';
import type { Executor } from '../../db/repositories/record.repository.js';
import type { CapacityScenario } from './capacity-2023.scenario.js';
import { createRandom, uuidV7 } from './random.js';
import type { StrikeScenario } from './strikes-2022.scenario.js';
import type { DemoScenario } from './winter-2022.scenario.js';

/**
 * The demo's logistics for the planner: three real border hubs (the ones the demo's shipments leave
 * from), lead times to every region, the hub each pledge is staged at, and bundles (howitzers with
 * their shells, generators with their diesel). The places are real; every lead time, staging and
 * ratio here is SYNTHETIC, chosen by distance by road, and labelled so.
 */

const NOTE = 'SYNTHETIC demo lead time (rough road distance), not a measured figure.';

export const DEMO_HUBS = [
  { code: 'RZE', name: 'Rzeszów logistics hub', country_code: 'PL', is_default: true },
  { code: 'SCV', name: 'Suceava', country_code: 'RO', is_default: false },
  { code: 'KSC', name: 'Košice', country_code: 'SK', is_default: false },
] as const;
type HubCode = (typeof DEMO_HUBS)[number]['code'];

/** Weeks from each hub to each region (ISO 3166-2:UA), by rough road distance. */
const WEEKS: Readonly<Record<HubCode, Readonly<Record<number, readonly string[]>>>> = {
  RZE: {
    1: ['UA-46', 'UA-07', 'UA-56', 'UA-61', 'UA-26', 'UA-21'],
    2: ['UA-68', 'UA-18', 'UA-05', 'UA-32', 'UA-30', 'UA-74', 'UA-71', 'UA-35', 'UA-77'],
    3: ['UA-53', 'UA-59', 'UA-12', 'UA-63', 'UA-48', 'UA-51', 'UA-23', 'UA-65'],
    4: ['UA-14', 'UA-09'],
  },
  SCV: {
    1: ['UA-77', 'UA-26', 'UA-61'],
    2: ['UA-05', 'UA-68', 'UA-51', 'UA-48', 'UA-35', 'UA-46', 'UA-21', 'UA-56', 'UA-07'],
    3: ['UA-71', 'UA-18', 'UA-32', 'UA-30', 'UA-12', 'UA-23', 'UA-65', 'UA-53'],
    4: ['UA-63', 'UA-59', 'UA-74', 'UA-14', 'UA-09'],
  },
  KSC: {
    1: ['UA-21'],
    2: ['UA-46', 'UA-26', 'UA-77', 'UA-61', 'UA-07', 'UA-56'],
    3: ['UA-68', 'UA-18', 'UA-05', 'UA-32', 'UA-30', 'UA-74', 'UA-71', 'UA-35', 'UA-51', 'UA-48'],
    4: ['UA-53', 'UA-59', 'UA-12', 'UA-63', 'UA-23', 'UA-65', 'UA-14', 'UA-09'],
  },
};

/** Where a donor's goods are staged, by the donor's country: the hub nearest its usual route. */
const HUB_BY_COUNTRY: Readonly<Record<string, HubCode>> = {
  RO: 'SCV',
  BG: 'SCV',
  GR: 'SCV',
  TR: 'SCV',
  IT: 'SCV',
  ES: 'SCV',
  PT: 'SCV',
  FR: 'SCV',
  SK: 'KSC',
  CZ: 'KSC',
  AT: 'KSC',
  HU: 'KSC',
  HR: 'KSC',
  SI: 'KSC',
};

/** Catalogue bundles (SYNTHETIC ratios): units of the member per unit of the lead item. */
const BUNDLES = [
  { lead: 'ART-M777', member: 'AMMO-155', ratio: 100, note: 'initial load of shells per howitzer' },
  { lead: 'ART-PZH-2000', member: 'AMMO-155', ratio: 100, note: 'initial load of shells per howitzer' },
  { lead: 'ART-CAESAR', member: 'AMMO-155', ratio: 100, note: 'initial load of shells per howitzer' },
  {
    lead: 'GEN-100KVA',
    member: 'FUEL-DIESEL',
    ratio: 500,
    note: 'first fill of diesel (litres) per generator',
  },
] as const;

export interface LogisticsScenario {
  readonly hubs: readonly {
    id: string;
    code: string;
    name: string;
    country_code: string;
    is_default: boolean;
  }[];
  readonly leadTimes: readonly { hub_id: string; region_id: string; weeks: number }[];
  readonly bundles: readonly {
    id: string;
    lead_item_id: string;
    member_item_id: string;
    ratio: number;
    note: string;
  }[];
  /** pledge id → hub id; pledges of donors without a mapped country stay on the default hub (null). */
  readonly pledgeHubs: ReadonlyMap<string, string>;
  /** member need id → lead need id. */
  readonly bundleLeads: ReadonlyMap<string, string>;
}

/** Builds the logistics over the other demo scenarios, deterministically (ids seeded, rows by id). */
export function buildLogisticsScenario(
  winter: DemoScenario,
  strikes: StrikeScenario,
  capacity: CapacityScenario,
  seed: number,
): LogisticsScenario {
  const random = createRandom(`${seed}/logistics`);
  const newDemoId = () => uuidV7(Date.parse('2022-10-01T00:00:00Z') + random.int(0, 86_399_999), random);
  const hubs = DEMO_HUBS.map((hub) => ({ ...hub, id: newDemoId() }));
  const hubId = new Map(hubs.map((h) => [h.code, h.id]));
  const regionId = new Map(winter.regions.map((r) => [r.code, r.id]));
  const leadTimes = hubs.flatMap((hub) =>
    Object.entries(WEEKS[hub.code]).flatMap(([weeks, codes]) =>
      codes.map((code) => {
        const region = regionId.get(code);
        if (!region) throw new Error(`demo logistics: no region ${code}`);
        return { hub_id: hub.id, region_id: region, weeks: Number(weeks) };
      }),
    ),
  );
  const itemId = new Map(winter.items.map((i) => [i.code, i.id]));
  const bundles = BUNDLES.map((b) => ({
    id: newDemoId(),
    lead_item_id: itemId.get(b.lead) as string,
    member_item_id: itemId.get(b.member) as string,
    ratio: b.ratio,
    note: `SYNTHETIC ratio: ${b.note}`,
  }));

  const countryOf = new Map(winter.organisations.map((o) => [o.id, o.country_code]));
  const pledgeHubs = new Map<string, string>();
  for (const pledge of [...winter.pledges].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const code = HUB_BY_COUNTRY[countryOf.get(pledge.donor_org_id) ?? ''] ?? 'RZE';
    pledgeHubs.set(pledge.id, hubId.get(code) as string);
  }

  // Each lead need takes the first member need (by id) of the bundle's item in the same region.
  const needs = [...winter.needs, ...strikes.needs, ...capacity.needs]
    .filter((n) => n.status !== 'cancelled' && n.status !== 'met')
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const bundleLeads = new Map<string, string>();
  for (const bundle of bundles) {
    for (const lead of needs.filter((n) => n.item_id === bundle.lead_item_id)) {
      const member = needs.find(
        (n) =>
          n.item_id === bundle.member_item_id && n.region_id === lead.region_id && !bundleLeads.has(n.id),
      );
      if (member) bundleLeads.set(member.id, lead.id);
    }
  }
  return { hubs, leadTimes, bundles, pledgeHubs, bundleLeads };
}

/** Inserts the logistics scenario (after the pledges and needs it refers to). */
export async function insertLogisticsScenario(trx: Executor, scenario: LogisticsScenario) {
  const by = { created_by: 'demo', updated_by: 'demo', synthetic: true };
  return {
    hub: await insertHubs(
      trx,
      scenario.hubs.map((h) => ({ ...h, classification: 'public' as const, ...by })),
    ),
    lead_time: await insertLeadTimes(
      trx,
      scenario.leadTimes.map((row) => ({ ...row, note: NOTE, ...by })),
    ),
    item_bundle: await insertItemBundles(
      trx,
      scenario.bundles.map((b) => ({ ...b, classification: 'public' as const, ...by })),
    ),
    pledges_staged: await setPledgeHubs(trx, scenario.pledgeHubs),
    bundle_links: await setBundleLeads(trx, scenario.bundleLeads),
  };
}
