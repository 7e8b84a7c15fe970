/**
 * Arcs of the allocation model, its objective and a feasibility check, exactly as
 * shared/reference/planner-model.md defines them. Every solver, exporter and cross-check goes
 * through these functions so that they cannot drift apart.
 */
import {
  type Arcs,
  type Bundle,
  DEFAULT_LATENESS,
  DEFAULT_WEIGHTS,
  type PlanningProblem,
  USEFUL_FOREVER,
  type Weights,
} from './types.js';

/** The last week a delivery may arrive and be planned: H + Λ − 1 (model v2, "how far to look"). */
export function lastArrivalWeek(problem: PlanningProblem): number {
  return problem.horizon + problem.lateness - 1;
}

/** The last week need d can be served: min(H + Λ − 1, U_d). */
export function lastServiceWeek(problem: PlanningProblem, d: number): number {
  const useful = problem.needs.usefulUntil?.[d] ?? USEFUL_FOREVER;
  return Math.min(lastArrivalWeek(problem), useful);
}

/** Index lists grouped by a key (CSR): members of key k are `order[start[k] .. start[k + 1])`, ascending. */
export interface Grouping {
  readonly start: Int32Array;
  readonly order: Int32Array;
}

/** Groups 0..n-1 by `key` with a counting sort, so each group keeps ascending order (stable arcs). */
export function groupByKey(key: Int32Array, n: number, keys: number): Grouping {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < n; i++) {
    const k = key[i]!;
    if (k < 0 || k >= keys) throw new RangeError(`key ${k} of element ${i} is outside 0..${keys - 1}`);
    start[k + 1]!++;
  }
  for (let k = 0; k < keys; k++) start[k + 1]! += start[k]!;
  const fill = start.slice(0, keys);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[key[i]!]!++] = i;
  return { start, order };
}

/**
 * The arcs (s, d): same item and t_sd = max(a_s + L(h_s, g_d), 0) ≤ min(H + Λ − 1, U_d) (model v2:
 * a need stays a need after its due week, until its useful-until week), sorted by lot then need, so
 * that the arcs of one lot are contiguous (solvers and the merge of components rely on it).
 */
export function buildArcs(problem: PlanningProblem): Arcs {
  const { lots, needs, leadTime, transportCost, weights } = problem;
  const regionCount = problem.regions.length;
  const lastArrival = lastArrivalWeek(problem);
  const useful = needs.usefulUntil;
  const lastOf = new Int32Array(needs.count);
  for (let d = 0; d < needs.count; d++) {
    lastOf[d] = useful === undefined ? lastArrival : Math.min(lastArrival, useful[d]!);
  }
  const byItem = groupByKey(needs.item, needs.count, problem.items.length);
  const { start, order } = byItem;

  // Two passes (count, then fill) keep memory exact even when one item has huge lot × need products.
  let count = 0;
  for (let s = 0; s < lots.count; s++) {
    const item = lots.item[s]!;
    const available = lots.available[s]!;
    const row = lots.hub[s]! * regionCount;
    for (let k = start[item]!, end = start[item + 1]!; k < end; k++) {
      const d = order[k]!;
      if (Math.max(available + leadTime[row + needs.region[d]!]!, 0) <= lastOf[d]!) count++;
    }
  }

  const lot = new Int32Array(count);
  const need = new Int32Array(count);
  const arrival = new Int32Array(count);
  const lateness = new Int32Array(count);
  const unitCost = new Float64Array(count);
  const late = weights.late;
  const costWeight = weights.cost;
  let a = 0;
  for (let s = 0; s < lots.count; s++) {
    const item = lots.item[s]!;
    const available = lots.available[s]!;
    const row = lots.hub[s]! * regionCount;
    for (let k = start[item]!, end = start[item + 1]!; k < end; k++) {
      const d = order[k]!;
      const lead = leadTime[row + needs.region[d]!]!;
      const due = needs.due[d]!;
      const t = Math.max(available + lead, 0);
      if (t > lastOf[d]!) continue;
      const l = t > due ? t - due : 0;
      const c = transportCost === undefined ? lead : transportCost[row + needs.region[d]!]!;
      lot[a] = s;
      need[a] = d;
      arrival[a] = t;
      lateness[a] = l;
      unitCost[a] = late * needs.priority[d]! * l + costWeight * c;
      a++;
    }
  }
  return { count, lot, need, arrival, lateness, unitCost };
}

