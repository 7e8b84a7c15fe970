/**
 * Live data → PlanningProblem. The database side (src/core/planning/plan.service.ts) reads rows
 * into a PlanInput of plain objects; what-if scenarios (../scenario.ts) edit a PlanInput; this
 * module turns one into the typed arrays of types.ts, deterministically (everything sorted by id or
 * code), so the same data always gives the same model.
 *
 * Decisions written down here, once:
 * - weeks are ISO weeks counted from the plan's start week (week 0);
 * - a lot already available is at week 0 (a plan cannot act in the past; this also keeps every
 *   arrival ≥ its availability); a need already past due keeps its due week (< 0), so its lateness
 *   counts from its due date and the longest overdue is served first (model v2);
 * - a need stays a need after its due week until its useful_until week; one whose useful_until is
 *   before the start is no longer planned (listed in BuiltProblem.expiredNeeds);
 * - a pledge without a hub is staged at the default hub (hub.is_default, else the lowest hub code);
 *   without any hub at all, every lot is at one virtual hub, DEFAULT_HUB_LABEL;
 * - a (hub, region) pair without a lead_time row takes DEFAULT_LEAD_TIME_WEEKS (2 weeks);
 * - forecast production is whole units (floored), placed at the first week of its month.
 */
import { createHash } from 'node:crypto';
import {
  type Bundle,
  DEFAULT_HORIZON,
  DEFAULT_LATENESS,
  DEFAULT_WEIGHTS,
  type PlanningProblem,
  PRIORITY_WEIGHT,
  USEFUL_FOREVER,
  type Weights,
} from './types.js';

export const DEFAULT_LEAD_TIME_WEEKS = 2;
export const DEFAULT_HUB_LABEL = 'DEFAULT';

export type Priority = keyof typeof PRIORITY_WEIGHT;
export type LotKind = 'pledge' | 'forecast' | 'scenario';

/** A supply lot before indexing: a pledge's free committed quantity, forecast output or what-if supply. */
export interface InputLot {
  /** The pledge id, 'forecast:<line id>:<YYYY-MM>' or 'scenario:<n>'. */
  readonly key: string;
  readonly kind: LotKind;
  readonly pledge_id: string | null;
  readonly production_line_id: string | null;
  readonly donor_org_id: string | null;
  readonly manufacturer_org_id: string | null;
  readonly item_id: string;
  readonly quantity: number;
  /** Week the lot can leave its hub, ≥ 0. */
  readonly week: number;
  /** null: the default hub. */
  readonly hub_id: string | null;
}

/** A need before indexing: its open quantity (quantity less accepted allocations). */
export interface InputNeed {
  /** The need id, or 'scenario:<n>' for a what-if need. */
  readonly key: string;
  readonly need_id: string | null;
  readonly item_id: string;
  readonly region_id: string;
  readonly recipient_org_id: string | null;
  readonly priority: Priority;
  readonly quantity: number;
  /** Due week from the start week; < 0: already overdue (model v2 keeps it, lateness counts from it). */
  readonly due: number;
  /** Last week (from the start week) a delivery is still of use; null or absent: useful however late. */
  readonly useful_until?: number | null;
  /** Key of the lead need when this need is a bundle member. */
  readonly bundle_lead: string | null;
}

export interface InputHub {
  readonly id: string;
  readonly code: string;
  readonly country_code: string;
  readonly is_default: boolean;
}

export interface InputLeadTime {
  readonly hub_id: string;
  readonly region_id: string;
  readonly weeks: number;
  /** Per unit; null: the lead time is the cost. */
  readonly cost: number | null;
}

export interface InputBundle {
  readonly lead_item_id: string;
  readonly member_item_id: string;
  readonly ratio: number;
}

/** Everything a plan is built from, as plain data: what the database gave, possibly edited by a scenario. */
export interface PlanInput {
  readonly start_week: string;
  readonly items: readonly {
    readonly id: string;
    readonly code: string;
    /** Unit of measure for "send next" ('pcs', 'kg', …). */
    readonly unit?: string;
    /** EUR per unit for "send next" (price list); null or absent: unknown. */
    readonly unit_price_eur?: number | null;
  }[];
  readonly regions: readonly { readonly id: string; readonly code: string }[];
  readonly hubs: readonly InputHub[];
  readonly lead_times: readonly InputLeadTime[];
  readonly bundles: readonly InputBundle[];
  readonly lots: readonly InputLot[];
  readonly needs: readonly InputNeed[];
}

