import { describe, expect, it } from 'vitest';
import { explainPlan } from './explain.js';
import { buildArcs, makeProblem, type ProblemRows } from './model/arcs.js';
import type { PlanningProblem, Solution } from './model/types.js';

/** A solution given by its flows per (lot, need) pair; arcs come from the model's own buildArcs. */
function solved(problem: PlanningProblem, flows: Record<string, number>, lotDual: number[] = []): Solution {
  const arcs = buildArcs(problem);
  const flow = new Float64Array(arcs.count);
  const met = new Float64Array(problem.needs.count);
  for (let a = 0; a < arcs.count; a++) {
    const x = flows[`${arcs.lot[a]}-${arcs.need[a]}`] ?? 0;
    flow[a] = x;
    met[arcs.need[a] as number] = (met[arcs.need[a] as number] as number) + x;
  }
  for (const key of Object.keys(flows)) {
    const [s, d] = key.split('-').map(Number);
    let found = false;
    for (let a = 0; a < arcs.count; a++) if (arcs.lot[a] === s && arcs.need[a] === d) found = true;
    if (!found) throw new Error(`no arc ${key} in this problem`);
  }
  const unmet = Float64Array.from(problem.needs.quantity, (n, d) => n - (met[d] as number));
  return {
    status: 'optimal',
    method: 'network',
    objective: 0,
    arcs,
    flow,
    unmet,
    lotDual: Float64Array.from({ length: problem.lots.count }, (_, s) => lotDual[s] ?? 0),
    timings: { buildMs: 0, solveMs: 0 },
  };
}

const oneRegion = (rows: Partial<ProblemRows> & Pick<ProblemRows, 'lots' | 'needs'>): PlanningProblem =>
  makeProblem({
    items: ['shells', 'fuel'],
    hubs: ['RZE'],
    regions: ['UA-32'],
    leadTime: [[1]],
    lateness: 4,
    ...rows,
  });

