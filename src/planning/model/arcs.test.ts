import { describe, expect, it } from 'vitest';
import {
  arcStartsByLot,
  buildArcs,
  checkSolution,
  evaluateObjective,
  makeProblem,
  summarizeSolution,
  unmetCost,
} from './arcs.js';

// Two items, two hubs, two regions. L(h, g): rzeszow → kharkiv 1, → odesa 3; suceava → kharkiv 2, → odesa 1.
const problem = makeProblem({
  lateness: 4,
  items: ['blankets', 'stoves'],
  hubs: ['rzeszow', 'suceava'],
  regions: ['kharkiv', 'odesa'],
  leadTime: [
    [1, 3],
    [2, 1],
  ],
  lots: [
    { item: 0, quantity: 10, available: -3, hub: 0 }, // already at the hub three weeks ago
    { item: 1, quantity: 5, available: 2, hub: 1 },
    { item: 0, quantity: 7, available: 6, hub: 1 },
  ],
  needs: [
    { item: 0, quantity: 4, priority: 8, due: -2, region: 0, usefulUntil: 2 }, // past due, of use until week 2
    { item: 1, quantity: 6, priority: 2, due: 1, region: 1 },
    { item: 0, quantity: 9, priority: 1, due: 3, region: 1 },
  ],
});

describe('buildArcs', () => {
  it('follows model v2: same item, t = max(a + L, 0) ≤ min(H + Λ − 1, U), ℓ = max(0, t − u), cost M_late p ℓ + c', () => {
    const arcs = buildArcs(problem);
    const rows = Array.from({ length: arcs.count }, (_, a) => [
      arcs.lot[a],
      arcs.need[a],
      arcs.arrival[a],
      arcs.lateness[a],
      arcs.unitCost[a],
    ]);
    expect(rows).toEqual([
      // lot 0 → need 0: −3 + 1 = −2, t = 0 ≤ U = 2; ℓ = 2; 10·8·2 + 1 = 161.
      [0, 0, 0, 2, 161],
      // lot 0 → need 2: −3 + 3 = 0; t = 0 ≤ 29; on time; cost 3.
      [0, 2, 0, 0, 3],
      // lot 1 → need 1: 2 + 1 = 3 ≤ 29; ℓ = 2; 10·2·2 + 1 = 41.
      [1, 1, 3, 2, 41],
      // lot 2 → need 0: 6 + 2 = 8 > U = 2: no arc (no longer of use). lot 2 → need 2: 7 ≤ 29; ℓ = 4; 10·1·4 + 1 = 41.
      [2, 2, 7, 4, 41],
    ]);
    expect(Array.from(arcStartsByLot(arcs, 3))).toEqual([0, 2, 3, 4]);
  });

  it('uses the transport cost matrix when there is one, the lead time otherwise', () => {
    const withCost = makeProblem({
      items: ['blankets'],
      hubs: ['rzeszow'],
      regions: ['kharkiv'],
      leadTime: [[2]],
      transportCost: [[7.5]],
      lots: [{ item: 0, quantity: 1, available: 0, hub: 0 }],
      needs: [{ item: 0, quantity: 1, priority: 4, due: 1, region: 0 }],
    });
    // t = 2, ℓ = 1: 10·4·1 + 7.5.
    expect(Array.from(buildArcs(withCost).unitCost)).toEqual([47.5]);
  });

  it('refuses an item index outside the problem', () => {
    const bad = { ...problem, needs: { ...problem.needs, item: Int32Array.from([0, 5, 0]) } };
    expect(() => buildArcs(bad)).toThrow(RangeError);
  });
});

describe('objective and feasibility', () => {
  const arcs = buildArcs(problem);
  // x: lot 0 sends 4 to need 0 (cost 161) and 6 to need 2 (3); lot 1 sends 5 to need 1 (41);
  // lot 2 sends 3 to need 2 (41). Unmet: need 1 one unit (p 2), need 2 none.
  const flow = Float64Array.from([4, 6, 5, 3]);
  const unmet = Float64Array.from([0, 1, 0]);

  it('evaluates Σ unmetCost y + Σ unitCost x and the reported figures', () => {
    // Need 1 unmet: p (M_unmet + M_late ℓ̄) + c̄ with ℓ̄ = H + Λ − u = 26 + 4 − 1 = 29 and c̄ = max(3, 1)
    // to odesa: 2·(1000 + 290) + 3 = 2583. Total 2583 + 4·161 + 6·3 + 5·41 + 3·41 = 3573.
    expect(unmetCost(problem, 1)).toBe(2583);
    expect(evaluateObjective(problem, arcs, flow, unmet)).toBe(3573);
    // late: 8·2·4 + 2·2·5 + 1·4·3 = 64 + 20 + 12 = 96.
    expect(summarizeSolution(problem, arcs, flow, unmet)).toEqual({
      unmetWeighted: 2,
      unmetQuantity: 1,
      lateWeighted: 96,
      allocatedQuantity: 18,
    });
  });

  it('accepts a feasible solution and names each kind of violation', () => {
    expect(checkSolution(problem, arcs, flow, unmet)).toEqual({
      feasible: true,
      maxViolation: 0,
      violations: [],
    });
    const over = checkSolution(problem, arcs, Float64Array.from([4, 7, 5, 3]), Float64Array.from([0, 1, -1]));
    expect(over.feasible).toBe(false);
    expect(over.violations).toEqual(['lot 0: ships 11 > q = 10', 'y_2 = -1 < 0']);
    const unbalanced = checkSolution(problem, arcs, flow, Float64Array.from([0, 0, 0]));
    expect(unbalanced.violations).toEqual(['need 1: met 5 + unmet 0 ≠ n = 6']);
    expect(unbalanced.maxViolation).toBe(1);
    const negative = checkSolution(
      problem,
      arcs,
      Float64Array.from([4, 6, 5, -1]),
      Float64Array.from([0, 1, 4]),
    );
    expect(negative.violations).toEqual(['x_2_2 = -1 < 0']);
  });

  it('checks bundles: members in ratio with the lead', () => {
    const bundled = { ...problem, bundles: [{ leadNeed: 2, members: [{ need: 1, ratio: 2 }] }] };
    // Need 2 gets 9, so need 1 must get ≥ 18 but gets 5.
    expect(checkSolution(bundled, arcs, flow, unmet).violations).toEqual([
      'bundle 0 member 0: need 1 gets 5 < 2 × 9',
    ]);
    const relaxed = { ...problem, bundles: [{ leadNeed: 2, members: [{ need: 1, ratio: 0.5 }] }] };
    expect(checkSolution(relaxed, arcs, flow, unmet).feasible).toBe(true);
  });

  it('tolerates rounding within the tolerance and not beyond', () => {
    const close = Float64Array.from([4, 6 + 1e-9, 5, 3]);
    expect(checkSolution(problem, arcs, close, unmet).feasible).toBe(true);
    expect(checkSolution(problem, arcs, close, unmet, 1e-12).feasible).toBe(false);
  });
});