export interface PlanParameters {
  readonly horizon: number;
  readonly lateness: number;
  readonly weights: Weights;
}

export const DEFAULT_PARAMETERS: PlanParameters = {
  horizon: DEFAULT_HORIZON,
  lateness: DEFAULT_LATENESS,
  weights: DEFAULT_WEIGHTS,
};

/** What a lot or need index of the built problem stands for. */
export interface BuiltProblem {
  readonly problem: PlanningProblem;
  readonly lots: readonly InputLot[];
  readonly needs: readonly InputNeed[];
  /** Hub ids by hub index (null for the virtual hub). */
  readonly hubIds: readonly (string | null)[];
  /** Member needs whose lead need or catalogue bundle is missing: planned without the bundle. */
  readonly ignoredBundleLinks: readonly string[];
  /** Keys of needs left out because their useful_until week is before the plan's start. */
  readonly expiredNeeds: readonly string[];
}

// ---- ISO weeks ---------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const WEEK = /^(\d{4})-W(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayOf(date: string): number {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

/** Day number (days since 1970-01-01) of the Monday of an ISO week 'YYYY-Www'. */
export function mondayOfWeek(week: string): number {
  const match = WEEK.exec(week);
  if (!match) throw new RangeError(`not an ISO week YYYY-Www: ${week}`);
  const jan4 = Date.UTC(Number(match[1]), 0, 4) / DAY_MS;
  const jan4Weekday = (new Date(jan4 * DAY_MS).getUTCDay() + 6) % 7; // Monday 0
  return jan4 - jan4Weekday + (Number(match[2]) - 1) * 7;
}

/** The ISO week 'YYYY-Www' a day number falls in. */
export function weekOfDay(day: number): string {
  const date = new Date(day * DAY_MS);
  const weekday = (date.getUTCDay() + 6) % 7;
  const thursday = new Date((day - weekday + 3) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() / DAY_MS - Date.UTC(year, 0, 1) / DAY_MS) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The ISO week of a date 'YYYY-MM-DD'. */
export function weekOfDate(date: string): string {
  return weekOfDay(dayOf(date));
}

/** Weeks from the start week to the week of `date` (negative before the start). */
export function weekIndex(startWeek: string, date: string): number {
  return Math.floor((dayOf(date) - mondayOfWeek(startWeek)) / 7);
}

/** The ISO week `offset` weeks after the start week. */
export function weekAt(startWeek: string, offset: number): string {
  return weekOfDay(mondayOfWeek(startWeek) + offset * 7);
}

// ---- building the problem ---------------------------------------------------------------------

const byKey = <T extends { readonly key: string }>(a: T, b: T) =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
const byId = <T extends { readonly id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The hub a lot without hub_id is planned from: the default hub, else the lowest code; null when there is none. */
export function defaultHubOf(hubs: readonly InputHub[]): InputHub | null {
  const flagged = hubs.find((h) => h.is_default);
  if (flagged) return flagged;
  return [...hubs].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))[0] ?? null;
}

