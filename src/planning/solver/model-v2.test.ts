/**
 * Model v2, hand-solved (planner-model.md): a need stays a need after its due week until its
 * useful-until week; lateness counts from the due week, so the longest overdue is served first;
 * an unmet unit always costs more than any delivery to the same need, whatever the weights.
 * Defaults: M_unmet 1000, M_late 10, M_cost 1, H = 26, Λ = 4 (last arrival week 29); transport
 * cost = lead time, so c̄ (the dearest transport to kharkiv) is 2.
 */
import { describe, expect, it } from 'vitest';
import { buildArcs, checkSolution, makeProblem, type ProblemRows, unmetCost } from '../model/arcs.js';
import { generateProblem } from '../model/generate.js';
import { type PlanningProblem, type Solution, validateWeights, type Weights } from '../model/types.js';
import { solveHighs } from './highs.js';
import { solveNetwork } from './network.js';

const base = {
  items: ['stoves'],
  hubs: ['rzeszow', 'suceava'],
  regions: ['kharkiv'],
  leadTime: [[1], [2]],
} satisfies Partial<ProblemRows>;

function flows(solution: Solution): Record<string, number> {
  const out: Record<string, number> = {};
  for (let a = 0; a < solution.arcs.count; a++) {
    if (solution.flow[a]! > 1e-9) out[`${solution.arcs.lot[a]}→${solution.arcs.need[a]}`] = solution.flow[a]!;
  }
  return out;
}

async function bothSolve(problem: PlanningProblem): Promise<Solution[]> {
  const solutions = [solveNetwork(problem), await solveHighs(problem)];
  for (const s of solutions) {
    expect(s.status).toBe('optimal');
    expect(checkSolution(problem, s.arcs, s.flow, s.unmet).violations).toEqual([]);
  }
  return solutions;
}

describe('model v2, hand-solved', () => {
  it('serves an overdue critical need late rather than a later critical one', async () => {
    // One lot of 5 arrives week 1. Need 0 (critical) was due week −3 and wants 5; need 1 (critical)
    // is due week 10 and wants 5.
    // Serve need 0: 4 weeks late, 5 × (10·8·4 + 1) = 1605; need 1 unmet 5 × (8·(1000 + 10·20) + 2)
    // = 48 010; total 49 615.
    // Serve need 1: on time, 5 × 1 = 5; need 0 unmet 5 × (8·(1000 + 10·33) + 2) = 53 210; 53 215.
    const problem = makeProblem({
      ...base,
      lots: [{ item: 0, quantity: 5, available: 0, hub: 0 }],
      needs: [
        { item: 0, quantity: 5, priority: 8, due: -3, region: 0 },
        { item: 0, quantity: 5, priority: 8, due: 10, region: 0 },
      ],
    });
    for (const s of await bothSolve(problem)) {
      expect(s.objective).toBeCloseTo(49_615, 6);
      expect(flows(s)).toEqual({ '0→0': 5 });
      expect(Array.from(s.unmet)).toEqual([0, 5]);
    }
  });

  it('respects useful_until: no delivery after it, and the need is served when the lot comes in time', async () => {
    // A lot of 5 leaves rzeszow week 5, arrives week 6. Need 0 (critical, due 2, wants 3) is of use
    // until week U; need 1 (low, due 10, wants 5) is on time with it.
    const rows = (usefulUntil: number) =>
      makeProblem({
        ...base,
        lots: [{ item: 0, quantity: 5, available: 5, hub: 0 }],
        needs: [
          { item: 0, quantity: 3, priority: 8, due: 2, region: 0, usefulUntil },
          { item: 0, quantity: 5, priority: 1, due: 10, region: 0 },
        ],
      });
    // U = 4: arrival 6 > 4, no arc to need 0; it is unmet at 8·(1000 + 10·(5 − 2)) + 2 = 8242 per
    // unit; need 1 gets all 5 on time: 3·8242 + 5 = 24 731.
    const winterOver = rows(4);
    expect(Array.from(buildArcs(winterOver).need)).toEqual([1]);
    for (const s of await bothSolve(winterOver)) {
      expect(s.objective).toBeCloseTo(24_731, 6);
      expect(flows(s)).toEqual({ '0→1': 5 });
      expect(Array.from(s.unmet)).toEqual([3, 0]);
    }
    // U = 6: need 0 gets 3, 4 weeks late (10·8·4 + 1 = 321 each), need 1 the other 2 and is short 3
    // at 1·(1000 + 10·20) + 2 = 1202: 963 + 2 + 3606 = 4571.
    for (const s of await bothSolve(rows(6))) {
      expect(s.objective).toBeCloseTo(4571, 6);
      expect(flows(s)).toEqual({ '0→0': 3, '0→1': 2 });
      expect(Array.from(s.unmet)).toEqual([0, 3]);
    }
  });

  it('charges unmet more than the latest delivery of the same priority (hand figures)', () => {
    // Critical need due week 0: the latest arc arrives week 29, 29 weeks late: 10·8·29 + 2 = 2322;
    // unmet: 8·(1000 + 10·30) + 2 = 10 402.
    const problem = makeProblem({
      ...base,
      lots: [{ item: 0, quantity: 1, available: 27, hub: 1 }],
      needs: [{ item: 0, quantity: 1, priority: 8, due: 0, region: 0 }],
    });
    expect(Array.from(buildArcs(problem).unitCost)).toEqual([2322]);
    expect(unmetCost(problem, 0)).toBe(10_402);
  });
});

