/**
 * "What donors should send next", actionable (pure): per item, the quantity left unmet and served
 * late by priority in the item's own unit, what the unmet quantity is worth in EUR (the item's unit
 * price is part of the model input), and what one more lot arriving in week w would change — how
 * much more would be served, of which priority, and how many unit-weeks of lateness it would save.
 * Items are ranked by the EUR value of their critical unmet quantity; the supply dual (objective
 * units per unit of the item, not comparable across items) is kept beside it for --json and details.
 *
 * The effect of one more lot is measured, not estimated: the item's own network (its lots and
 * needs; items are independent without bundles) is solved with and without a lot of the item's
 * typical size (the median of its lots, or what the caller says) that reaches every region in week
 * w, and the two optima are compared.
 */
import { buildArcs, evaluateObjective } from './model/arcs.js';
import { type PlanningProblem, PRIORITY_WEIGHT, type Solution } from './model/types.js';
import { solveNetworkSimplex } from './solver/network-simplex.js';

export type PriorityName = keyof typeof PRIORITY_WEIGHT;

/** Flows below this are solver noise. */
const EPS = 1e-6;

/** The priority name of a weight p_d (null for a weight that is not one of 8/4/2/1). */
export function priorityName(weight: number): PriorityName | null {
  for (const [name, w] of Object.entries(PRIORITY_WEIGHT)) if (w === weight) return name as PriorityName;
  return null;
}

/** What is unmet and late of one item for one priority, in the item's unit. */
export interface PriorityShortfall {
  readonly priority: PriorityName | null;
  /** p_d of these needs. */
  readonly weight: number;
  readonly unmet: number;
  /** Quantity delivered after its due week. */
  readonly late: number;
  /** Σ quantity × weeks late of what is delivered late (unit-weeks). */
  readonly lateWeeks: number;
  /** unmet × unit price; null when the item has no price. */
  readonly unmetValueEur: number | null;
  /** late × unit price; null when the item has no price. */
  readonly lateValueEur: number | null;
}

/** What one more lot of the item, arriving in `week`, would change in the item's optimum. */
export interface LotEffect {
  /** Week (from the plan's start) the extra lot reaches every region. */
  readonly week: number;
  /** Size of the extra lot, in the item's unit. */
  readonly quantity: number;
  /** More quantity served (less unmet), by priority, highest first; only priorities that gain. */
  readonly served: readonly {
    readonly priority: PriorityName | null;
    readonly weight: number;
    readonly quantity: number;
  }[];
  /** Σ of `served`. */
  readonly servedQuantity: number;
  /** Unit-weeks of lateness saved (Σ quantity × weeks late before, less after; may be < 0 when
   * more is served late). */
  readonly lateWeeksSaved: number;
  /** How much the objective falls (objective units). */
  readonly objectiveSaved: number;
  /** servedQuantity × unit price; null when the item has no price. */
  readonly servedValueEur: number | null;
}

export interface SendNextItem {
  readonly item: number;
  /** The item's id as in the model (problem.items). */
  readonly itemId: string;
  /** Unit of measure; null when the model does not say. */
  readonly unit: string | null;
  /** EUR per unit; null when unknown. */
  readonly unitPriceEur: number | null;
  /** By priority, highest weight first; only priorities with something unmet or late. */
  readonly byPriority: readonly PriorityShortfall[];
  readonly unmet: number;
  readonly late: number;
  /** Σ unmet × price over all priorities; null when the item has no price. */
  readonly unmetValueEur: number | null;
  /** The ranking key: unmet of critical needs × price; null when the item has no price. */
  readonly criticalUnmetValueEur: number | null;
  readonly criticalUnmet: number;
  /**
   * One more lot arriving in each of the asked weeks; empty for items beyond `effectsFor` in the
   * ranking or joined by a bundle (their network is not a min-cost flow of one item).
   */
  readonly oneMoreLot: readonly LotEffect[];
  /** Max supply dual over the item's used-up lots (objective units per unit of the item). */
  readonly dual: number;
}

export interface SendNextOptions {
  /** Weeks to try one more lot in; default 0, 4, 8 and 12 (those within H + Λ). */
  readonly weeks?: readonly number[];
  /** Size of "one more lot" per item; default the median of the item's lots (at least 1). */
  readonly lotQuantity?: (item: number) => number;
  /** Items (from the top of the ranking) whose lot effects are computed; default 10. */
  readonly effectsFor?: number;
}

