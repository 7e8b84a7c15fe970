/**
 * Hand-solved instances: each expected allocation and objective is worked out in the comments from
 * the model v2 (planner-model.md) with the default weights M_unmet 1000, M_late 10, M_cost 1, H = 26,
 * Λ = 4. An unmet unit of a need due week u costs p (1000 + 10 ℓ̄) + c̄ with ℓ̄ = H + Λ − u = 30 − u
 * (no useful-until week) and c̄ the dearest transport to its region (here max(1, 2) = 2).
 */
import { describe, expect, it } from 'vitest';
import { checkSolution, makeProblem, type ProblemRows } from '../model/arcs.js';
import type { PlanningProblem, Solution } from '../model/types.js';
import { solveGreedy } from './greedy.js';
import { solveHighs } from './highs.js';
import { solveNetwork } from './network.js';
import { solveNetworkSimplex } from './network-simplex.js';
import { solveComponent } from './solve.js';

const base = {
  items: ['blankets'],
  hubs: ['rzeszow', 'suceava'],
  regions: ['kharkiv'],
  leadTime: [[1], [2]],
} satisfies Partial<ProblemRows>;

/** The allocation as "lot→need: quantity" for the non-zero flows, unmet as "need: quantity". */
function allocation(solution: Solution): { flows: Record<string, number>; unmet: Record<string, number> } {
  const flows: Record<string, number> = {};
  for (let a = 0; a < solution.arcs.count; a++) {
    if (solution.flow[a]! > 1e-9)
      flows[`${solution.arcs.lot[a]}→${solution.arcs.need[a]}`] = solution.flow[a]!;
  }
  const unmet: Record<string, number> = {};
  solution.unmet.forEach((y, d) => {
    if (y > 1e-9) unmet[d] = y;
  });
  return { flows, unmet };
}

function expectFeasible(problem: PlanningProblem, solution: Solution): void {
  const report = checkSolution(problem, solution.arcs, solution.flow, solution.unmet);
  expect(report.violations).toEqual([]);
}

/** Both network algorithms (when bundle-free) and HiGHS must find the expected optimum. */
async function expectOptimum(
  problem: PlanningProblem,
  objective: number,
  flows: Record<string, number>,
  unmet: Record<string, number>,
): Promise<Solution[]> {
  const solutions = [await solveHighs(problem)];
  if (problem.bundles.length === 0) solutions.push(solveNetwork(problem), solveNetworkSimplex(problem));
  for (const solution of solutions) {
    expectFeasible(problem, solution);
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBeCloseTo(objective, 6);
    expect(allocation(solution)).toEqual({ flows, unmet });
  }
  return solutions;
}