/** Where each lot's arcs start (arcs are sorted by lot): lot s owns arcs `start[s] .. start[s + 1]`. */
export function arcStartsByLot(arcs: Arcs, lotCount: number): Int32Array {
  const start = new Int32Array(lotCount + 1);
  for (let a = 0; a < arcs.count; a++) start[arcs.lot[a]! + 1]!++;
  for (let s = 0; s < lotCount; s++) start[s + 1]! += start[s]!;
  return start;
}

/** The arcs of each need (CSR), for demand rows and need-by-need heuristics. */
export function arcsByNeed(arcs: Arcs, needCount: number): Grouping {
  return groupByKey(arcs.need, arcs.count, needCount);
}

/**
 * ℓ̄_d, the lateness an unmet unit of need d is priced at: max(0, min(U_d + 1, H + Λ) − u_d), one
 * week more than the latest delivery the plan could make to it.
 */
export function unmetLateness(problem: PlanningProblem, d: number): number {
  return Math.max(0, lastServiceWeek(problem, d) + 1 - problem.needs.due[d]!);
}

/** c̄_g: the largest transport cost from any hub to region g. */
export function maxTransportCost(problem: PlanningProblem, region: number): number {
  const regions = problem.regions.length;
  const table = problem.transportCost ?? problem.leadTime;
  let max = 0;
  for (let h = 0; h < problem.hubs.length; h++) max = Math.max(max, table[h * regions + region]!);
  return max;
}

/**
 * Cost per unit of need d left unmet (model v2): p_d · (M_unmet + M_late · ℓ̄_d) + M_cost · c̄_{g_d}.
 * Every arc of d costs M_late · p_d · ℓ_sd + M_cost · c_sd with ℓ_sd < ℓ̄_d and c_sd ≤ c̄, so for any
 * M_unmet > 0, M_late ≥ 0, M_cost ≥ 0 an unmet unit costs strictly more than any delivery to d.
 */
export function unmetCost(problem: PlanningProblem, d: number): number {
  const { weights, needs } = problem;
  const p = needs.priority[d]!;
  return (
    p * (weights.unmet + weights.late * unmetLateness(problem, d)) +
    weights.cost * maxTransportCost(problem, needs.region[d]!)
  );
}

/** {@link unmetCost} of every need, computed once per region for the transport part. */
export function unmetCosts(problem: PlanningProblem): Float64Array {
  const { weights, needs } = problem;
  const byRegion = Float64Array.from(problem.regions, (_, g) => maxTransportCost(problem, g));
  const out = new Float64Array(needs.count);
  for (let d = 0; d < needs.count; d++) {
    out[d] =
      needs.priority[d]! * (weights.unmet + weights.late * unmetLateness(problem, d)) +
      weights.cost * byRegion[needs.region[d]!]!;
  }
  return out;
}

/** The model's objective for given x and y, the one number every solver must agree on. */
export function evaluateObjective(
  problem: PlanningProblem,
  arcs: Arcs,
  flow: Float64Array,
  unmet: Float64Array,
): number {
  let z = 0;
  const u = unmetCosts(problem);
  for (let d = 0; d < problem.needs.count; d++) {
    const y = unmet[d]!;
    if (y !== 0) z += u[d]! * y;
  }
  const cost = arcs.unitCost;
  for (let a = 0; a < arcs.count; a++) {
    const x = flow[a]!;
    if (x !== 0) z += cost[a]! * x;
  }
  return z;
}

