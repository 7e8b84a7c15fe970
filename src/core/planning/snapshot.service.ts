import type { Kysely } from 'kysely';
import {
  listFreePledges,
  listHubs,
  listItemBundles,
  listItemRefs,
  listLeadTimes,
  listLinesForPlanning,
  listOpenNeeds,
  listOutageGraph,
  listRegionRefs,
} from '../../db/repositories/planning.repository.js';
import type { Database, Priority as DbPriority } from '../../db/schema.js';
import type { InputLot, InputNeed, PlanInput } from '../../planning/model/snapshot.js';
import { mondayOfWeek, weekIndex } from '../../planning/model/snapshot.js';
import { currentReader } from '../auth/visibility.js';
import { type CapacityStep, lineDeliveries } from '../capacity/forecast.js';
import { fromMilli, type Month, monthsFrom } from '../capacity/months.js';
import type { InputEdge, MaterialNode } from '../capacity/risk.js';
import { type RunReaders, runReadersOf, type SourceRow } from './plan-classification.js';

type Db = Kysely<Database>;

/** Exact decimal strings (numeric(18,3)) to numbers, through thousandths so no binary drift enters. */
function thousandthsOf(value: string): number {
  const [whole = '0', fraction = ''] = value.split('.');
  const sign = whole.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 1000 + Number(fraction.padEnd(3, '0').slice(0, 3)));
}

function difference(a: string, b: string): number {
  return (thousandthsOf(a) - thousandthsOf(b)) / 1000;
}

function dateOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** What resolving a scenario's outages needs from the capacity model. */
export interface OutageData {
  readonly lines: readonly { readonly id: string; readonly item_id: string; readonly plant: string | null }[];
  readonly materials: readonly MaterialNode[];
  readonly edges: readonly InputEdge[];
}

/**
 * Future factory output as lots: each line's coalition deliveries per month after backlog and
 * lead time (core/capacity/forecast.ts, the same arithmetic as the shortfall forecast), from the
 * plan's start month, floored to whole units, at the week of the first day of the month.
 */
export function forecastLots(
  lines: readonly {
    readonly id: string;
    readonly manufacturer_org_id: string | null;
    readonly item_id: string;
    readonly capacity_schedule: readonly CapacityStep[];
    readonly lead_time_months: number;
    readonly backlog: number;
    readonly coalition_share: number;
  }[],
  startWeek: string,
  horizon: number,
): InputLot[] {
  const firstDay = mondayOfWeek(startWeek);
  const startMonth = dateOfDay(firstDay).slice(0, 7) as Month;
  const months = monthsFrom(startMonth, Math.ceil((horizon * 7) / 28) + 1);
  const lots: InputLot[] = [];
  for (const line of lines) {
    const deliveries = lineDeliveries(line, months);
    months.forEach((month, i) => {
      const quantity = Math.floor(fromMilli(deliveries[i] ?? 0n));
      const week = Math.max(0, weekIndex(startWeek, `${month}-01`));
      if (quantity <= 0 || week >= horizon) return;
      lots.push({
        key: `forecast:${line.id}:${month}`,
        kind: 'forecast',
        pledge_id: null,
        production_line_id: line.id,
        donor_org_id: null,
        manufacturer_org_id: line.manufacturer_org_id,
        item_id: line.item_id,
        quantity,
        week,
        hub_id: null,
      });
    });
  }
  return lots;
}

/**
 * Reads the live data a plan starts from: pledges' free committed quantity (committed less
 * accepted allocations, not cancelled or expired) by the week they become available (no date:
 * available now), forecast production, open needs less accepted allocations by due week, hubs,
 * lead times and bundles. Weeks count from `startWeek`; see planning/model/snapshot.ts for the rules.
 */
export async function loadPlanInput(db: Db, startWeek: string, horizon: number): Promise<PlanInput> {
  return (await loadPlanSnapshot(db, startWeek, horizon, new Date().toISOString().slice(0, 10))).input;
}

/**
 * The live data a plan starts from (loadPlanInput) and who may read what is derived from it: every
 * row read, with its classification (embargo counted as of `today`) and owner and parties.
 */