describe('explainPlan', () => {
  it('names the higher-priority need that took the supply, with the binding dual', () => {
    const problem = oneRegion({
      lots: [{ item: 0, quantity: 10, available: 0, hub: 0 }],
      needs: [
        { item: 0, quantity: 10, priority: 8, due: 2, region: 0 },
        { item: 0, quantity: 5, priority: 1, due: 2, region: 0 },
      ],
    });
    const plan = explainPlan(problem, solved(problem, { '0-0': 10 }, [999]));
    expect(plan.needs[0]).toMatchObject({ allocated: 10, unmet: 0, late: 0, reason: null });
    expect(plan.needs[0]?.serving).toEqual([{ lot: 0, quantity: 10, arrival: 1, lateness: 0 }]);
    expect(plan.needs[1]).toMatchObject({
      allocated: 0,
      unmet: 5,
      reason: 'taken_by_higher_priority',
      takenBy: [0],
      binding: [{ lot: 0, dual: 999 }],
      bindingDual: 999,
    });
    expect(plan.lots[0]).toMatchObject({ quantity: 10, used: 10, dual: 999 });
    expect(plan.lots[0]?.destinations).toEqual([{ lot: 0, need: 0, quantity: 10, arrival: 1, lateness: 0 }]);
    expect(plan.items).toEqual([{ item: 0, shadowPrice: 999, unmet: 5, unmetWeighted: 5 }]);
  });

  it('does not blame a lower-priority need for taking supply', () => {
    // The critical need cannot use the lot at all (it is due too early); the low one takes it.
    const problem = oneRegion({
      lots: [{ item: 0, quantity: 4, available: 3, hub: 0 }],
      needs: [
        { item: 0, quantity: 4, priority: 1, due: 6, region: 0 },
        { item: 0, quantity: 2, priority: 8, due: 0, region: 0 },
      ],
    });
    const plan = explainPlan(problem, solved(problem, { '0-0': 4 }));
    expect(plan.needs[1]).toMatchObject({ unmet: 2, reason: 'taken_by_higher_priority', takenBy: [] });
  });

  it('says no_supply_in_time when the item has no lot, or none leaves before the need stops being useful', () => {
    const problem = oneRegion({
      lots: [{ item: 0, quantity: 10, available: 8, hub: 0 }],
      needs: [
        { item: 0, quantity: 3, priority: 4, due: 2, region: 0, usefulUntil: 6 },
        { item: 1, quantity: 7, priority: 8, due: 2, region: 0 },
      ],
    });
    const plan = explainPlan(problem, solved(problem, {}));
    expect(plan.needs[0]).toMatchObject({
      unmet: 3,
      reason: 'no_supply_in_time',
      binding: [],
      bindingDual: null,
    });
    expect(plan.needs[1]).toMatchObject({ unmet: 7, reason: 'no_supply_in_time' });
    // Nothing is used up, so no item has a shadow price; both still show as unmet.
    expect(plan.items.map((i) => [i.item, i.shadowPrice, i.unmet])).toEqual([
      [1, 0, 7],
      [0, 0, 3],
    ]);
  });

  it('says lead_time_too_long when a lot leaves in time but arrives too late', () => {
    const problem = oneRegion({
      leadTime: [[10]],
      lots: [{ item: 0, quantity: 10, available: 0, hub: 0 }],
      needs: [{ item: 0, quantity: 3, priority: 4, due: 2, region: 0, usefulUntil: 6 }],
    });
    const plan = explainPlan(problem, solved(problem, {}));
    expect(plan.needs[0]).toMatchObject({ unmet: 3, reason: 'lead_time_too_long' });
  });

  it('explains late deliveries against the due week', () => {
    const problem = makeProblem({
      items: ['shells'],
      hubs: ['RZE', 'SUC'],
      regions: ['UA-32', 'UA-46'],
      leadTime: [
        [3, 1],
        [1, 1],
      ],
      lateness: 4,
      lots: [
        { item: 0, quantity: 5, available: 1, hub: 0 }, // leaves in time, 3 weeks to UA-32: arrives week 4
        { item: 0, quantity: 5, available: 3, hub: 1 }, // leaves after the due week
      ],
      needs: [
        { item: 0, quantity: 5, priority: 4, due: 2, region: 0 },
        { item: 0, quantity: 5, priority: 4, due: 2, region: 1 },
      ],
    });
    const plan = explainPlan(problem, solved(problem, { '0-0': 5, '1-1': 5 }));
    expect(plan.needs[0]).toMatchObject({ unmet: 0, late: 5, reason: 'lead_time_too_long' });
    expect(plan.needs[0]?.serving).toEqual([{ lot: 0, quantity: 5, arrival: 4, lateness: 2 }]);
    // Lot 0 could reach UA-46 on time (week 2) but the plan gave it to need 0; lot 1 cannot.
    expect(plan.needs[1]).toMatchObject({ late: 5, reason: 'taken_by_higher_priority', takenBy: [0] });
  });

  it('blames the bundle ratio when usable supply is left over', () => {
    const problem = oneRegion({
      lots: [
        { item: 0, quantity: 100, available: 0, hub: 0 },
        { item: 1, quantity: 2, available: 0, hub: 0 },
      ],
      needs: [
        { item: 1, quantity: 5, priority: 8, due: 2, region: 0 },
        { item: 0, quantity: 100, priority: 8, due: 2, region: 0 },
      ],
      bundles: [{ leadNeed: 0, members: [{ need: 1, ratio: 10 }] }],
    });
    const plan = explainPlan(problem, solved(problem, { '1-0': 2, '0-1': 20 }, [0, 5000]));
    expect(plan.needs[1]).toMatchObject({ allocated: 20, unmet: 80, reason: 'bundle_ratio', binding: [] });
    expect(plan.needs[0]).toMatchObject({ unmet: 3, reason: 'taken_by_higher_priority', bindingDual: 5000 });
  });
});