/** Figures a planning run reports besides its objective (planner-model.md, "What a run reports"). */
export interface SolutionSummary {
  readonly unmetWeighted: number; // Σ p_d y_d
  readonly unmetQuantity: number; // Σ y_d
  readonly lateWeighted: number; // Σ p_d ℓ_sd x_sd
  readonly allocatedQuantity: number; // Σ x_sd
}

/** Summarises a solution the way a run reports it, so every caller computes the figures alike. */
export function summarizeSolution(
  problem: PlanningProblem,
  arcs: Arcs,
  flow: Float64Array,
  unmet: Float64Array,
): SolutionSummary {
  const priority = problem.needs.priority;
  let unmetWeighted = 0;
  let unmetQuantity = 0;
  for (let d = 0; d < problem.needs.count; d++) {
    unmetWeighted += priority[d]! * unmet[d]!;
    unmetQuantity += unmet[d]!;
  }
  let lateWeighted = 0;
  let allocatedQuantity = 0;
  for (let a = 0; a < arcs.count; a++) {
    const x = flow[a]!;
    allocatedQuantity += x;
    if (x !== 0 && arcs.lateness[a]! > 0) lateWeighted += priority[arcs.need[a]!]! * arcs.lateness[a]! * x;
  }
  return { unmetWeighted, unmetQuantity, lateWeighted, allocatedQuantity };
}

export interface FeasibilityReport {
  readonly feasible: boolean;
  /** Largest violation found, in quantity units (0 when feasible within the tolerance). */
  readonly maxViolation: number;
  /** Human-readable violations, at most 20. */
  readonly violations: readonly string[];
}

/**
 * Checks supply, demand balance, bundles and non-negativity of x and y, each within
 * `tolerance · max(1, |right-hand side|)`, so tests and other solvers can trust a solution.
 */
export function checkSolution(
  problem: PlanningProblem,
  arcs: Arcs,
  flow: Float64Array,
  unmet: Float64Array,
  tolerance = 1e-6,
): FeasibilityReport {
  const violations: string[] = [];
  let maxViolation = 0;
  const report = (excess: number, scale: number, message: () => string): void => {
    if (!(excess <= tolerance * Math.max(1, Math.abs(scale)))) {
      if (violations.length < 20) violations.push(message());
      maxViolation = Math.max(maxViolation, Number.isNaN(excess) ? Number.POSITIVE_INFINITY : excess);
    }
  };
  const { lots, needs } = problem;
  if (flow.length !== arcs.count) violations.push(`flow has ${flow.length} entries for ${arcs.count} arcs`);
  if (unmet.length !== needs.count)
    violations.push(`unmet has ${unmet.length} entries for ${needs.count} needs`);
  if (violations.length > 0) return { feasible: false, maxViolation: Number.POSITIVE_INFINITY, violations };

  const used = new Float64Array(lots.count);
  const met = new Float64Array(needs.count);
  for (let a = 0; a < arcs.count; a++) {
    const x = flow[a]!;
    report(-x, 0, () => `x_${arcs.lot[a]}_${arcs.need[a]} = ${x} < 0`);
    used[arcs.lot[a]!]! += x;
    met[arcs.need[a]!]! += x;
  }
  for (let s = 0; s < lots.count; s++) {
    const q = lots.quantity[s]!;
    report(used[s]! - q, q, () => `lot ${s}: ships ${used[s]} > q = ${q}`);
  }
  for (let d = 0; d < needs.count; d++) {
    const y = unmet[d]!;
    const n = needs.quantity[d]!;
    report(-y, 0, () => `y_${d} = ${y} < 0`);
    report(Math.abs(met[d]! + y - n), n, () => `need ${d}: met ${met[d]} + unmet ${y} ≠ n = ${n}`);
  }
  problem.bundles.forEach((bundle: Bundle, b) => {
    const lead = met[bundle.leadNeed]!;
    bundle.members.forEach((member, j) => {
      const required = member.ratio * lead;
      report(required - met[member.need]!, required, () => {
        return `bundle ${b} member ${j}: need ${member.need} gets ${met[member.need]} < ${member.ratio} × ${lead}`;
      });
    });
  });
  return { feasible: violations.length === 0, maxViolation, violations };
}

