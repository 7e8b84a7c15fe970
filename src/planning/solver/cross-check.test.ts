/**
 * Randomised cross-check of every solver and exporter on 200 small instances (seeded, so a failure
 * is reproducible by its seed): both min-cost-flow algorithms (network simplex, successive shortest
 * paths) and HiGHS agree on the optimum and the two agree on lot duals; the MPS export
 * read back and solved gives the same optimum; greedy is feasible and never better; split + merge
 * equals the whole; network lot duals equal the saving of one more unit.
 */
import { describe, expect, it } from 'vitest';
import { buildArcs, checkSolution } from '../model/arcs.js';
import { generateProblem } from '../model/generate.js';
import { formatLp } from '../model/lp-format.js';
import { formatMps, readMps } from '../model/mps.js';
import { buildProblem, type InputLot, type InputNeed, type PlanInput } from '../model/snapshot.js';
import { mergeSolutions, splitProblem } from '../model/split.js';
import {
  type Bundle,
  DEFAULT_WEIGHTS,
  type PlanningProblem,
  type Solution,
  USEFUL_FOREVER,
} from '../model/types.js';
import { applyScenario, type OutageEffect, type Scenario } from '../scenario.js';
import { solveGreedy } from './greedy.js';
import { solveHighs, solveSparseLp } from './highs.js';
import { solveNetwork } from './network.js';
import { solveNetworkSimplex } from './network-simplex.js';
import { solveComponent } from './solve.js';

