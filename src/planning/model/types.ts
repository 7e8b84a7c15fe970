/**
 * The allocation model as plain typed arrays (see shared/reference/planner-model.md, mirrored in
 * docs/planner-model.md). Indexes, not ids, on the hot path: lot `s`, need `d`, arc `a`, hub `h`,
 * region `g`, week `w` (0 = the plan's first ISO week). Ids are kept beside the arrays for results.
 *
 * This file is the contract between the model builders (database snapshot, benchmark generator,
 * what-if scenarios), the solvers (network algorithm, HiGHS, greedy) and the exporters (MPS/LP).
 * Add fields freely; never rename one without changing every user.
 */

/**
 * Objective weights, any `unmet > 0`, `late ≥ 0`, `cost ≥ 0` (model v2): an unmet unit is priced as
 * a delivery later than any the plan can make plus `unmet · p_d`, so meeting a need, however late,
 * always beats not meeting it, whatever the weights (see {@link validateWeights}).
 */
export interface Weights {
  readonly unmet: number; // M_unmet, default 1000
  readonly late: number; // M_late per week late, default 10
  readonly cost: number; // M_cost, default 1
}

export const DEFAULT_WEIGHTS: Weights = { unmet: 1000, late: 10, cost: 1 };
export const DEFAULT_HORIZON = 26;
/** Λ: weeks beyond the horizon a delivery may still arrive and be planned (how far to look, model v2). */
export const DEFAULT_LATENESS = 4;
/** `usefulUntil` of a need that stays useful however late it is served. */
export const USEFUL_FOREVER = 0x7fffffff;

/** Largest ratio of another weight to `unmet` the solvers resolve exactly (see validateWeights). */
export const MAX_WEIGHT_RATIO = 1e9;

/**
 * Weights the model accepts: finite, `unmet > 0`, `late ≥ 0`, `cost ≥ 0`, and no weight more than
 * {@link MAX_WEIGHT_RATIO} times `unmet`; one message per field otherwise.
 */
export function validateWeights(weights: Weights): { field: keyof Weights; message: string }[] {
  const problems: { field: keyof Weights; message: string }[] = [];
  const check = (field: keyof Weights, positive: boolean) => {
    const v = weights[field];
    if (!Number.isFinite(v) || (positive ? !(v > 0) : !(v >= 0))) {
      problems.push({ field, message: `must be a finite number ${positive ? '> 0' : '≥ 0'}` });
    }
  };
  check('unmet', true);
  check('late', false);
  check('cost', false);
  // Beyond 10⁹ between weights, the unmet premium drowns in floating-point rounding of the others.
  const largest = Math.max(weights.unmet, weights.late, weights.cost);
  if (problems.length === 0 && largest / weights.unmet > MAX_WEIGHT_RATIO) {
    problems.push({
      field: 'unmet',
      message: `must be at least 1/${MAX_WEIGHT_RATIO} of the largest weight`,
    });
  }
  return problems;
}
/** Priority weights p_d by need priority. */
export const PRIORITY_WEIGHT = { critical: 8, high: 4, medium: 2, low: 1 } as const;

export interface Lots {
  readonly count: number;
  readonly id: readonly string[]; // pledge id (or generator label); a pledge may give several lots
  readonly item: Int32Array; // item index
  readonly quantity: Float64Array; // q_s ≥ 0, after accepted allocations are removed
  readonly available: Int32Array; // a_s, week the lot can leave its hub (may be < 0: already there)
  readonly hub: Int32Array; // h_s
}

export interface Needs {
  readonly count: number;
  readonly id: readonly string[]; // need id
  readonly item: Int32Array; // item index
  readonly quantity: Float64Array; // n_d ≥ 0, after accepted allocations are removed
  readonly priority: Float64Array; // p_d (8, 4, 2, 1 by default)
  readonly due: Int32Array; // u_d, week (may be < 0: already past due; lateness counts from it)
  readonly region: Int32Array; // g_d
  /**
   * U_d, the last week a delivery is still of use (winter equipment after winter); absent, or
   * {@link USEFUL_FOREVER} for a need: useful however late. A need stays a need after its due week.
   */
  readonly usefulUntil?: Int32Array;
}

/** Members of a bundle must be delivered in ratio with what is delivered to its lead need. */
export interface Bundle {
  readonly leadNeed: number; // d₀
  readonly members: readonly { readonly need: number; readonly ratio: number }[]; // d_j, r_{b,j}
}

export interface PlanningProblem {
  readonly horizon: number; // H weeks
  /** Λ: deliveries may arrive up to week H + Λ − 1 (how far to look, not when to give up on a need). */
  readonly lateness: number;
  readonly weights: Weights;
  readonly items: readonly string[]; // item ids by index
  readonly hubs: readonly string[]; // hub labels by index
  readonly regions: readonly string[]; // region ids/codes by index
  /** L(h, g) in whole weeks, row-major [h * regions.length + g]. */
  readonly leadTime: Int32Array;
  /** c per unit for (h, g); when absent, the lead time is the cost (the model's default). */
  readonly transportCost?: Float64Array;
  readonly lots: Lots;
  readonly needs: Needs;
  readonly bundles: readonly Bundle[];
  /** EUR per unit of each item (NaN: no price known); for "send next", never in the objective. */
  readonly itemPrice?: Float64Array;
  /** Unit of measure of each item ('pcs', 'kg', …); for "send next". */
  readonly itemUnit?: readonly string[];
}

/** The arcs (s, d) of a problem: same item and t_sd ≤ min(H + Λ − 1, U_d) (model v2). */
export interface Arcs {
  readonly count: number;
  readonly lot: Int32Array;
  readonly need: Int32Array;
  readonly arrival: Int32Array; // t_sd = max(a_s + L, 0)
  readonly lateness: Int32Array; // ℓ_sd = max(0, t_sd − u_d)
  /** Objective coefficient per unit: M_late · p_d · ℓ_sd + M_cost · c_sd. */
  readonly unitCost: Float64Array;
}

export type SolveStatus = 'optimal' | 'cancelled' | 'error';

export interface Solution {
  readonly status: SolveStatus;
  readonly method: 'network' | 'highs' | 'greedy';
  /** The model's objective: Σ M_unmet p_d y_d + Σ unitCost_a x_a. */
  readonly objective: number;
  readonly arcs: Arcs;
  readonly flow: Float64Array; // x_a per arc
  readonly unmet: Float64Array; // y_d per need
  /**
   * Per lot, the dual value of its supply constraint: how much the objective would fall with one
   * more unit in that lot (≥ 0; 0 when the lot is not used up). Not defined for greedy (zeros).
   */
  readonly lotDual: Float64Array;
  readonly timings: { readonly buildMs: number; readonly solveMs: number };
}

/** A solver of the whole model or of one independent part of it. */
export interface Solver {
  readonly name: Solution['method'];
  solve(problem: PlanningProblem, options?: { readonly signal?: AbortSignal }): Promise<Solution>;
}
