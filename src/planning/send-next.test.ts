import { describe, expect, it } from 'vitest';
import { makeProblem } from './model/arcs.js';
import { sendNext, typicalLot } from './send-next.js';
import { solveNetwork } from './solver/network.js';

// Shells (3000 EUR a round) and blankets (20 EUR a piece), one hub one week from one region.
const problem = makeProblem({
  items: ['shells', 'blankets'],
  hubs: ['RZE'],
  regions: ['UA-63'],
  leadTime: [[1]],
  itemPrice: [3000, 20],
  itemUnit: ['rounds', 'pcs'],
  lots: [
    { item: 0, quantity: 10, available: 0, hub: 0 }, // arrives week 1
    { item: 1, quantity: 5, available: 0, hub: 0 },
  ],
  needs: [
    { item: 0, quantity: 15, priority: 8, due: 5, region: 0 },
    { item: 0, quantity: 5, priority: 1, due: 5, region: 0 },
    { item: 1, quantity: 10, priority: 8, due: 0, region: 0 }, // every delivery one week late
  ],
});

describe('sendNext', () => {
  // The optimum: shells 10 to the critical need (5 critical and 5 low unmet); blankets 5 to the
  // critical need one week late, 5 unmet.
  const solution = solveNetwork(problem);
  const ranked = sendNext(problem, solution, { weeks: [0, 8] });

  it('reports unmet and late quantity by priority in the item unit, with its EUR value, ranked by critical unmet EUR', () => {
    expect(ranked.map((r) => [r.itemId, r.unit, r.criticalUnmetValueEur])).toEqual([
      ['shells', 'rounds', 15_000],
      ['blankets', 'pcs', 100],
    ]);
    expect(ranked[0]?.byPriority).toEqual([
      {
        priority: 'critical',
        weight: 8,
        unmet: 5,
        late: 0,
        lateWeeks: 0,
        unmetValueEur: 15_000,
        lateValueEur: 0,
      },
      { priority: 'low', weight: 1, unmet: 5, late: 0, lateWeeks: 0, unmetValueEur: 15_000, lateValueEur: 0 },
    ]);
    expect(ranked[0]).toMatchObject({ unmet: 10, late: 0, unmetValueEur: 30_000, unitPriceEur: 3000 });
    expect(ranked[1]?.byPriority).toEqual([
      {
        priority: 'critical',
        weight: 8,
        unmet: 5,
        late: 5,
        lateWeeks: 5,
        unmetValueEur: 100,
        lateValueEur: 100,
      },
    ]);
    // The dual is kept beside it, in objective units per unit of the item.
    expect(ranked[0]?.dual).toBeGreaterThan(0);
  });

  it('says what one more lot in week w would change, measured by solving the item again', () => {
    expect(typicalLot(problem, 0)).toBe(10);
    const [week0, week8] = ranked[0]!.oneMoreLot;
    // Week 0: 10 more rounds serve the 5 critical and 5 low on time. Unmet was 5 × (8·(1000 + 10·25)
    // + 1) + 5 × (1250 + 1) = 56 260 (the old lot still goes out at 1 a unit).
    expect(week0).toEqual({
      week: 0,
      quantity: 10,
      served: [
        { priority: 'critical', weight: 8, quantity: 5 },
        { priority: 'low', weight: 1, quantity: 5 },
      ],
      servedQuantity: 10,
      lateWeeksSaved: 0,
      objectiveSaved: 56_260,
      servedValueEur: 30_000,
    });
    // Week 8: the same 10 served, but 3 weeks late (10 unit-weeks × 3 more lateness).
    expect(week8).toMatchObject({ week: 8, servedQuantity: 10, lateWeeksSaved: -30 });
    // Blankets: 5 more on time in week 0 serve the 5 critical short; one lot is still a week late.
    expect(ranked[1]!.oneMoreLot[0]).toMatchObject({
      week: 0,
      quantity: 5,
      served: [{ priority: 'critical', weight: 8, quantity: 5 }],
      lateWeeksSaved: 0,
      servedValueEur: 100,
    });
  });

  it('leaves out the lot effects beyond effectsFor, and ranks unpriced items after priced ones', () => {
    const unpriced = { ...problem, itemPrice: Float64Array.from([Number.NaN, 20]) };
    const r = sendNext(unpriced, solveNetwork(unpriced), { effectsFor: 1, weeks: [0] });
    expect(r.map((e) => [e.itemId, e.criticalUnmetValueEur, e.oneMoreLot.length])).toEqual([
      ['blankets', 100, 1],
      ['shells', null, 0],
    ]);
  });
});