describe('hand-solved instances', () => {
  it('gives a scarce lot to the critical need, and its dual is the saving of one more unit', async () => {
    // One lot of 10 (hub rzeszow, L = 1, arrives week 1, on time: unit cost 1). Need 0 critical
    // (p 8) wants 6, need 1 low (p 1) wants 10. Critical first: x_00 = 6, x_01 = 4, y_1 = 6.
    // Unmet of need 1: 1·(1000 + 10·25) + 2 = 1252. Objective 10·1 + 1252·6 = 7522. One more unit
    // would go to need 1: saves 1252 − 1 = 1251.
    const rows = {
      ...base,
      lots: [{ item: 0, quantity: 10, available: 0, hub: 0 }],
      needs: [
        { item: 0, quantity: 6, priority: 8, due: 5, region: 0 },
        { item: 0, quantity: 10, priority: 1, due: 5, region: 0 },
      ],
    };
    const solutions = await expectOptimum(makeProblem(rows), 7522, { '0→0': 6, '0→1': 4 }, { 1: 6 });
    const more = makeProblem({ ...rows, lots: [{ item: 0, quantity: 11, available: 0, hub: 0 }] });
    const plusOne = solveNetwork(more).objective;
    expect(plusOne).toBe(11 + 5 * 1252);
    for (const solution of solutions) expect(solution.lotDual[0]).toBeCloseTo(7522 - plusOne, 9);
  });

  it('takes a late lot rather than none, and an on-time dearer lot when lateness costs more', async () => {
    // Transport cost: rzeszow 1, suceava 50 per unit. Lot 0 at rzeszow leaves week 4, arrives
    // week 5; lot 1 at suceava leaves week 0, arrives week 2. Need due week 2: lot 0 is 3 weeks late.
    const rows = (priority: number, lots: ProblemRows['lots']): PlanningProblem =>
      makeProblem({
        ...base,
        transportCost: [[1], [50]],
        lots,
        needs: [{ item: 0, quantity: 5, priority, due: 2, region: 0 }],
      });
    const late = { item: 0, quantity: 5, available: 4, hub: 0 };
    const onTime = { item: 0, quantity: 5, available: 0, hub: 1 };
    // Critical, only the late lot: 10·8·3 + 1 = 241 per unit beats 8000 unmet: 5 × 241 = 1205.
    await expectOptimum(rows(8, [late]), 1205, { '0→0': 5 }, {});
    // Critical, both: late 241 > on time 50 → 5 × 50 = 250 from lot 1.
    await expectOptimum(rows(8, [late, onTime]), 250, { '1→0': 5 }, {});
    // Low priority: late 10·1·3 + 1 = 31 < 50 → the late lot stays cheaper: 5 × 31 = 155.
    await expectOptimum(rows(1, [late, onTime]), 155, { '0→0': 5 }, {});
  });

  it('leaves everything unmet without supply: objective Σ unmetCost n', async () => {
    // Unmet per unit: critical 8·1250 + 2 = 10 002, medium 2·1250 + 2 = 2502; 3·10 002 + 4·2502 =
    // 40 014. The empty lot is scarce: one unit there would go to the critical need, saving
    // 10 002 − 1 = 10 001 (HiGHS may report any dual ≥ that, the row is degenerate).
    const problem = makeProblem({
      ...base,
      lots: [{ item: 0, quantity: 0, available: 0, hub: 0 }],
      needs: [
        { item: 0, quantity: 3, priority: 8, due: 5, region: 0 },
        { item: 0, quantity: 4, priority: 2, due: 5, region: 0 },
      ],
    });
    const [highs, network, simplex] = await expectOptimum(problem, 40_014, {}, { 0: 3, 1: 4 });
    expect(Array.from(network!.lotDual)).toEqual([10_001]);
    expect(Array.from(simplex!.lotDual)).toEqual([10_001]);
    expect(highs!.lotDual[0]).toBeGreaterThanOrEqual(10_001 - 1e-6);
  });

  it('serves a need long past due, and has no arc beyond the look window H + Λ', async () => {
    // Need 0 was due week −10: model v2 still serves it, arriving week 1, 11 weeks late:
    // 10·4·11 + 1 = 441 per unit, 882. Need 1 is due week 20 but the lead time from rzeszow is 30:
    // arrival 30 > H + Λ − 1 = 29, no arc. Unmet: 1·(1000 + 10·10) + 40 (c̄ to odesa) = 1140 per
    // unit, 3420. Objective 4302.
    const problem = makeProblem({
      ...base,
      leadTime: [
        [1, 30],
        [2, 40],
      ],
      regions: ['kharkiv', 'odesa'],
      lots: [{ item: 0, quantity: 10, available: 0, hub: 0 }],
      needs: [
        { item: 0, quantity: 2, priority: 4, due: -10, region: 0 },
        { item: 0, quantity: 3, priority: 1, due: 20, region: 1 },
      ],
    });
    const [highs, network] = await expectOptimum(problem, 4302, { '0→0': 2 }, { 1: 3 });
    expect(highs!.arcs.count).toBe(1);
    expect(network!.arcs.count).toBe(1);
    expect((await solveComponent(problem, 'auto')).objective).toBe(4302);
  });

  it('reduced quantities: zero lots and zero needs take part without effect, yet a zero lot can be scarce', async () => {
    // Lot 0 (rzeszow, cost 1) has 0 left, lot 1 (suceava, cost 2) has 5. Need 0 has 0 left, need 1
    // wants 5: x_11 = 5, objective 10. One unit more in lot 0 would replace one from lot 1: saves 1.
    const problem = makeProblem({
      ...base,
      lots: [
        { item: 0, quantity: 0, available: 0, hub: 0 },
        { item: 0, quantity: 5, available: 0, hub: 1 },
      ],
      needs: [
        { item: 0, quantity: 0, priority: 8, due: 5, region: 0 },
        { item: 0, quantity: 5, priority: 2, due: 5, region: 0 },
      ],
    });
    const [, network, simplex] = await expectOptimum(problem, 10, { '1→1': 5 }, {});
    expect(Array.from(network!.lotDual)).toEqual([1, 0]);
    expect(Array.from(simplex!.lotDual)).toEqual([1, 0]);
  });
});

