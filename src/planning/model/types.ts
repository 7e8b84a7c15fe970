/**
 * The allocation model as plain typed arrays (see shared/reference/planner-model.md, mirrored in
 * docs/planner-model.md). Indexes, not ids, on the hot path: lot `s`, need `d`, arc `a`, hub `h`,
 * region `g`, week `w` (0 = the plan's first ISO week). Ids are kept beside the arrays for results.
 *
 * This file is the contract between the model builders (database snapshot, benchmark generator,
 * what-if scenarios), the solvers (network algorithm, HiGHS, greedy) and the exporters (MPS/LP).
 * Add fields freely; never rename one without changing every user.
 */

/** Objective weights; must keep `unmet > late * lateness + max cost` (meeting late beats not meeting). */
export interface Weights {
  readonly unmet: number; // M_unmet, default 1000
  readonly late: number; // M_late per week, default 10
  readonly cost: number; // M_cost, default 1
}

export const DEFAULT_WEIGHTS: Weights = { unmet: 1000, late: 10, cost: 1 };
export const DEFAULT_HORIZON = 26;
export const DEFAULT_LATENESS = 4;
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
  readonly due: Int32Array; // u_d, week (may be < 0: already past due)
  readonly region: Int32Array; // g_d
}

/** Members of a bundle must be delivered in ratio with what is delivered to its lead need. */
export interface Bundle {
  readonly leadNeed: number; // d₀
  readonly members: readonly { readonly need: number; readonly ratio: number }[]; // d_j, r_{b,j}
}

export interface PlanningProblem {
  readonly horizon: number; // H weeks
  readonly lateness: number; // Λ, allowed lateness in weeks
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
}

/** The arcs (s, d) of a problem: same item and a_s + L(h_s, g_d) ≤ u_d + Λ. */
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