const DEFAULT_WEEKS = [0, 4, 8, 12] as const;

/** Ranks the items with unmet or late quantity (see the module doc); pure and deterministic. */
export function sendNext(
  problem: PlanningProblem,
  solution: Solution,
  options: SendNextOptions = {},
): SendNextItem[] {
  const ranked = rankItems(problem, solution, options);
  return withEffects(
    ranked,
    ranked.requests.map((request) => request.problems.map(outcomeAlone)),
  );
}

/**
 * sendNext with the what-if networks (each ranked item without and with one more lot per week)
 * solved by `solveMany` — the planner's thread pool, so that they are solved side by side while
 * this thread explains the plan. The same result as sendNext.
 */
export async function sendNextWith(
  problem: PlanningProblem,
  solution: Solution,
  solveMany: (problems: readonly PlanningProblem[]) => Promise<readonly Solution[]>,
  options: SendNextOptions = {},
): Promise<SendNextItem[]> {
  const ranked = rankItems(problem, solution, options);
  const all = ranked.requests.flatMap((request) => request.problems);
  const solved = all.length === 0 ? [] : await solveMany(all);
  let at = 0;
  return withEffects(
    ranked,
    ranked.requests.map((request) => request.problems.map((p) => outcomeOf(p, solved[at++] as Solution))),
  );
}

/** One ranked item whose lot effects are measured: its network without, then with a lot per week. */
interface EffectRequest {
  readonly rank: number;
  readonly quantity: number;
  readonly price: number | null;
  readonly problems: readonly PlanningProblem[];
}

interface Ranked {
  readonly base: readonly Omit<SendNextItem, 'oneMoreLot'>[];
  readonly weeks: readonly number[];
  readonly requests: readonly EffectRequest[];
}

function rankItems(problem: PlanningProblem, solution: Solution, options: SendNextOptions): Ranked {
  const { lots, needs } = problem;
  const { arcs, flow } = solution;
  const itemCount = problem.items.length;
  const priceOf = (i: number): number | null => {
    const p = problem.itemPrice?.[i];
    return p === undefined || Number.isNaN(p) ? null : p;
  };

  // Per item and priority weight: unmet, late, late unit-weeks.
  type Acc = { unmet: number; late: number; lateWeeks: number };
  const acc: Map<number, Acc>[] = Array.from({ length: itemCount }, () => new Map());
  const at = (i: number, weight: number): Acc => {
    const map = acc[i] as Map<number, Acc>;
    let entry = map.get(weight);
    if (!entry) {
      entry = { unmet: 0, late: 0, lateWeeks: 0 };
      map.set(weight, entry);
    }
    return entry;
  };
  for (let d = 0; d < needs.count; d++) {
    const y = solution.unmet[d] as number;
    if (y > EPS) at(needs.item[d] as number, needs.priority[d] as number).unmet += y;
  }
  for (let a = 0; a < arcs.count; a++) {
    const x = flow[a] as number;
    const l = arcs.lateness[a] as number;
    if (x <= EPS || l <= 0) continue;
    const d = arcs.need[a] as number;
    const entry = at(needs.item[d] as number, needs.priority[d] as number);
    entry.late += x;
    entry.lateWeeks += x * l;
  }

  const used = new Float64Array(lots.count);
  for (let a = 0; a < arcs.count; a++) used[arcs.lot[a] as number]! += flow[a] as number;
  const dual = new Float64Array(itemCount);
  for (let s = 0; s < lots.count; s++) {
    if ((used[s] as number) < (lots.quantity[s] as number) - EPS) continue;
    const i = lots.item[s] as number;
    dual[i] = Math.max(dual[i] as number, solution.lotDual[s] as number);
  }

  const base: Omit<SendNextItem, 'oneMoreLot'>[] = [];
  for (let i = 0; i < itemCount; i++) {
    const map = acc[i] as Map<number, Acc>;
    if (map.size === 0) continue;
    const price = priceOf(i);
    const byPriority = [...map.entries()]
      .sort((a, b) => b[0] - a[0])
      .map(([weight, e]) => ({
        priority: priorityName(weight),
        weight,
        unmet: e.unmet,
        late: e.late,
        lateWeeks: e.lateWeeks,
        unmetValueEur: price === null ? null : e.unmet * price,
        lateValueEur: price === null ? null : e.late * price,
      }));
    const unmet = byPriority.reduce((sum, e) => sum + e.unmet, 0);
    const criticalUnmet = map.get(PRIORITY_WEIGHT.critical)?.unmet ?? 0;
    base.push({
      item: i,
      itemId: problem.items[i] as string,
      unit: problem.itemUnit?.[i] || null,
      unitPriceEur: price,
      byPriority,
      unmet,
      late: byPriority.reduce((sum, e) => sum + e.late, 0),
      unmetValueEur: price === null ? null : unmet * price,
      criticalUnmetValueEur: price === null ? null : criticalUnmet * price,
      criticalUnmet,
      dual: dual[i] as number,
    });
  }
  // Critical unmet EUR first; items without a price after priced ones, by critical unmet quantity.
  const weighted = (e: Omit<SendNextItem, 'oneMoreLot'>) =>
    e.byPriority.reduce((sum, p) => sum + p.weight * p.unmet, 0);
  base.sort(
    (a, b) =>
      (b.criticalUnmetValueEur ?? -1) - (a.criticalUnmetValueEur ?? -1) ||
      (b.unmetValueEur ?? -1) - (a.unmetValueEur ?? -1) ||
      b.criticalUnmet - a.criticalUnmet ||
      weighted(b) - weighted(a) ||
      a.item - b.item,
  );

  const bundledItems = new Set<number>();
  for (const bundle of problem.bundles) {
    bundledItems.add(needs.item[bundle.leadNeed] as number);
    for (const m of bundle.members) bundledItems.add(needs.item[m.need] as number);
  }
  const lastWeek = problem.horizon + problem.lateness - 1;
  const weeks = [...new Set(options.weeks ?? DEFAULT_WEEKS)]
    .filter((w) => Number.isInteger(w) && w >= 0 && w <= lastWeek)
    .sort((a, b) => a - b);
  const effectsFor = options.effectsFor ?? 10;
  const requests: EffectRequest[] = [];
  base.forEach((entry, rank) => {
    if (rank >= effectsFor || bundledItems.has(entry.item) || weeks.length === 0) return;
    const quantity = options.lotQuantity?.(entry.item) ?? typicalLot(problem, entry.item);
    requests.push({
      rank,
      quantity,
      price: priceOf(entry.item),
      problems: [
        itemProblem(problem, entry.item),
        ...weeks.map((week) => itemProblem(problem, entry.item, { week, quantity })),
      ],
    });
  });
  return { base, weeks, requests };
}

