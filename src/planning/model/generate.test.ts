import { describe, expect, it } from 'vitest';
import { applyIncident, createRandom, generateProblem, SIZES } from './generate.js';
import { type PlanningProblem, PRIORITY_WEIGHT } from './types.js';

function arraysOf(problem: PlanningProblem) {
  const { lots, needs } = problem;
  return {
    leadTime: problem.leadTime,
    lots: [lots.item, lots.quantity, lots.available, lots.hub],
    needs: [needs.item, needs.quantity, needs.priority, needs.due, needs.region],
    bundles: problem.bundles,
  };
}

function sum(values: Float64Array, from = 0, to = values.length): number {
  let total = 0;
  for (let k = from; k < to; k++) total += values[k]!;
  return total;
}

describe('createRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const first = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(first);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    // Not degenerate: the draws spread over the interval.
    expect(Math.min(...first)).toBeLessThan(0.01);
    expect(Math.max(...first)).toBeGreaterThan(0.99);
  });
});

describe('generateProblem', () => {
  it('gives identical arrays for the same seed and different ones for another seed', () => {
    const options = { ...SIZES.S, bundles: 3 };
    const first = generateProblem(options);
    const again = generateProblem(options);
    expect(arraysOf(again)).toEqual(arraysOf(first));
    expect(again.lots.id).toEqual(first.lots.id);
    const other = generateProblem({ ...options, seed: options.seed + 1 });
    expect(other.lots.count).toBe(first.lots.count);
    expect(arraysOf(other).lots).not.toEqual(arraysOf(first).lots);
    expect(arraysOf(other).needs).not.toEqual(arraysOf(first).needs);
  });

  for (const name of ['S', 'M'] as const) {
    it(`builds size ${name} with the documented shape`, () => {
      const size = SIZES[name];
      const problem = generateProblem(size);
      const { lots, needs } = problem;
      expect(problem.items).toHaveLength(size.items);
      expect(problem.hubs).toHaveLength(size.hubs);
      expect(problem.regions).toHaveLength(size.regions);
      expect(problem.horizon).toBe(size.weeks);
      expect(problem.leadTime).toHaveLength(size.hubs * size.regions);
      expect(lots.count).toBe(size.items * size.lotsPerItem);
      expect(needs.count).toBe(size.items * size.needsPerItem);
      for (const array of [lots.item, lots.quantity, lots.available, lots.hub])
        expect(array).toHaveLength(lots.count);
      for (const array of [needs.item, needs.quantity, needs.priority, needs.due, needs.region]) {
        expect(array).toHaveLength(needs.count);
      }
      expect(new Set(lots.id).size).toBe(lots.count);
      expect(new Set(needs.id).size).toBe(needs.count);

      expect(Math.min(...problem.leadTime)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...problem.leadTime)).toBeLessThanOrEqual(6);
      expect(lots.quantity.every((q) => Number.isInteger(q) && q >= 0)).toBe(true);
      expect(needs.quantity.every((q) => Number.isInteger(q) && q > 0)).toBe(true);
      expect(lots.hub.every((h) => h >= 0 && h < size.hubs)).toBe(true);
      expect(needs.region.every((g) => g >= 0 && g < size.regions)).toBe(true);
      expect(needs.due.every((u) => u >= -4 && u < size.weeks)).toBe(true);
      // Some lots already at their hub, some needs already past due.
      expect(lots.available.some((a) => a < 0)).toBe(true);
      expect(needs.due.some((u) => u < 0)).toBe(true);

      const weights = new Set<number>(Object.values(PRIORITY_WEIGHT));
      expect(needs.priority.every((p) => weights.has(p))).toBe(true);
      for (const weight of weights) expect(needs.priority.some((p) => p === weight)).toBe(true);

      // Scarcity: every item's supply is 60–90 % of its demand.
      for (let i = 0; i < size.items; i++) {
        const supply = sum(lots.quantity, i * size.lotsPerItem, (i + 1) * size.lotsPerItem);
        const demand = sum(needs.quantity, i * size.needsPerItem, (i + 1) * size.needsPerItem);
        expect(supply / demand).toBeGreaterThanOrEqual(0.6 - 1 / demand);
        expect(supply / demand).toBeLessThanOrEqual(0.9);
      }
      for (let s = 0; s < lots.count; s++) expect(lots.item[s]).toBe(Math.floor(s / size.lotsPerItem));
      expect(problem.bundles).toEqual([]);
    });
  }

  it('links a need of an item to a need of the next item in each bundle, each need at most once', () => {
    const problem = generateProblem({ ...SIZES.M, bundles: 20 });
    expect(problem.bundles).toHaveLength(20);
    const used = new Set<number>();
    for (const bundle of problem.bundles) {
      const [member] = bundle.members;
      expect(bundle.members).toHaveLength(1);
      expect(problem.needs.item[member!.need]).toBe(problem.needs.item[bundle.leadNeed]! + 1);
      expect(member!.ratio).toBeGreaterThanOrEqual(1);
      for (const need of [bundle.leadNeed, member!.need]) {
        expect(used.has(need)).toBe(false);
        used.add(need);
      }
    }
  });

  it('refuses sizes that are not positive integers', () => {
    expect(() => generateProblem({ ...SIZES.S, items: 0 })).toThrow(/items/);
    expect(() => generateProblem({ ...SIZES.S, regions: 1.5 })).toThrow(/regions/);
  });
});

describe('applyIncident', () => {
  it('raises the needs of one item only and leaves the original untouched', () => {
    const problem = generateProblem(SIZES.S);
    const before = problem.needs.quantity.slice();
    const changed = applyIncident(problem, 3, 7);
    expect(problem.needs.quantity).toEqual(before);
    for (let d = 0; d < problem.needs.count; d++) {
      const expected = problem.needs.item[d] === 3 ? before[d]! + 7 : before[d];
      expect(changed.needs.quantity[d]).toBe(expected);
    }
    expect(changed.lots).toBe(problem.lots);
    expect(() => applyIncident(problem, 99, 1)).toThrow(/no needs/);
  });
});
