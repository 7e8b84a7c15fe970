/**
 * Explanations of a solved plan, pure: per need (which lots serve it, when, and why any quantity is
 * unmet or late), per lot (where it goes) and per item (what one more unit is worth).
 *
 * Reasons, for the unmet quantity of a need (or, when all of it is met, for the late quantity):
 * - no_supply_in_time: no lot of the item can leave its hub by the deadline (for unmet: the last
 *   week it can be served, min(H + Λ − 1, useful until); for late: its due week), or there is no lot
 *   of the item at all;
 * - lead_time_too_long: some lot leaves its hub by the deadline, but hub → region lead time makes
 *   every such lot arrive after it;
 * - taken_by_higher_priority: lots could arrive by the deadline but are used up, by needs of
 *   higher or equal priority (a few are named) — the binding lots' duals say what one more unit
 *   in them would save;
 * - bundle_ratio: lots could still serve it, yet the bundle's ratio with its lead (or members)
 *   holds the delivery back.
 */
import { lastServiceWeek } from './model/arcs.js';
import type { PlanningProblem, Solution } from './model/types.js';

export const UNMET_REASONS = [
  'no_supply_in_time',
  'lead_time_too_long',
  'taken_by_higher_priority',
  'bundle_ratio',
] as const;
export type UnmetReason = (typeof UNMET_REASONS)[number];

/** Flows below this are solver noise. */
const EPS = 1e-6;
const COMPETITORS_NAMED = 5;

export interface ServingLot {
  readonly lot: number;
  readonly quantity: number;
  readonly arrival: number;
  readonly lateness: number;
}

export interface NeedExplanation {
  readonly need: number;
  readonly quantity: number;
  readonly allocated: number;
  readonly unmet: number;
  /** Quantity that arrives after the due week. */
  readonly late: number;
  readonly serving: readonly ServingLot[];
  /** Why some is unmet or late; null when all of it arrives on time. */
  readonly reason: UnmetReason | null;
  /** The lots that would have served it and are used up, with their supply duals (largest first). */
  readonly binding: readonly { readonly lot: number; readonly dual: number }[];
  /** The largest dual among the binding lots (null when none binds). */
  readonly bindingDual: number | null;
  /** Needs of higher or equal priority that took those lots (a few, largest takers first). */
  readonly takenBy: readonly number[];
}

export interface ItemShadowPrice {
  readonly item: number;
  /** Max lotDual over the item's used-up lots: what one more unit of the item would save. */
  readonly shadowPrice: number;
  readonly unmet: number;
  readonly unmetWeighted: number;
}

export interface PlanExplanation {
  readonly needs: readonly NeedExplanation[];
  readonly lots: readonly {
    readonly lot: number;
    readonly quantity: number;
    readonly used: number;
    readonly dual: number;
    readonly destinations: readonly (ServingLot & { readonly need: number })[];
  }[];
  /** Items with unmet demand or a positive shadow price, most valuable first: what donors should send next. */
  readonly items: readonly ItemShadowPrice[];
}

function leadTimeOf(problem: PlanningProblem, lot: number, need: number): number {
  const regions = problem.regions.length;
  return problem.leadTime[
    (problem.lots.hub[lot] as number) * regions + (problem.needs.region[need] as number)
  ] as number;
}

