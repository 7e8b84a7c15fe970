/**
 * One entry point to solve one component with a chosen method. Pure (no database, no I/O), so a
 * worker thread can run it on a component it received as plain data.
 */
import { buildArcs, unmetCost } from '../model/arcs.js';
import type { PlanningProblem, Solution } from '../model/types.js';
import { solveGreedy } from './greedy.js';
import { solveHighs } from './highs.js';
import { solveNetworkSimplex } from './network-simplex.js';

export type SolveMethod = 'auto' | 'network' | 'highs' | 'greedy';

/** The method 'auto' stands for: the min-cost flow unless bundles need the general LP. */
export function chooseMethod(problem: PlanningProblem, method: SolveMethod): Solution['method'] {
  if (method !== 'auto') return method;
  return problem.bundles.length === 0 ? 'network' : 'highs';
}

/**
 * The solution of a problem with no lots or no needs: nothing can move, every need is unmet. Solving
 * it would only cost a solver call (or, for HiGHS, an empty model).
 */
export function trivialSolution(problem: PlanningProblem, method: Solution['method']): Solution {
  const started = performance.now();
  const arcs = buildArcs(problem);
  if (arcs.count > 0) throw new Error('trivialSolution: the problem has arcs');
  const unmet = Float64Array.from(problem.needs.quantity);
  let objective = 0;
  for (let d = 0; d < problem.needs.count; d++) {
    objective += unmetCost(problem, d) * unmet[d]!;
  }
  return {
    status: 'optimal',
    method,
    objective,
    arcs,
    flow: new Float64Array(0),
    unmet,
    lotDual: new Float64Array(problem.lots.count),
    timings: { buildMs: performance.now() - started, solveMs: 0 },
  };
}

/** Solves one component (or a whole problem) with the given method; 'auto' picks per {@link chooseMethod}. */
export async function solveComponent(
  problem: PlanningProblem,
  method: SolveMethod = 'auto',
  signal?: AbortSignal,
): Promise<Solution> {
  const chosen = chooseMethod(problem, method);
  if (problem.lots.count === 0 || problem.needs.count === 0) return trivialSolution(problem, chosen);
  switch (chosen) {
    case 'network':
      return solveNetworkSimplex(problem, signal);
    case 'highs':
      return solveHighs(problem, signal);
    case 'greedy':
      return solveGreedy(problem);
  }
}