function mulberry32(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A small random instance: past-due needs, lots already at hubs (a_s < 0), zero quantities, bundles. */
function randomProblem(seed: number, withBundles: boolean): PlanningProblem {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const itemCount = int(1, 3);
  const hubCount = int(1, 3);
  const regionCount = int(1, 3);
  const lotRows: { item: number; quantity: number; available: number; hub: number }[] = [];
  const needRows: {
    item: number;
    quantity: number;
    priority: number;
    due: number;
    region: number;
    usefulUntil: number;
  }[] = [];
  for (let i = 0; i < itemCount; i++) {
    for (let k = int(0, 5); k > 0; k--) {
      lotRows.push({
        item: i,
        quantity: int(0, 4) === 0 ? 0 : int(1, 30),
        available: int(-3, 10),
        hub: int(0, hubCount - 1),
      });
    }
    for (let k = int(withBundles ? 1 : 0, 6); k > 0; k--) {
      const due = int(-8, 14);
      needRows.push({
        item: i,
        quantity: int(0, 5) === 0 ? 0 : int(1, 25),
        priority: [8, 4, 2, 1][int(0, 3)]!,
        due,
        region: int(0, regionCount - 1),
        // Model v2: one need in three stops being useful some weeks around its due week.
        usefulUntil: int(0, 2) === 0 ? due + int(-2, 8) : USEFUL_FOREVER,
      });
    }
  }
  const bundles: Bundle[] = [];
  if (withBundles && needRows.length > 0) {
    for (let b = int(1, 2); b > 0; b--) {
      const members = Array.from({ length: int(1, 2) }, () => ({
        need: int(0, needRows.length - 1),
        ratio: [0.5, 1, 2, 3][int(0, 3)]!,
      }));
      bundles.push({ leadNeed: int(0, needRows.length - 1), members });
    }
  }
  return {
    // A short horizon makes the look window H + Λ cut some arcs (arrivals reach week 16).
    horizon: int(6, 26),
    lateness: int(0, 4),
    weights: DEFAULT_WEIGHTS,
    items: Array.from({ length: itemCount }, (_, i) => `item${i}`),
    hubs: Array.from({ length: hubCount }, (_, h) => `hub${h}`),
    regions: Array.from({ length: regionCount }, (_, g) => `region${g}`),
    leadTime: Int32Array.from({ length: hubCount * regionCount }, () => int(0, 6)),
    ...(int(0, 2) === 0
      ? { transportCost: Float64Array.from({ length: hubCount * regionCount }, () => int(0, 40)) }
      : {}),
    lots: {
      count: lotRows.length,
      id: lotRows.map((_, s) => `lot${s}`),
      item: Int32Array.from(lotRows, (r) => r.item),
      quantity: Float64Array.from(lotRows, (r) => r.quantity),
      available: Int32Array.from(lotRows, (r) => r.available),
      hub: Int32Array.from(lotRows, (r) => r.hub),
    },
    needs: {
      count: needRows.length,
      id: needRows.map((_, d) => `need${d}`),
      item: Int32Array.from(needRows, (r) => r.item),
      quantity: Float64Array.from(needRows, (r) => r.quantity),
      priority: Float64Array.from(needRows, (r) => r.priority),
      due: Int32Array.from(needRows, (r) => r.due),
      region: Int32Array.from(needRows, (r) => r.region),
      usefulUntil: Int32Array.from(needRows, (r) => r.usefulUntil),
    },
    bundles,
  };
}

function expectSameObjective(actual: number, expected: number, what: string): void {
  const gap = Math.abs(actual - expected);
  if (!(gap <= 1e-6 || gap <= 1e-9 * Math.abs(expected))) {
    expect.fail(`${what}: ${actual} ≠ ${expected}`);
  }
}

function expectFeasible(problem: PlanningProblem, solution: Solution, what: string): void {
  const report = checkSolution(problem, solution.arcs, solution.flow, solution.unmet);
  expect(report.violations, what).toEqual([]);
}

function withExtraUnit(problem: PlanningProblem, lot: number): PlanningProblem {
  const quantity = Float64Array.from(problem.lots.quantity);
  quantity[lot]! += 1;
  return { ...problem, lots: { ...problem.lots, quantity } };
}

const INSTANCES = 200;

describe('randomised cross-check', () => {
  it(`agrees across network, HiGHS, MPS read-back, greedy and split/merge on ${INSTANCES} instances`, async () => {
    let bundled = 0;
    let dualsChecked = 0;
    for (let seed = 1; seed <= INSTANCES; seed++) {
      const withBundles = seed % 3 === 0;
      const problem = randomProblem(seed, withBundles);
      const what = `seed ${seed}`;
      const highs = await solveHighs(problem);
      expect(highs.status, what).toBe('optimal');
      expectFeasible(problem, highs, `${what} highs`);

      if (problem.bundles.length === 0) {
        const network = solveNetwork(problem);
        expectFeasible(problem, network, `${what} network`);
        expectSameObjective(network.objective, highs.objective, `${what} network vs highs`);
        // The network simplex: same optimum, and the same (one-more-unit) lot duals.
        const simplex = solveNetworkSimplex(problem);
        expectFeasible(problem, simplex, `${what} simplex`);
        expectSameObjective(simplex.objective, highs.objective, `${what} simplex vs highs`);
        for (let s = 0; s < problem.lots.count; s++) {
          expectSameObjective(simplex.lotDual[s]!, network.lotDual[s]!, `${what} simplex dual of lot ${s}`);
        }
        // On integral data the network dual is exactly what one more unit saves.
        const scarce = network.lotDual.findIndex((dual) => dual > 0);
        if (scarce >= 0) {
          const plusOne = solveNetwork(withExtraUnit(problem, scarce)).objective;
          expectSameObjective(
            network.objective - plusOne,
            network.lotDual[scarce]!,
            `${what} dual of lot ${scarce}`,
          );
          dualsChecked++;
        }
      } else bundled++;

      const lp = readMps(formatMps(problem));
      const fromMps = await solveSparseLp(lp);
      expect(fromMps.status, what).toBe('optimal');
      expectSameObjective(fromMps.objective, highs.objective, `${what} MPS read back vs LP`);

      const greedy = solveGreedy(problem);
      expectFeasible(problem, greedy, `${what} greedy`);
      expect(greedy.objective, what).toBeGreaterThanOrEqual(
        highs.objective - 1e-6 * Math.max(1, highs.objective),
      );

      const arcs = buildArcs(problem);
      const parts: { component: ReturnType<typeof splitProblem>[number]; solution: Solution }[] = [];
      for (const component of splitProblem(problem)) {
        parts.push({ component, solution: await solveComponent(component.problem, 'auto') });
      }
      const merged = mergeSolutions(problem, parts, arcs);
      expectFeasible(problem, merged, `${what} merged`);
      expectSameObjective(merged.objective, highs.objective, `${what} split/merge vs whole`);
    }
    // The generator must exercise both kinds of instance and the dual check, or this test proves little.
    expect(bundled).toBeGreaterThan(30);
    expect(dualsChecked).toBeGreaterThan(30);
  }, 120_000);

  it('agrees with HiGHS on fractional quantities and costs (augmenting by bottleneck, no integrality assumed)', async () => {
    for (let seed = 1001; seed <= 1040; seed++) {
      const integral = randomProblem(seed, false);
      const random = mulberry32(seed);
      const scale = (values: Float64Array): Float64Array => values.map((v) => v * (0.1 + random() * 1.7));
      const problem: PlanningProblem = {
        ...integral,
        transportCost: Float64Array.from(
          { length: integral.hubs.length * integral.regions.length },
          () => random() * 30,
        ),
        lots: { ...integral.lots, quantity: scale(integral.lots.quantity) },
        needs: { ...integral.needs, quantity: scale(integral.needs.quantity) },
      };
      const network = solveNetwork(problem);
      const highs = await solveHighs(problem);
      expectFeasible(problem, network, `seed ${seed} network`);
      expectSameObjective(network.objective, highs.objective, `seed ${seed} fractional network vs highs`);
      const simplex = solveNetworkSimplex(problem);
      expectFeasible(problem, simplex, `seed ${seed} simplex`);
      expectSameObjective(simplex.objective, highs.objective, `seed ${seed} fractional simplex vs highs`);
    }
  });

  it('writes the same LP and MPS text for the same problem, and a different text for a different one', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const problem = randomProblem(seed, seed % 2 === 0);
      const copy = randomProblem(seed, seed % 2 === 0);
      expect(formatLp(copy)).toBe(formatLp(problem));
      expect(formatMps(copy)).toBe(formatMps(problem));
    }
    const a = randomProblem(7, false);
    const b = withExtraUnit(a, 0);
    if (a.lots.count > 0 && buildArcs(a).lot.includes(0)) expect(formatMps(b)).not.toBe(formatMps(a));
  });

  it('names the same rows and columns in the LP and MPS files', () => {
    const problem = randomProblem(12, true);
    const mps = readMps(formatMps(problem));
    const lp = formatLp(problem);
    for (const row of mps.rowNames) expect(lp).toContain(` ${row}:`);
    for (const column of mps.colNames) expect(lp).toMatch(new RegExp(`[ +-]${column}(?![0-9_])`));
  });
});