/** The ranking with each request's lot effects, from the outcomes of its problems (same order). */
function withEffects(ranked: Ranked, outcomes: readonly (readonly ItemOutcome[])[]): SendNextItem[] {
  const effects = new Map<number, LotEffect[]>();
  ranked.requests.forEach((request, r) => {
    const [without, ...withLot] = outcomes[r] as readonly ItemOutcome[];
    effects.set(
      request.rank,
      ranked.weeks.map((week, w) =>
        lotEffect(without as ItemOutcome, withLot[w] as ItemOutcome, request, week),
      ),
    );
  });
  return ranked.base.map((entry, rank) => ({ ...entry, oneMoreLot: effects.get(rank) ?? [] }));
}

/** The median quantity of the item's lots, at least 1 (1 when the item has no lot). */
export function typicalLot(problem: PlanningProblem, item: number): number {
  const sizes: number[] = [];
  for (let s = 0; s < problem.lots.count; s++) {
    if (problem.lots.item[s] === item) sizes.push(problem.lots.quantity[s] as number);
  }
  if (sizes.length === 0) return 1;
  sizes.sort((a, b) => a - b);
  return Math.max(1, sizes[Math.floor((sizes.length - 1) / 2)] as number);
}

/**
 * The item's own problem (its lots and needs, no bundles) with an extra hub, "send-next", whose
 * lead time and transport cost to every region are 0, and optionally one lot there in `week`.
 */