/** Explains a solution of `problem` (see the module doc for the reasons). */
export function explainPlan(problem: PlanningProblem, solution: Solution): PlanExplanation {
  const { lots, needs } = problem;
  const { arcs, flow } = solution;
  const used = new Float64Array(lots.count);
  const servingOf: (ServingLot & { need: number })[][] = Array.from({ length: needs.count }, () => []);
  const destinationsOf: (ServingLot & { need: number })[][] = Array.from({ length: lots.count }, () => []);
  for (let a = 0; a < arcs.count; a++) {
    const x = flow[a] as number;
    if (x <= EPS) continue;
    const s = arcs.lot[a] as number;
    const d = arcs.need[a] as number;
    const entry = {
      lot: s,
      need: d,
      quantity: x,
      arrival: arcs.arrival[a] as number,
      lateness: arcs.lateness[a] as number,
    };
    used[s] = (used[s] as number) + x;
    servingOf[d]?.push(entry);
    destinationsOf[s]?.push(entry);
  }
  const usedUp = (s: number) => (used[s] as number) >= (lots.quantity[s] as number) - EPS;

  const lotsOfItem: number[][] = Array.from({ length: problem.items.length }, () => []);
  for (let s = 0; s < lots.count; s++) lotsOfItem[lots.item[s] as number]?.push(s);

  const bundled = new Set<number>();
  for (const bundle of problem.bundles) {
    bundled.add(bundle.leadNeed);
    for (const m of bundle.members) bundled.add(m.need);
  }

  const explainNeed = (d: number): NeedExplanation => {
    const serving = (servingOf[d] ?? []).sort((a, b) => a.arrival - b.arrival || a.lot - b.lot);
    const quantity = needs.quantity[d] as number;
    const unmet = solution.unmet[d] as number;
    const late = serving.reduce((sum, e) => sum + (e.lateness > 0 ? e.quantity : 0), 0);
    const base = {
      need: d,
      quantity,
      allocated: quantity - unmet,
      unmet,
      late,
      serving: serving.map(({ need: _need, ...rest }) => rest),
    };
    if (unmet <= EPS && late <= EPS) {
      return { ...base, reason: null, binding: [], bindingDual: null, takenBy: [] };
    }
    // The deadline that matters: the last week it can be served, min(H + Λ − 1, useful until), for
    // what is unmet; the due week for what is late.
    const deadline = unmet > EPS ? lastServiceWeek(problem, d) : (needs.due[d] as number);
    const candidates = lotsOfItem[needs.item[d] as number] ?? [];
    const leaveInTime = candidates.filter((s) => (lots.available[s] as number) <= deadline);
    const arriveInTime = leaveInTime.filter(
      (s) => (lots.available[s] as number) + leadTimeOf(problem, s, d) <= deadline,
    );
    if (leaveInTime.length === 0) {
      return { ...base, reason: 'no_supply_in_time', binding: [], bindingDual: null, takenBy: [] };
    }
    if (arriveInTime.length === 0) {
      return { ...base, reason: 'lead_time_too_long', binding: [], bindingDual: null, takenBy: [] };
    }
    const binding = arriveInTime
      .filter(usedUp)
      .map((s) => ({ lot: s, dual: solution.lotDual[s] as number }))
      .sort((a, b) => b.dual - a.dual || a.lot - b.lot);
    const bindingSet = new Set(binding.map((b) => b.lot));
    const takers = new Map<number, number>();
    for (const s of bindingSet) {
      for (const e of destinationsOf[s] ?? []) {
        if (e.need === d || (needs.priority[e.need] as number) < (needs.priority[d] as number)) continue;
        takers.set(e.need, (takers.get(e.need) ?? 0) + e.quantity);
      }
    }
    const takenBy = [...takers.entries()]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, COMPETITORS_NAMED)
      .map(([need]) => need);
    const allUsed = binding.length === arriveInTime.length;
    const reason: UnmetReason = allUsed || !bundled.has(d) ? 'taken_by_higher_priority' : 'bundle_ratio';
    return {
      ...base,
      reason,
      binding,
      bindingDual: binding.length > 0 ? (binding[0] as { dual: number }).dual : null,
      takenBy,
    };
  };

  const needExplanations = Array.from({ length: needs.count }, (_, d) => explainNeed(d));

  const lotExplanations = Array.from({ length: lots.count }, (_, s) => ({
    lot: s,
    quantity: lots.quantity[s] as number,
    used: used[s] as number,
    dual: solution.lotDual[s] as number,
    destinations: (destinationsOf[s] ?? []).sort((a, b) => a.need - b.need),
  }));

  const items: ItemShadowPrice[] = problem.items.map((_, i) => ({
    item: i,
    shadowPrice: 0,
    unmet: 0,
    unmetWeighted: 0,
  }));
  const mutable = items as { item: number; shadowPrice: number; unmet: number; unmetWeighted: number }[];
  for (let s = 0; s < lots.count; s++) {
    const entry = mutable[lots.item[s] as number] as (typeof mutable)[number];
    if (usedUp(s)) entry.shadowPrice = Math.max(entry.shadowPrice, solution.lotDual[s] as number);
  }
  for (let d = 0; d < needs.count; d++) {
    const entry = mutable[needs.item[d] as number] as (typeof mutable)[number];
    const y = solution.unmet[d] as number;
    entry.unmet += y;
    entry.unmetWeighted += y * (needs.priority[d] as number);
  }
  const ranked = mutable
    .filter((e) => e.shadowPrice > EPS || e.unmet > EPS)
    .sort((a, b) => b.shadowPrice - a.shadowPrice || b.unmetWeighted - a.unmetWeighted || a.item - b.item);

  return { needs: needExplanations, lots: lotExplanations, items: ranked };
}