/** Ids as the database gives them (uuid-shaped), numbered. */
const uuid = (kind: number, n: number) =>
  `00000000-0000-7000-8000-${String(kind * 10_000 + n).padStart(12, '0')}`;

/** A random live input (pledges, forecast lots of production lines, needs with useful_until) and a scenario on it. */
function randomInputAndScenario(seed: number): {
  input: PlanInput;
  scenario: Scenario;
  effects: OutageEffect[];
} {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const items = Array.from({ length: int(1, 3) }, (_, i) => ({ id: uuid(1, i), code: `ITEM-${i}` }));
  const regions = Array.from({ length: int(1, 3) }, (_, g) => ({ id: uuid(2, g), code: `UA-${10 + g}` }));
  const hubs = Array.from({ length: int(1, 2) }, (_, h) => ({
    id: uuid(3, h),
    code: `HUB${h}`,
    country_code: 'PL',
    is_default: h === 0,
  }));
  const lines = [uuid(4, 0), uuid(4, 1)];
  const donors = [uuid(5, 0), uuid(5, 1)];
  const lots: InputLot[] = [];
  for (const item of items) {
    for (let k = int(1, 5); k > 0; k--) {
      const forecast = int(0, 2) === 0;
      const line = lines[int(0, 1)]!;
      lots.push({
        key: forecast ? `forecast:${line}:${lots.length}` : uuid(6, lots.length),
        kind: forecast ? 'forecast' : 'pledge',
        pledge_id: forecast ? null : uuid(6, lots.length),
        production_line_id: forecast ? line : null,
        donor_org_id: forecast ? null : donors[int(0, 1)]!,
        manufacturer_org_id: null,
        item_id: item.id,
        quantity: int(1, 40),
        week: int(0, 12),
        hub_id: int(0, 2) === 0 ? null : hubs[int(0, hubs.length - 1)]!.id,
      });
    }
  }
  const needs: InputNeed[] = [];
  for (const item of items) {
    for (let k = int(1, 6); k > 0; k--) {
      const due = int(-10, 14);
      needs.push({
        key: uuid(7, needs.length),
        need_id: uuid(7, needs.length),
        item_id: item.id,
        region_id: regions[int(0, regions.length - 1)]!.id,
        recipient_org_id: null,
        priority: (['critical', 'high', 'medium', 'low'] as const)[int(0, 3)]!,
        quantity: int(1, 30),
        due,
        useful_until: int(0, 2) === 0 ? due + int(-3, 10) : null,
        bundle_lead: null,
      });
    }
  }
  const lead_times = hubs.flatMap((h) =>
    regions.map((r) => ({
      hub_id: h.id,
      region_id: r.id,
      weeks: int(0, 6),
      cost: int(0, 2) === 0 ? int(0, 30) : null,
    })),
  );
  const input: PlanInput = {
    start_week: '2026-W10',
    items,
    regions,
    hubs,
    lead_times,
    bundles: [],
    lots,
    needs,
  };
  const pickItem = () => items[int(0, items.length - 1)]!.code;
  const scenario: Scenario = {
    extra_supply: int(0, 1) ? [{ item: pickItem(), quantity: int(1, 50), week: int(0, 8) }] : [],
    removed_supply: int(0, 1) ? [{ item: pickItem(), quantity: int(1, 30) }] : [],
    delayed_donors: int(0, 1) ? [{ donor_org_id: donors[0]!, weeks: int(1, 6) }] : [],
    extra_needs: int(0, 1)
      ? [
          {
            item: pickItem(),
            region: regions[0]!.code,
            quantity: int(1, 30),
            priority: 'critical',
            due_week: int(0, 6),
          },
        ]
      : [],
    outages: int(0, 1) ? [{ plant: 'Plant A', from_week: int(0, 4), until_week: int(5, 12) }] : [],
  };
  const effects: OutageEffect[] = (scenario.outages ?? []).map((o, i) => ({
    outage: i,
    production_line_id: lines[0]!,
    share: [1, 0.5, 0.25][int(0, 2)]!,
    from_week: o.from_week ?? 0,
    until_week: o.until_week ?? null,
  }));
  return { input, scenario, effects };
}

