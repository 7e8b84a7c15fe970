/**
 * HiGHS (WebAssembly) as a solver of the allocation model: the adapter that keeps the `highs`
 * package out of every other file. It solves any component, bundles included, from the LP text of
 * lp-format.ts, and solves generic LPs read back from MPS for the export cross-check.
 */
import highsPackage, { type Highs } from 'highs';
import { buildArcs, unmetCost } from '../model/arcs.js';
import { arcName, formatLp, modelLayout } from '../model/lp-format.js';
import type { SparseLp } from '../model/mps.js';
import type { PlanningProblem, Solution, Solver } from '../model/types.js';

// The package's types describe its CommonJS build; Node loads the ESM build, whose default export is the loader.
const loadHighs = highsPackage as unknown as typeof highsPackage.default;

let loading: Promise<Highs> | undefined;

/** The WebAssembly module, loaded once per thread; a failed load is retried on the next call. */
export function loadHighsModule(): Promise<Highs> {
  loading ??= loadHighs().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

const QUIET = { output_flag: false } as const;

/** Solves the model of `problem` with HiGHS; lot duals are minus the supply rows' duals (saving ≥ 0). */
export async function solveHighs(problem: PlanningProblem, signal?: AbortSignal): Promise<Solution> {
  const highs = await loadHighsModule();
  const started = performance.now();
  const arcs = buildArcs(problem);
  const layout = modelLayout(problem, arcs);
  const text = formatLp(problem, layout);
  const built = performance.now();
  const flow = new Float64Array(arcs.count);
  const unmet = new Float64Array(problem.needs.count);
  const lotDual = new Float64Array(problem.lots.count);
  if (signal?.aborted) {
    unmet.set(problem.needs.quantity);
    return cancelled(problem, arcs, flow, unmet, lotDual, built - started);
  }
  if (problem.needs.count === 0) {
    return {
      status: 'optimal',
      method: 'highs',
      objective: 0,
      arcs,
      flow,
      unmet,
      lotDual,
      timings: { buildMs: built - started, solveMs: 0 },
    };
  }
  const result = highs.solve(text, QUIET);
  if (result.Status !== 'Optimal') {
    throw new Error(
      `HiGHS ended with status '${result.Status}' on a model that is always feasible and bounded`,
    );
  }
  const columns = result.Columns;
  for (let a = 0; a < arcs.count; a++) {
    const column = columns[arcName(arcs, a)];
    if (!column) throw new Error(`HiGHS result lacks column ${arcName(arcs, a)}`);
    flow[a] = Math.max(0, column.Primal);
  }
  for (let d = 0; d < problem.needs.count; d++) {
    const column = columns[`y_${d}`];
    if (!column) throw new Error(`HiGHS result lacks column y_${d}`);
    unmet[d] = Math.max(0, column.Primal);
  }
  for (const row of result.Rows) {
    if (!('Name' in row) || !row.Name.startsWith('sup_')) continue;
    // HiGHS reports d(objective)/d(rhs), ≤ 0 for a binding supply row of a minimisation.
    const saving = -row.Dual;
    lotDual[Number(row.Name.slice(4))] = Math.max(saving, 0);
  }
  return {
    status: 'optimal',
    method: 'highs',
    objective: result.ObjectiveValue,
    arcs,
    flow,
    unmet,
    lotDual,
    timings: { buildMs: built - started, solveMs: performance.now() - built },
  };
}

function cancelled(
  problem: PlanningProblem,
  arcs: Solution['arcs'],
  flow: Float64Array,
  unmet: Float64Array,
  lotDual: Float64Array,
  buildMs: number,
): Solution {
  let objective = 0;
  for (let d = 0; d < problem.needs.count; d++) objective += unmetCost(problem, d) * unmet[d]!;
  return {
    status: 'cancelled',
    method: 'highs',
    objective,
    arcs,
    flow,
    unmet,
    lotDual,
    timings: { buildMs, solveMs: 0 },
  };
}

/** The 'highs' solver: any component, bundles included. */
export const highsSolver: Solver = {
  name: 'highs',
  solve: (problem, options) => solveHighs(problem, options?.signal),
};

export interface SparseLpResult {
  readonly status: string;
  /** Objective including the offset, in the LP's own sense. */
  readonly objective: number;
  readonly colValue: Float64Array;
  readonly rowDual: Float64Array;
}

/** Solves a generic LP (as read from MPS) through HiGHS' array interface, independent of the LP text path. */
export async function solveSparseLp(lp: SparseLp): Promise<SparseLpResult> {
  const highs = await loadHighsModule();
  const { objectiveSense } = highs.constants;
  return highs.withModel(
    {
      numCols: lp.colNames.length,
      numRows: lp.rowNames.length,
      sense: lp.sense === 'maximize' ? objectiveSense.maximize : objectiveSense.minimize,
      offset: lp.offset,
      colCost: lp.colCost,
      colLower: lp.colLower,
      colUpper: lp.colUpper,
      rowLower: lp.rowLower,
      rowUpper: lp.rowUpper,
      matrix: {
        format: 'csc',
        numRows: lp.rowNames.length,
        numCols: lp.colNames.length,
        starts: lp.colStart,
        indices: lp.rowIndex,
        values: lp.value,
      },
    },
    (model) => {
      model.options.set(QUIET);
      model.run();
      const status = model.getModelStatus();
      const { modelStatus } = highs.constants;
      if (status === modelStatus.empty) {
        // No rows and no columns: HiGHS keeps no solution, the optimum is the constant.
        return {
          status: 'optimal',
          objective: lp.offset,
          colValue: new Float64Array(0),
          rowDual: new Float64Array(0),
        };
      }
      if (status !== modelStatus.optimal) {
        return {
          status: `status ${status}`,
          objective: Number.NaN,
          colValue: new Float64Array(0),
          rowDual: new Float64Array(0),
        };
      }
      const solution = model.getSolution();
      return {
        status: 'optimal',
        objective: model.getObjectiveValue(),
        colValue: solution.colValue,
        rowDual: solution.rowDual,
      };
    },
  );
}