describe('bundles', () => {
  const twoItems = { ...base, items: ['generator', 'fuel'] };

  it('gives the lead need nothing when a member item has no supply', async () => {
    // Generators (item 0): lot of 10, need 0 critical wants 10. Fuel (item 1): no lot, need 1 (p 1)
    // wants 10, ratio 1. x_fuel ≥ 1 · x_generator forces x_generator = 0:
    // objective 10·10 002 + 10·1252 = 112 540.
    const problem = makeProblem({
      ...twoItems,
      lots: [{ item: 0, quantity: 10, available: 0, hub: 0 }],
      needs: [
        { item: 0, quantity: 10, priority: 8, due: 5, region: 0 },
        { item: 1, quantity: 10, priority: 1, due: 5, region: 0 },
      ],
      bundles: [{ leadNeed: 0, members: [{ need: 1, ratio: 1 }] }],
    });
    await expectOptimum(problem, 112_540, {}, { 0: 10, 1: 10 });
    const greedy = solveGreedy(problem);
    expectFeasible(problem, greedy);
    expect(greedy.objective).toBe(112_540);
    expect(() => solveNetwork(problem)).toThrow(/bundle/);
    expect((await solveComponent(problem, 'auto')).method).toBe('highs');
  });

  it('delivers the lead in ratio with what its members can get', async () => {
    // Generators: lot 0 of 10, need 0 (p 4) wants 10. Fuel: lot 1 of 12, need 1 (p 1) wants 30,
    // ratio 2 (2 fuel per generator). Objective 5002(10 − x_g) + 1252(30 − x_f) + x_g + x_f with
    // x_g ≤ x_f / 2 and x_f ≤ 12 is least at x_f = 12, x_g = 6: 20 008 + 22 536 + 18 = 42 562.
    const problem = makeProblem({
      ...twoItems,
      lots: [
        { item: 0, quantity: 10, available: 0, hub: 0 },
        { item: 1, quantity: 12, available: 0, hub: 0 },
      ],
      needs: [
        { item: 0, quantity: 10, priority: 4, due: 5, region: 0 },
        { item: 1, quantity: 30, priority: 1, due: 5, region: 0 },
      ],
      bundles: [{ leadNeed: 0, members: [{ need: 1, ratio: 2 }] }],
    });
    await expectOptimum(problem, 42_562, { '0→0': 6, '1→1': 12 }, { 0: 4, 1: 18 });
    // Greedy serves the lead first, limited to 12 / 2 = 6, then fuel: the same allocation here.
    const greedy = solveGreedy(problem);
    expectFeasible(problem, greedy);
    expect(allocation(greedy)).toEqual({ flows: { '0→0': 6, '1→1': 12 }, unmet: { 0: 4, 1: 18 } });
  });
});

describe('greedy', () => {
  it('serves by priority, then due week, from the earliest arrival, and is beaten by the optimum', async () => {
    // Lots: 0 at rzeszow (arrives week 1, cost 1, 4 units), 1 at suceava (arrives week 2, cost 2,
    // 4 units). Need 0 (p 4, due 5, wants 4) is on time from both. Need 1 (p 2, due 1, wants 4) is
    // on time from rzeszow, one week late from suceava: 10·2·1 + 2 = 22 per unit.
    const problem = makeProblem({
      ...base,
      lots: [
        { item: 0, quantity: 4, available: 0, hub: 0 },
        { item: 0, quantity: 4, available: 0, hub: 1 },
      ],
      needs: [
        { item: 0, quantity: 4, priority: 4, due: 5, region: 0 },
        { item: 0, quantity: 4, priority: 2, due: 1, region: 0 },
      ],
    });
    // Greedy: need 0 (higher priority) takes lot 0 (earliest arrival); need 1 is left with lot 1,
    // one week late: 4 × 1 + 4 × 22 = 92. The optimum swaps them: 4 × 2 + 4 × 1 = 12.
    const greedy = solveGreedy(problem);
    expectFeasible(problem, greedy);
    expect(allocation(greedy).flows).toEqual({ '0→0': 4, '1→1': 4 });
    expect(greedy.objective).toBe(92);
    expect(solveNetwork(problem).objective).toBe(12);
    expect(Array.from(greedy.lotDual)).toEqual([0, 0]);
  });
});

describe('cancellation', () => {
  it('stops at once on an aborted signal with a feasible (all unmet) solution marked cancelled', async () => {
    const problem = makeProblem({
      ...base,
      lots: [{ item: 0, quantity: 10, available: 0, hub: 0 }],
      needs: [{ item: 0, quantity: 6, priority: 8, due: 5, region: 0 }],
    });
    const signal = AbortSignal.abort();
    for (const solution of [
      solveNetwork(problem, signal),
      solveNetworkSimplex(problem, signal),
      await solveHighs(problem, signal),
    ]) {
      expect(solution.status).toBe('cancelled');
      expectFeasible(problem, solution);
      expect(Array.from(solution.unmet)).toEqual([6]);
      expect(solution.objective).toBe(60_012); // 6 × (8·1250 + 2)
    }
    expect((await solveComponent(problem, 'network')).status).toBe('optimal');
  });
});