export async function loadPlanSnapshot(
  db: Db,
  startWeek: string,
  horizon: number,
  today: string,
  options: { readonly outageGraph?: boolean } = {},
): Promise<{ input: PlanInput; readers: RunReaders; outages: OutageData | null }> {
  const graph = options.outageGraph ? await listOutageGraph(db) : null;
  const [items, regions, hubs, leadTimes, bundles, pledges, needs, lines] = await Promise.all([
    listItemRefs(db),
    listRegionRefs(db),
    listHubs(db),
    listLeadTimes(db),
    listItemBundles(db),
    listFreePledges(db, currentReader()),
    listOpenNeeds(db, currentReader()),
    listLinesForPlanning(db),
  ]);
  const pledgeLots: InputLot[] = pledges.map((p) => ({
    key: p.id,
    kind: 'pledge',
    pledge_id: p.id,
    production_line_id: null,
    donor_org_id: p.donor_org_id,
    manufacturer_org_id: null,
    item_id: p.item_id,
    quantity: difference(p.committed_quantity, p.allocated_quantity),
    week: p.available_from === null ? 0 : Math.max(0, weekIndex(startWeek, p.available_from)),
    hub_id: p.hub_id,
  }));
  const production = forecastLots(
    lines.map((line) => ({
      id: line.id,
      manufacturer_org_id: line.manufacturer_org_id,
      item_id: line.item_id,
      capacity_schedule: line.capacity_schedule as CapacityStep[],
      lead_time_months: line.lead_time_months,
      backlog: Number(line.backlog),
      coalition_share: Number(line.coalition_share),
    })),
    startWeek,
    horizon,
  );
  const openNeeds: InputNeed[] = needs.map((n) => ({
    key: n.id,
    need_id: n.id,
    item_id: n.item_id,
    region_id: n.region_id,
    recipient_org_id: n.recipient_org_id,
    priority: n.priority as DbPriority,
    quantity: difference(n.quantity, n.allocated_quantity),
    due: weekIndex(startWeek, n.needed_by),
    useful_until: n.useful_until === null ? null : weekIndex(startWeek, n.useful_until),
    bundle_lead: n.bundle_lead_need_id,
  }));
  const sources: SourceRow[] = [
    ...hubs.map((h) => ({ ...h, orgs: [h.owner_org_id] })),
    ...bundles.map((b) => ({ ...b, orgs: [b.owner_org_id] })),
    ...pledges.map((p) => ({ ...p, orgs: [p.owner_org_id, p.donor_org_id, p.recipient_org_id] })),
    ...needs.map((n) => ({ ...n, orgs: [n.owner_org_id, n.recipient_org_id] })),
    ...lines.map((l) => ({ ...l, orgs: [l.owner_org_id] })),
    ...(graph ? [...graph.materials, ...graph.edges].map((r) => ({ ...r, orgs: [r.owner_org_id] })) : []),
  ];
  const input: PlanInput = {
    start_week: startWeek,
    // Send-next values what is unmet at the price list in EUR; an item priced in another currency has no EUR value.
    items: items.map((i) => ({
      id: i.id,
      code: i.code,
      unit: i.unit,
      unit_price_eur:
        i.reference_price_amount !== null && i.reference_price_currency === 'EUR'
          ? Number(i.reference_price_amount)
          : null,
    })),
    regions,
    hubs: hubs.map((h) => ({
      id: h.id,
      code: h.code,
      country_code: h.country_code,
      is_default: h.is_default,
    })),
    lead_times: leadTimes.map((row) => ({
      hub_id: row.hub_id,
      region_id: row.region_id,
      weeks: row.weeks,
      cost: row.cost === null ? null : Number(row.cost),
    })),
    bundles: bundles.map((b) => ({
      lead_item_id: b.lead_item_id,
      member_item_id: b.member_item_id,
      ratio: Number(b.ratio),
    })),
    lots: [...pledgeLots, ...production],
    needs: openNeeds,
  };
  const outages: OutageData | null = graph
    ? {
        lines: lines.map((l) => ({ id: l.id, item_id: l.item_id, plant: l.plant })),
        materials: graph.materials.map((m) => ({
          id: m.id,
          code: m.code,
          name: m.name,
          suppliers: m.suppliers as MaterialNode['suppliers'],
        })),
        edges: graph.edges.map((e) => ({
          item_id: e.item_id,
          parent_material_id: e.parent_material_id,
          material_id: e.material_id,
          quantity_per_unit: Number(e.quantity_per_unit),
        })),
      }
    : null;
  return { input, readers: runReadersOf(sources, today), outages };
}