/** Plain rows for {@link makeProblem}; every field of a lot or need is one number or label. */
export interface ProblemRows {
  readonly horizon?: number;
  readonly lateness?: number;
  readonly weights?: Weights;
  readonly items: readonly string[];
  readonly hubs: readonly string[];
  readonly regions: readonly string[];
  /** L(h, g) as rows by hub. */
  readonly leadTime: readonly (readonly number[])[];
  /** c(h, g) as rows by hub; absent: the lead time is the cost. */
  readonly transportCost?: readonly (readonly number[])[];
  readonly lots: readonly {
    readonly id?: string;
    readonly item: number;
    readonly quantity: number;
    readonly available: number;
    readonly hub: number;
  }[];
  readonly needs: readonly {
    readonly id?: string;
    readonly item: number;
    readonly quantity: number;
    readonly priority: number;
    readonly due: number;
    readonly region: number;
    /** Last week a delivery is of use; absent: useful however late. */
    readonly usefulUntil?: number;
  }[];
  readonly bundles?: readonly Bundle[];
  /** EUR per unit by item (NaN or absent: unknown). */
  readonly itemPrice?: readonly number[];
  readonly itemUnit?: readonly string[];
}

/** Builds the typed-array problem from readable rows, for tests and small what-if scenarios. */
export function makeProblem(rows: ProblemRows): PlanningProblem {
  const regionCount = rows.regions.length;
  const matrix = (table: readonly (readonly number[])[]): number[] => {
    if (table.length !== rows.hubs.length) throw new RangeError('one row per hub expected');
    return table.flatMap((row) => {
      if (row.length !== regionCount) throw new RangeError('one column per region expected');
      return row;
    });
  };
  return {
    horizon: rows.horizon ?? 26,
    lateness: rows.lateness ?? DEFAULT_LATENESS,
    weights: rows.weights ?? DEFAULT_WEIGHTS,
    items: rows.items,
    hubs: rows.hubs,
    regions: rows.regions,
    leadTime: Int32Array.from(matrix(rows.leadTime)),
    ...(rows.transportCost ? { transportCost: Float64Array.from(matrix(rows.transportCost)) } : {}),
    lots: {
      count: rows.lots.length,
      id: rows.lots.map((lot, s) => lot.id ?? `lot${s}`),
      item: Int32Array.from(rows.lots, (lot) => lot.item),
      quantity: Float64Array.from(rows.lots, (lot) => lot.quantity),
      available: Int32Array.from(rows.lots, (lot) => lot.available),
      hub: Int32Array.from(rows.lots, (lot) => lot.hub),
    },
    needs: {
      count: rows.needs.length,
      id: rows.needs.map((need, d) => need.id ?? `need${d}`),
      item: Int32Array.from(rows.needs, (need) => need.item),
      quantity: Float64Array.from(rows.needs, (need) => need.quantity),
      priority: Float64Array.from(rows.needs, (need) => need.priority),
      due: Int32Array.from(rows.needs, (need) => need.due),
      region: Int32Array.from(rows.needs, (need) => need.region),
      ...(rows.needs.some((need) => need.usefulUntil !== undefined)
        ? { usefulUntil: Int32Array.from(rows.needs, (need) => need.usefulUntil ?? USEFUL_FOREVER) }
        : {}),
    },
    bundles: rows.bundles ?? [],
    ...(rows.itemPrice ? { itemPrice: Float64Array.from(rows.itemPrice) } : {}),
    ...(rows.itemUnit ? { itemUnit: rows.itemUnit } : {}),
  };
}
