/**
 * The planner's item networks in the plain text format bench/lemon/network-simplex.cpp reads, so
 * LEMON solves exactly the min-cost flows our network solver does (bench only).
 *
 * Per bundle-free component: nodes lots 0..S−1, needs S..S+D−1, U = S+D (unmet) and Z = S+D+1 (unused
 * supply). Supplies: lot +q_s, need −n_d, U +Σn, Z −Σq. Arcs: lot → need (unbounded, unit cost),
 * U → need (cap n_d, unmet cost), lot → Z and U → Z (unbounded, cost 0). Its optimum is the model's.
 * Costs and quantities must be integers (the generated instances are).
 */
import { buildArcs, unmetCosts } from '../src/planning/model/arcs.js';
import type { PlanningProblem } from '../src/planning/model/types.js';

function integer(value: number, what: string): string {
  if (!Number.isInteger(value))
    throw new RangeError(`${what} ${value} is not an integer: LEMON runs on integers here`);
  return String(value);
}

/** Writes the components (each a PlanningProblem without bundles) as one LEMON instance. */
export function writeLemonInstance(
  components: readonly PlanningProblem[],
  write: (chunk: string) => void,
): void {
  write(`P ${components.length}\n`);
  for (const problem of components) {
    if (problem.bundles.length > 0) throw new Error('a component with bundles is not a min-cost flow');
    const arcs = buildArcs(problem);
    const unmet = unmetCosts(problem);
    const S = problem.lots.count;
    const D = problem.needs.count;
    const U = S + D;
    const Z = U + 1;
    const out: string[] = [`p ${S + D + 2} ${arcs.count + D + S + 1}\n`];
    let supply = 0;
    let demand = 0;
    for (let s = 0; s < S; s++) {
      const q = problem.lots.quantity[s]!;
      supply += q;
      if (q !== 0) out.push(`n ${s} ${integer(q, 'lot quantity')}\n`);
    }
    for (let d = 0; d < D; d++) {
      const n = problem.needs.quantity[d]!;
      demand += n;
      if (n !== 0) out.push(`n ${S + d} -${integer(n, 'need quantity')}\n`);
    }
    if (demand !== 0) out.push(`n ${U} ${demand}\n`);
    if (supply !== 0) out.push(`n ${Z} -${supply}\n`);
    for (let a = 0; a < arcs.count; a++) {
      out.push(`a ${arcs.lot[a]} ${S + arcs.need[a]!} -1 ${integer(arcs.unitCost[a]!, 'arc cost')}\n`);
    }
    for (let d = 0; d < D; d++) {
      out.push(
        `a ${U} ${S + d} ${integer(problem.needs.quantity[d]!, 'need')} ${integer(unmet[d]!, 'unmet cost')}\n`,
      );
    }
    for (let s = 0; s < S; s++) out.push(`a ${s} ${Z} -1 0\n`);
    out.push(`a ${U} ${Z} -1 0\n`);
    write(out.join(''));
  }
}
