import { afterAll, describe, expect, it } from 'vitest';
import { buildArcs, checkSolution } from '../model/arcs.js';
import { applyIncident, generateProblem, SIZES } from '../model/generate.js';
import type { PlanningProblem, Solution } from '../model/types.js';
import { sendNext, sendNextWith } from '../send-next.js';
import {
  closePlanWorkers,
  fingerprintComponent,
  packComponent,
  solvePlan,
  solveProblems,
  transferListOf,
  unpackComponent,
  warmPlanWorkers,
} from './parallel.js';

afterAll(async () => {
  await closePlanWorkers();
});

/** Allocations as a map "lot→need" → quantity, so that solutions with arcs in any order compare. */
function allocations(solution: Solution): Map<string, number> {
  const map = new Map<string, number>();
  const { arcs, flow } = solution;
  for (let a = 0; a < arcs.count; a++) {
    if (flow[a]! !== 0) map.set(`${arcs.lot[a]}→${arcs.need[a]}`, flow[a]!);
  }
  return map;
}

function expectSameSolution(actual: Solution, expected: Solution): void {
  expect(actual.status).toBe('optimal');
  expect(actual.objective).toBe(expected.objective);
  expect(actual.arcs.count).toBe(expected.arcs.count);
  expect(allocations(actual)).toEqual(allocations(expected));
  expect(actual.unmet).toEqual(expected.unmet);
}

function expectFeasible(problem: PlanningProblem, solution: Solution): void {
  const report = checkSolution(problem, solution.arcs, solution.flow, solution.unmet);
  expect(report.violations).toEqual([]);
}

describe('packComponent / unpackComponent', () => {
  it('round-trips every array and label through one buffer', () => {
    const generated = generateProblem({ ...SIZES.S, bundles: 2 });
    const transportCost = Float64Array.from(generated.leadTime, (weeks) => 1.5 * weeks);
    const problem: PlanningProblem = { ...generated, transportCost };
    const packed = packComponent(problem);
    const copy = unpackComponent(structuredClone(packed, { transfer: [packed.buffer] }));
    expect(packed.buffer.byteLength).toBe(0); // transferred, not copied
    expect(copy).toEqual(problem);
    expect(fingerprintComponent(copy, 'network')).toEqual(fingerprintComponent(problem, 'network'));
  });

  it('lists each solution buffer once for transfer', () => {
    const shared = new ArrayBuffer(64);
    const arcs = {
      count: 1,
      lot: new Int32Array(shared, 0, 1),
      need: new Int32Array(shared, 4, 1),
      arrival: new Int32Array(1),
      lateness: new Int32Array(1),
      unitCost: new Float64Array(1),
    };
    const solution: Solution = {
      status: 'optimal',
      method: 'network',
      objective: 0,
      arcs,
      flow: new Float64Array(1),
      unmet: new Float64Array(0),
      lotDual: new Float64Array(1),
      timings: { buildMs: 0, solveMs: 0 },
    };
    const list = transferListOf(solution);
    expect(list).toContain(shared);
    expect(new Set(list).size).toBe(list.length);
    // shared (lot and need), arrival, lateness, unitCost, flow, lotDual; the empty unmet has nothing to move.
    expect(list).toHaveLength(6);
  });
});

describe('fingerprintComponent', () => {
  const problem = generateProblem(SIZES.S);
  const base = fingerprintComponent(problem, 'network');

  it('is the same for the same data and changes with any quantity, parameter or method', () => {
    expect(fingerprintComponent(generateProblem(SIZES.S), 'network')).toEqual(base);
    const changed = [
      fingerprintComponent(applyIncident(problem, 0, 1), 'network'),
      fingerprintComponent({ ...problem, lateness: 3 }, 'network'),
      fingerprintComponent({ ...problem, horizon: 30 }, 'network'),
      fingerprintComponent(problem, 'highs'),
      fingerprintComponent(
        { ...problem, bundles: [{ leadNeed: 0, members: [{ need: 1, ratio: 1 }] }] },
        'network',
      ),
    ];
    for (const fingerprint of changed) expect(fingerprint.solution).not.toBe(base.solution);
    expect(new Set(changed.map((fingerprint) => fingerprint.solution)).size).toBe(changed.length);
  });

  it('keeps the arc fingerprint when only quantities, bundles or the method change', () => {
    expect(fingerprintComponent(applyIncident(problem, 0, 1), 'highs').arcs).toBe(base.arcs);
    const due = problem.needs.due.slice();
    due[0]! += 1;
    expect(fingerprintComponent({ ...problem, needs: { ...problem.needs, due } }, 'network').arcs).not.toBe(
      base.arcs,
    );
    const leadTime = problem.leadTime.slice();
    leadTime[0]! += 1;
    expect(fingerprintComponent({ ...problem, leadTime }, 'network').arcs).not.toBe(base.arcs);
    const priority = problem.needs.priority.slice();
    priority[0] = priority[0] === 8 ? 4 : 8;
    expect(
      fingerprintComponent({ ...problem, needs: { ...problem.needs, priority } }, 'network').arcs,
    ).not.toBe(base.arcs);
  });
});

