import { describe, expect, it } from 'vitest';
import { solveComponent } from '../solver/solve.js';
import { buildArcs, makeProblem } from './arcs.js';
import { type ComponentSolution, mergeSolutions, splitProblem } from './split.js';

// Items: 0 generators, 1 fuel, 2 blankets, 3 stoves (no lots, no needs), 4 tents (lots only).
// Bundle: generators (need 0) lead fuel (need 2). So components: {0, 1}, {2}, {4}; 3 is absent.
const problem = makeProblem({
  items: ['generators', 'fuel', 'blankets', 'stoves', 'tents'],
  hubs: ['rzeszow'],
  regions: ['kharkiv', 'odesa'],
  leadTime: [[1, 2]],
  lots: [
    { item: 2, quantity: 8, available: 0, hub: 0 }, // 0
    { item: 0, quantity: 4, available: 0, hub: 0 }, // 1
    { item: 1, quantity: 6, available: 0, hub: 0 }, // 2
    { item: 4, quantity: 3, available: 0, hub: 0 }, // 3
    { item: 2, quantity: 2, available: 3, hub: 0 }, // 4: one week late for need 1
  ],
  needs: [
    { item: 0, quantity: 5, priority: 8, due: 4, region: 0 }, // 0
    { item: 2, quantity: 9, priority: 2, due: 4, region: 1 }, // 1
    { item: 1, quantity: 10, priority: 1, due: 4, region: 0 }, // 2
    { item: 2, quantity: 1, priority: 4, due: 4, region: 0 }, // 3
  ],
  bundles: [{ leadNeed: 0, members: [{ need: 2, ratio: 1 }] }],
});

describe('splitProblem', () => {
  it('keeps bundled items together and every other item apart, re-indexed in order', () => {
    const parts = splitProblem(problem);
    expect(
      parts.map((p) => ({
        items: Array.from(p.items),
        lots: Array.from(p.lots),
        needs: Array.from(p.needs),
        bundles: Array.from(p.bundles),
        trivial: p.trivial,
      })),
    ).toEqual([
      { items: [0, 1], lots: [1, 2], needs: [0, 2], bundles: [0], trivial: false },
      { items: [2], lots: [0, 4], needs: [1, 3], bundles: [], trivial: false },
      { items: [4], lots: [3], needs: [], bundles: [], trivial: true },
    ]);
    const bundled = parts[0]!.problem;
    expect(bundled.items).toEqual(['generators', 'fuel']);
    expect(Array.from(bundled.lots.item)).toEqual([0, 1]);
    expect(Array.from(bundled.needs.item)).toEqual([0, 1]);
    expect(bundled.bundles).toEqual([{ leadNeed: 0, members: [{ need: 1, ratio: 1 }] }]);
    const blankets = parts[1]!.problem;
    expect(blankets.lots.id).toEqual(['lot0', 'lot4']);
    expect(Array.from(blankets.needs.quantity)).toEqual([9, 1]);
    expect(Array.from(blankets.needs.region)).toEqual([1, 0]);
  });

  it('refuses a bundle naming a need that does not exist', () => {
    expect(() =>
      splitProblem({ ...problem, bundles: [{ leadNeed: 0, members: [{ need: 9, ratio: 1 }] }] }),
    ).toThrow(/need 9/);
  });
});

describe('mergeSolutions', () => {
  it('maps flows, unmet and duals back onto the whole problem, equal to solving it whole', async () => {
    const parts: ComponentSolution[] = [];
    for (const component of splitProblem(problem)) {
      parts.push({ component, solution: await solveComponent(component.problem, 'auto') });
    }
    const merged = mergeSolutions(problem, parts);
    const whole = await solveComponent(problem, 'highs');
    expect(merged.objective).toBeCloseTo(whole.objective, 6);
    expect(Array.from(merged.flow)).toEqual(Array.from(whole.flow));
    expect(Array.from(merged.unmet)).toEqual(Array.from(whole.unmet));
    // The network solved 2 needs (blankets), HiGHS 2 (the bundle): a tie goes to 'network'.
    expect(merged.method).toBe('network');
    expect(merged.status).toBe('optimal');
  });

  it('lets trivial parts be left out, but not a part that has arcs', async () => {
    const parts: ComponentSolution[] = [];
    for (const component of splitProblem(problem)) {
      if (!component.trivial) parts.push({ component, solution: await solveComponent(component.problem) });
    }
    expect(mergeSolutions(problem, parts).unmet.length).toBe(4);
    expect(() => mergeSolutions(problem, parts.slice(1))).toThrow(/no part solves need 0/);
  });

  it('refuses a solution whose arcs do not match the whole problem', async () => {
    const [first] = splitProblem(problem);
    const solution = await solveComponent(first!.problem);
    const shifted = { ...first!, lots: Int32Array.from([2, 1]) };
    expect(() => mergeSolutions(problem, [{ component: shifted, solution }], buildArcs(problem))).toThrow(
      /mergeSolutions/,
    );
  });
});