/** Turns a PlanInput into the typed-array model; lots and needs with nothing left are left out. */
export function buildProblem(
  input: PlanInput,
  parameters: PlanParameters = DEFAULT_PARAMETERS,
): BuiltProblem {
  const lots = input.lots.filter((l) => l.quantity > 0).sort(byKey);
  const open = input.needs.filter((n) => n.quantity > 0);
  const isExpired = (n: InputNeed) =>
    n.useful_until !== undefined && n.useful_until !== null && n.useful_until < 0;
  const expiredNeeds = open
    .filter(isExpired)
    .map((n) => n.key)
    .sort();
  const needs = open.filter((n) => !isExpired(n)).sort(byKey);

  const itemIds = [...new Set([...lots.map((l) => l.item_id), ...needs.map((n) => n.item_id)])].sort();
  const itemIndex = new Map(itemIds.map((id, i) => [id, i]));
  const itemInfo = new Map(input.items.map((i) => [i.id, i]));
  const regionIds = [...new Set(needs.map((n) => n.region_id))].sort();
  const regionIndex = new Map(regionIds.map((id, i) => [id, i]));

  const hubs = [...input.hubs].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const fallback = defaultHubOf(hubs);
  const hubIds: (string | null)[] = hubs.map((h) => h.id);
  const hubLabels = hubs.map((h) => h.code);
  if (fallback === null) {
    hubIds.push(null);
    hubLabels.push(DEFAULT_HUB_LABEL);
  }
  const hubIndex = new Map(hubs.map((h, i) => [h.id, i]));
  const fallbackIndex = fallback === null ? hubs.length : (hubIndex.get(fallback.id) as number);

  const R = regionIds.length;
  const leadTime = new Int32Array(hubIds.length * R).fill(DEFAULT_LEAD_TIME_WEEKS);
  const transportCost = new Float64Array(hubIds.length * R).fill(DEFAULT_LEAD_TIME_WEEKS);
  for (const row of input.lead_times) {
    const h = hubIndex.get(row.hub_id);
    const g = regionIndex.get(row.region_id);
    if (h === undefined || g === undefined) continue;
    leadTime[h * R + g] = row.weeks;
    transportCost[h * R + g] = row.cost ?? row.weeks;
  }

  const S = lots.length;
  const lotHub = new Int32Array(S);
  lots.forEach((lot, s) => {
    lotHub[s] = lot.hub_id === null ? fallbackIndex : (hubIndex.get(lot.hub_id) ?? fallbackIndex);
  });

  const needIndex = new Map(needs.map((n, d) => [n.key, d]));
  const bundleRatio = new Map(input.bundles.map((b) => [`${b.lead_item_id}>${b.member_item_id}`, b.ratio]));
  const members = new Map<number, { need: number; ratio: number }[]>();
  const ignoredBundleLinks: string[] = [];
  needs.forEach((need, d) => {
    if (need.bundle_lead === null) return;
    const lead = needIndex.get(need.bundle_lead);
    const ratio =
      lead === undefined
        ? undefined
        : bundleRatio.get(`${(needs[lead] as InputNeed).item_id}>${need.item_id}`);
    if (lead === undefined || ratio === undefined) {
      ignoredBundleLinks.push(need.key);
      return;
    }
    const list = members.get(lead) ?? [];
    list.push({ need: d, ratio });
    members.set(lead, list);
  });
  const bundles: Bundle[] = [...members.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([leadNeed, list]) => ({ leadNeed, members: list }));

  const hasCosts = input.lead_times.some((row) => row.cost !== null && row.cost !== row.weeks);
  const problem: PlanningProblem = {
    horizon: parameters.horizon,
    lateness: parameters.lateness,
    weights: parameters.weights,
    items: itemIds,
    hubs: hubLabels,
    regions: regionIds,
    leadTime,
    ...(hasCosts ? { transportCost } : {}),
    lots: {
      count: S,
      id: lots.map((l) => l.key),
      item: Int32Array.from(lots, (l) => itemIndex.get(l.item_id) as number),
      quantity: Float64Array.from(lots, (l) => l.quantity),
      available: Int32Array.from(lots, (l) => Math.max(0, l.week)),
      hub: lotHub,
    },
    needs: {
      count: needs.length,
      id: needs.map((n) => n.key),
      item: Int32Array.from(needs, (n) => itemIndex.get(n.item_id) as number),
      quantity: Float64Array.from(needs, (n) => n.quantity),
      priority: Float64Array.from(needs, (n) => PRIORITY_WEIGHT[n.priority]),
      due: Int32Array.from(needs, (n) => n.due),
      region: Int32Array.from(needs, (n) => regionIndex.get(n.region_id) as number),
      ...(needs.some((n) => n.useful_until !== undefined && n.useful_until !== null)
        ? { usefulUntil: Int32Array.from(needs, (n) => n.useful_until ?? USEFUL_FOREVER) }
        : {}),
    },
    bundles,
    ...(input.items.some((i) => i.unit_price_eur !== undefined || i.unit !== undefined)
      ? {
          itemPrice: Float64Array.from(itemIds, (id) => itemInfo.get(id)?.unit_price_eur ?? Number.NaN),
          itemUnit: itemIds.map((id) => itemInfo.get(id)?.unit ?? ''),
        }
      : {}),
  };
  return { problem, lots, needs, hubIds, ignoredBundleLinks, expiredNeeds };
}