describe('randomised cross-check with scenarios', () => {
  it('agrees across network, HiGHS and the MPS read-back on live inputs with and without a scenario', async () => {
    let changed = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const { input, scenario, effects } = randomInputAndScenario(seed);
      const edited = applyScenario(input, scenario, effects);
      for (const [label, planInput] of [
        ['live', input],
        ['scenario', edited],
      ] as const) {
        const { problem } = buildProblem(planInput, {
          horizon: 8 + (seed % 19),
          lateness: seed % 5,
          weights: DEFAULT_WEIGHTS,
        });
        const what = `seed ${seed} ${label}`;
        const network = solveNetworkSimplex(problem);
        const highs = await solveHighs(problem);
        expect(highs.status, what).toBe('optimal');
        expectFeasible(problem, network, `${what} network`);
        expectSameObjective(network.objective, highs.objective, `${what} network vs highs`);
        const fromMps = await solveSparseLp(readMps(formatMps(problem)));
        expectSameObjective(fromMps.objective, highs.objective, `${what} MPS read back`);
      }
      if (formatMps(buildProblem(edited).problem) !== formatMps(buildProblem(input).problem)) changed++;
    }
    // Most scenarios must change the model, or this proves little.
    expect(changed).toBeGreaterThan(30);
  }, 120_000);
});

describe('network simplex on generated instances', () => {
  it('agrees with successive shortest paths on objective and every lot dual, over many pivots', async () => {
    for (let seed = 1; seed <= 6; seed++) {
      const problem = generateProblem({
        items: 2,
        lotsPerItem: 10 + seed * 4,
        needsPerItem: 20 + seed * 8,
        weeks: 26,
        regions: 4,
        hubs: 3,
        seed: 100 + seed,
        lateness: seed % 5,
      });
      const simplex = solveNetworkSimplex(problem);
      const ssp = solveNetwork(problem);
      expectFeasible(problem, simplex, `seed ${seed} simplex`);
      expectSameObjective(simplex.objective, ssp.objective, `seed ${seed} simplex vs SSP`);
      for (let s = 0; s < problem.lots.count; s++) {
        expectSameObjective(simplex.lotDual[s]!, ssp.lotDual[s]!, `seed ${seed} dual of lot ${s}`);
      }
      if (seed === 1) {
        const highs = await solveHighs(problem);
        expectSameObjective(simplex.objective, highs.objective, 'seed 1 simplex vs HiGHS');
      }
    }
  }, 60_000);
});