describe('unmet always costs more than any lateness, across the range of weights', () => {
  // Weights from 10⁻³ to 10⁶ (late and cost also 0; the model refuses ratios beyond 10⁹), on
  // generated instances with overdue needs and several Λ: every arc costs less than leaving its
  // need unmet, and in the optimum no need is short while a lot that reaches it has quantity left.
  const magnitudes = [0, 1e-3, 1, 10, 1000, 1e6];
  const cases: Weights[] = [];
  for (const unmet of magnitudes.slice(1)) {
    for (const late of magnitudes) for (const cost of [0, 1, 1e6]) cases.push({ unmet, late, cost });
  }

  it('holds on every arc for every weight triple', () => {
    for (const lateness of [0, 4, 30]) {
      const generated = generateProblem({
        items: 3,
        lotsPerItem: 6,
        needsPerItem: 12,
        weeks: 26,
        regions: 3,
        hubs: 2,
        seed: 7 + lateness,
        lateness,
      });
      for (const weights of cases) {
        expect(validateWeights(weights)).toEqual([]);
        const problem = { ...generated, weights };
        const arcs = buildArcs(problem);
        for (let a = 0; a < arcs.count; a++) {
          expect(arcs.unitCost[a]!).toBeLessThan(unmetCost(problem, arcs.need[a]!));
        }
      }
    }
  });

  it('serves every need that a lot with quantity left can reach, for every weight triple', () => {
    const generated = generateProblem({
      items: 2,
      lotsPerItem: 5,
      needsPerItem: 10,
      weeks: 20,
      regions: 3,
      hubs: 2,
      seed: 11,
    });
    for (const weights of cases) {
      const problem = { ...generated, weights };
      const s = solveNetwork(problem);
      const used = new Float64Array(problem.lots.count);
      for (let a = 0; a < s.arcs.count; a++) used[s.arcs.lot[a]!]! += s.flow[a]!;
      for (let a = 0; a < s.arcs.count; a++) {
        const lot = s.arcs.lot[a]!;
        const need = s.arcs.need[a]!;
        const spare = problem.lots.quantity[lot]! - used[lot]!;
        const short = s.unmet[need]!;
        expect(Math.min(spare, short), `weights ${JSON.stringify(weights)} arc ${a}`).toBeLessThan(1e-6);
      }
    }
  });

  it('refuses weights the model cannot use', () => {
    expect(validateWeights({ unmet: 0, late: 1, cost: 1 }).map((p) => p.field)).toEqual(['unmet']);
    expect(validateWeights({ unmet: 1, late: -1, cost: Number.NaN }).map((p) => p.field)).toEqual([
      'late',
      'cost',
    ]);
    expect(validateWeights({ unmet: 1e-6, late: 0, cost: 1e6 }).map((p) => p.field)).toEqual(['unmet']);
  });
});