/** A hash of what a plan is built from, to tell at a glance whether live data moved since. */
export function fingerprintOf(input: PlanInput): string {
  const canonical = JSON.stringify({
    hubs: [...input.hubs].sort(byId),
    lead_times: [...input.lead_times].sort((a, b) =>
      `${a.hub_id}${a.region_id}` < `${b.hub_id}${b.region_id}` ? -1 : 1,
    ),
    bundles: input.bundles,
    lots: [...input.lots].sort(byKey),
    needs: [...input.needs].sort(byKey),
  });
  return createHash('sha256').update(canonical).digest('hex');
}

// ---- storing and reloading the problem ------------------------------------------------------

/** The problem as JSON (typed arrays as number arrays): enough to solve the same model again. */
export interface ProblemJson {
  readonly horizon: number;
  readonly lateness: number;
  readonly weights: Weights;
  readonly items: readonly string[];
  readonly hubs: readonly string[];
  readonly regions: readonly string[];
  readonly lead_time: readonly number[];
  readonly transport_cost: readonly number[] | null;
  readonly lots: {
    readonly id: readonly string[];
    readonly item: readonly number[];
    readonly quantity: readonly number[];
    readonly available: readonly number[];
    readonly hub: readonly number[];
  };
  readonly needs: {
    readonly id: readonly string[];
    readonly item: readonly number[];
    readonly quantity: readonly number[];
    readonly priority: readonly number[];
    readonly due: readonly number[];
    readonly region: readonly number[];
    /** Absent or null in runs stored before model v2: every need useful however late. */
    readonly useful_until?: readonly number[] | null;
  };
  readonly bundles: readonly Bundle[];
  /** EUR per unit by item, null where unknown. */
  readonly item_price?: readonly (number | null)[] | null;
  readonly item_unit?: readonly string[] | null;
}

export function problemToJson(problem: PlanningProblem): ProblemJson {
  return {
    horizon: problem.horizon,
    lateness: problem.lateness,
    weights: problem.weights,
    items: problem.items,
    hubs: problem.hubs,
    regions: problem.regions,
    lead_time: Array.from(problem.leadTime),
    transport_cost: problem.transportCost ? Array.from(problem.transportCost) : null,
    lots: {
      id: problem.lots.id,
      item: Array.from(problem.lots.item),
      quantity: Array.from(problem.lots.quantity),
      available: Array.from(problem.lots.available),
      hub: Array.from(problem.lots.hub),
    },
    needs: {
      id: problem.needs.id,
      item: Array.from(problem.needs.item),
      quantity: Array.from(problem.needs.quantity),
      priority: Array.from(problem.needs.priority),
      due: Array.from(problem.needs.due),
      region: Array.from(problem.needs.region),
      useful_until: problem.needs.usefulUntil ? Array.from(problem.needs.usefulUntil) : null,
    },
    bundles: problem.bundles,
    item_price: problem.itemPrice ? Array.from(problem.itemPrice, (p) => (Number.isNaN(p) ? null : p)) : null,
    item_unit: problem.itemUnit ?? null,
  };
}

export function problemFromJson(json: ProblemJson): PlanningProblem {
  return {
    horizon: json.horizon,
    lateness: json.lateness,
    weights: json.weights,
    items: json.items,
    hubs: json.hubs,
    regions: json.regions,
    leadTime: Int32Array.from(json.lead_time),
    ...(json.transport_cost ? { transportCost: Float64Array.from(json.transport_cost) } : {}),
    lots: {
      count: json.lots.id.length,
      id: json.lots.id,
      item: Int32Array.from(json.lots.item),
      quantity: Float64Array.from(json.lots.quantity),
      available: Int32Array.from(json.lots.available),
      hub: Int32Array.from(json.lots.hub),
    },
    needs: {
      count: json.needs.id.length,
      id: json.needs.id,
      item: Int32Array.from(json.needs.item),
      quantity: Float64Array.from(json.needs.quantity),
      priority: Float64Array.from(json.needs.priority),
      due: Int32Array.from(json.needs.due),
      region: Int32Array.from(json.needs.region),
      ...(json.needs.useful_until ? { usefulUntil: Int32Array.from(json.needs.useful_until) } : {}),
    },
    bundles: json.bundles,
    ...(json.item_price ? { itemPrice: Float64Array.from(json.item_price, (p) => p ?? Number.NaN) } : {}),
    ...(json.item_unit ? { itemUnit: json.item_unit } : {}),
  };
}