// Worker start-up compiles TypeScript on first use (tsx cache); the solves themselves take well under a second.
describe('solvePlan', { timeout: 60_000 }, () => {
  const medium = generateProblem(SIZES.M);

  it('solves in worker threads exactly as in this thread', async () => {
    const inProcess = await solvePlan(medium, { method: 'network', workers: 0 });
    const progress: [number, number][] = [];
    const threaded = await solvePlan(medium, {
      method: 'network',
      workers: 2,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(inProcess.stats.workers).toBe(0);
    expect(threaded.stats.workers).toBe(2);
    expect(threaded.stats.components).toBe(SIZES.M.items);
    expect(threaded.stats.solvedComponents).toBe(SIZES.M.items);
    expectSameSolution(threaded.solution, inProcess.solution);
    expectFeasible(medium, threaded.solution);
    expect(threaded.solution.arcs.count).toBe(buildArcs(medium).count);
    expect(progress).toEqual(Array.from({ length: SIZES.M.items }, (_, k) => [k + 1, SIZES.M.items]));
  });

  it('re-plans only the component an incident touched, to the same result as a fresh solve', async () => {
    const first = await solvePlan(medium, { method: 'network', workers: 2 });
    const changed = applyIncident(medium, 7, 25);
    const replanned = await solvePlan(changed, { method: 'network', workers: 2, previous: first.cache });
    expect(replanned.stats.solvedComponents).toBe(1);
    expect(replanned.stats.reusedComponents).toBe(SIZES.M.items - 1);
    const fresh = await solvePlan(changed, { method: 'network', workers: 0 });
    expectSameSolution(replanned.solution, fresh.solution);
    expectFeasible(changed, replanned.solution);
    expect(replanned.solution.objective).toBeGreaterThan(first.solution.objective);
    expect(replanned.solution.arcs).toBe(first.solution.arcs); // only quantities changed: same arcs
    // The cache is keyed by content: the same problem again solves nothing.
    const again = await solvePlan(changed, { method: 'network', previous: replanned.cache });
    expect(again.stats.solvedComponents).toBe(0);
    expectSameSolution(again.solution, fresh.solution);
  });

  it('re-gathers the arcs when an incident changes more than quantities', async () => {
    const first = await solvePlan(medium, { method: 'network', workers: 2 });
    const due = medium.needs.due.slice();
    due[3] = due[3]! - 3; // need 3 (item 0) falls due earlier: some of its arcs go
    const changed: PlanningProblem = { ...medium, needs: { ...medium.needs, due } };
    const replanned = await solvePlan(changed, { method: 'network', workers: 2, previous: first.cache });
    expect(replanned.stats.solvedComponents).toBe(1);
    expect(replanned.solution.arcs).not.toBe(first.solution.arcs);
    expect(replanned.solution.arcs).toEqual(buildArcs(changed));
    expectSameSolution(
      replanned.solution,
      (await solvePlan(changed, { method: 'network', workers: 0 })).solution,
    );
  });

  it('merges onto exactly the arcs buildArcs derives, bundled components solved by HiGHS in the workers', async () => {
    const bundled = generateProblem({ ...SIZES.M, items: 20, bundles: 4 });
    const threaded = await solvePlan(bundled, { workers: 2 });
    expect(threaded.stats.workers).toBe(2);
    expect(threaded.stats.components).toBeLessThan(20);
    expect(threaded.solution.arcs).toEqual(buildArcs(bundled));
    expectFeasible(bundled, threaded.solution);
    const inThread = await solvePlan(bundled, { workers: 0 });
    expect(threaded.solution.objective).toBe(inThread.solution.objective);
    const network = await solvePlan({ ...bundled, bundles: [] }, { workers: 0 });
    // Bundles only add constraints: the optimum can only get worse.
    expect(threaded.solution.objective).toBeGreaterThanOrEqual(network.solution.objective);
  });

  it('does not reuse a cached solution for another method', async () => {
    const network = await solvePlan(medium, { method: 'network', workers: 0 });
    const greedy = await solvePlan(medium, { method: 'greedy', workers: 0, previous: network.cache });
    expect(greedy.stats.solvedComponents).toBe(SIZES.M.items);
    expect(greedy.solution.method).toBe('greedy');
    expectFeasible(medium, greedy.solution);
    expect(greedy.solution.objective).toBeGreaterThanOrEqual(network.solution.objective);
  });

  it('rejects with an AbortError once cancelled and stops dispatching', async () => {
    const controller = new AbortController();
    let finished = 0;
    const run = solvePlan(medium, {
      method: 'network',
      workers: 2,
      signal: controller.signal,
      onProgress: (done) => {
        finished = done;
        if (done === 3) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(finished).toBeGreaterThanOrEqual(3);
    expect(finished).toBeLessThan(SIZES.M.items);
    await expect(solvePlan(medium, { workers: 0, signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    // The pool recovers: the next run solves everything.
    const after = await solvePlan(medium, { method: 'network', workers: 2 });
    expect(after.stats.solvedComponents).toBe(SIZES.M.items);
  });

  it('cancels an in-thread run too', async () => {
    const controller = new AbortController();
    const run = solvePlan(medium, {
      method: 'network',
      workers: 0,
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('solveProblems', { timeout: 60_000 }, () => {
  it('solves the what-if networks of "send next" in started threads, to the same ranking as in this thread', async () => {
    const problem = generateProblem(SIZES.M);
    const { solution } = await solvePlan(problem, { method: 'network', workers: 0 });
    await warmPlanWorkers(2);
    let sent = 0;
    const threaded = await sendNextWith(problem, solution, (problems) => {
      sent += problems.length;
      return solveProblems(problems, { workers: 2 });
    });
    const here = sendNext(problem, solution);
    // Ten ranked items, each without and with one more lot in weeks 0, 4, 8 and 12.
    expect(sent).toBe(50);
    expect(threaded).toEqual(here);
    expect(threaded.filter((item) => item.oneMoreLot.length > 0)).toHaveLength(10);
  });
});