export function itemProblem(
  problem: PlanningProblem,
  item: number,
  extra?: { readonly week: number; readonly quantity: number },
): PlanningProblem {
  const { lots, needs } = problem;
  const lotIndex: number[] = [];
  for (let s = 0; s < lots.count; s++) if (lots.item[s] === item) lotIndex.push(s);
  const needIndex: number[] = [];
  for (let d = 0; d < needs.count; d++) if (needs.item[d] === item) needIndex.push(d);
  const R = problem.regions.length;
  const H = problem.hubs.length;
  const widen = <T extends Int32Array | Float64Array>(table: T, make: (n: number) => T): T => {
    const out = make((H + 1) * R);
    out.set(table);
    return out;
  };
  const extraHub = H;
  const S = lotIndex.length + (extra ? 1 : 0);
  const lotItem = new Int32Array(S);
  const quantity = new Float64Array(S);
  const available = new Int32Array(S);
  const hub = new Int32Array(S);
  lotIndex.forEach((s, k) => {
    quantity[k] = lots.quantity[s] as number;
    available[k] = lots.available[s] as number;
    hub[k] = lots.hub[s] as number;
  });
  if (extra) {
    quantity[S - 1] = extra.quantity;
    available[S - 1] = extra.week;
    hub[S - 1] = extraHub;
  }
  const pick = <T extends Int32Array | Float64Array>(array: T): T =>
    array.constructor === Int32Array
      ? (Int32Array.from(needIndex, (d) => array[d] as number) as T)
      : (Float64Array.from(needIndex, (d) => array[d] as number) as T);
  return {
    horizon: problem.horizon,
    lateness: problem.lateness,
    weights: problem.weights,
    items: [problem.items[item] as string],
    hubs: [...problem.hubs, 'send-next'],
    regions: problem.regions,
    leadTime: widen(problem.leadTime, (n) => new Int32Array(n)),
    ...(problem.transportCost
      ? { transportCost: widen(problem.transportCost, (n) => new Float64Array(n)) }
      : {}),
    lots: {
      count: S,
      id: [...lotIndex.map((s) => lots.id[s] as string), ...(extra ? ['send-next'] : [])],
      item: lotItem,
      quantity,
      available,
      hub,
    },
    needs: {
      count: needIndex.length,
      id: needIndex.map((d) => needs.id[d] as string),
      item: new Int32Array(needIndex.length),
      quantity: pick(needs.quantity),
      priority: pick(needs.priority),
      due: pick(needs.due),
      region: pick(needs.region),
      ...(needs.usefulUntil ? { usefulUntil: pick(needs.usefulUntil) } : {}),
    },
    bundles: [],
  };
}

interface ItemOutcome {
  readonly objective: number;
  /** Unmet by priority weight. */
  readonly unmet: Map<number, number>;
  readonly lateWeeks: number;
}

/** A problem's optimum solved here; a network where nothing can move leaves every need unmet. */
function outcomeAlone(problem: PlanningProblem): ItemOutcome {
  const arcs = buildArcs(problem);
  if (arcs.count > 0) return outcomeOf(problem, solveNetworkSimplex(problem));
  const unmet = new Map<number, number>();
  for (let d = 0; d < problem.needs.count; d++) {
    const w = problem.needs.priority[d] as number;
    unmet.set(w, (unmet.get(w) ?? 0) + (problem.needs.quantity[d] as number));
  }
  const all = Float64Array.from(problem.needs.quantity);
  return { objective: evaluateObjective(problem, arcs, new Float64Array(0), all), unmet, lateWeeks: 0 };
}

function outcomeOf(problem: PlanningProblem, solution: Solution): ItemOutcome {
  const unmet = new Map<number, number>();
  for (let d = 0; d < problem.needs.count; d++) {
    const w = problem.needs.priority[d] as number;
    unmet.set(w, (unmet.get(w) ?? 0) + (solution.unmet[d] as number));
  }
  let lateWeeks = 0;
  const { arcs, flow } = solution;
  for (let a = 0; a < arcs.count; a++) lateWeeks += (flow[a] as number) * (arcs.lateness[a] as number);
  return { objective: solution.objective, unmet, lateWeeks };
}

function lotEffect(
  without: ItemOutcome,
  withLot: ItemOutcome,
  request: EffectRequest,
  week: number,
): LotEffect {
  const served = [...without.unmet.entries()]
    .map(([weight, before]) => ({
      priority: priorityName(weight),
      weight,
      quantity: before - (withLot.unmet.get(weight) ?? 0),
    }))
    .filter((e) => e.quantity > EPS)
    .sort((a, b) => b.weight - a.weight);
  const servedQuantity = served.reduce((sum, e) => sum + e.quantity, 0);
  return {
    week,
    quantity: request.quantity,
    served,
    servedQuantity,
    lateWeeksSaved: without.lateWeeks - withLot.lateWeeks,
    objectiveSaved: without.objective - withLot.objective,
    servedValueEur: request.price === null ? null : servedQuantity * request.price,
  };
}
