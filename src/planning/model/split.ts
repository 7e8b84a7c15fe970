/**
 * Splits a planning problem into independent parts and merges their solutions. Items share no
 * constraint except through bundles, so each item (or each group of items joined by bundles) is a
 * problem of its own: small enough to solve fast and to hand to a worker thread as plain data.
 */
import { arcStartsByLot, buildArcs, evaluateObjective } from './arcs.js';
import type { Arcs, Bundle, PlanningProblem, Solution } from './types.js';

/** One independent part: a re-indexed problem plus the maps back to the whole problem. */
export interface Component {
  readonly problem: PlanningProblem;
  readonly items: Int32Array; // component item → problem item
  readonly lots: Int32Array; // component lot → problem lot (ascending)
  readonly needs: Int32Array; // component need → problem need (ascending)
  readonly bundles: Int32Array; // component bundle → problem bundle
  /** No lots or no needs: every need is unmet, nothing to solve. */
  readonly trivial: boolean;
}

export interface ComponentSolution {
  readonly component: Component;
  readonly solution: Solution;
}

function find(parent: Int32Array, i: number): number {
  let root = i;
  while (parent[root]! !== root) root = parent[root]!;
  while (parent[i]! !== root) {
    const next = parent[i]!;
    parent[i] = root;
    i = next;
  }
  return root;
}

function pick<T extends Int32Array | Float64Array>(source: T, index: Int32Array): T {
  const out = new (source.constructor as new (n: number) => T)(index.length);
  for (let k = 0; k < index.length; k++) out[k] = source[index[k]!]!;
  return out;
}

/**
 * One component per item, items joined by a bundle (lead and member needs) together, in order of
 * their smallest item index; items with neither lots nor needs are left out.
 */
export function splitProblem(problem: PlanningProblem): Component[] {
  const { lots, needs, bundles } = problem;
  const itemCount = problem.items.length;
  const parent = Int32Array.from({ length: itemCount }, (_, i) => i);
  const checkNeed = (d: number, b: number): void => {
    if (!Number.isInteger(d) || d < 0 || d >= needs.count) {
      throw new RangeError(`bundle ${b} names need ${d}, outside 0..${needs.count - 1}`);
    }
  };
  bundles.forEach((bundle, b) => {
    checkNeed(bundle.leadNeed, b);
    const lead = needs.item[bundle.leadNeed]!;
    for (const member of bundle.members) {
      checkNeed(member.need, b);
      const a = find(parent, lead);
      const c = find(parent, needs.item[member.need]!);
      if (a !== c) parent[Math.max(a, c)] = Math.min(a, c);
    }
  });

  // Roots are the smallest item of their group, so numbering roots in item order orders components.
  const componentOf = new Int32Array(itemCount).fill(-1);
  const present = new Uint8Array(itemCount);
  for (let s = 0; s < lots.count; s++) present[lots.item[s]!] = 1;
  for (let d = 0; d < needs.count; d++) present[needs.item[d]!] = 1;
  let componentCount = 0;
  const rootComponent = new Int32Array(itemCount).fill(-1);
  for (let i = 0; i < itemCount; i++) {
    if (!present[i]) continue;
    const root = find(parent, i);
    if (rootComponent[root]! < 0) rootComponent[root] = componentCount++;
    componentOf[i] = rootComponent[root]!;
  }

  const collect = (count: number, key: (k: number) => number): Int32Array[] => {
    const sizes = new Int32Array(componentCount);
    for (let k = 0; k < count; k++) {
      const c = key(k);
      if (c >= 0) sizes[c]!++;
    }
    const lists = Array.from(sizes, (size) => new Int32Array(size));
    const fill = new Int32Array(componentCount);
    for (let k = 0; k < count; k++) {
      const c = key(k);
      if (c >= 0) lists[c]![fill[c]!++] = k;
    }
    return lists;
  };
  const itemLists = collect(itemCount, (i) => componentOf[i]!);
  const lotLists = collect(lots.count, (s) => componentOf[lots.item[s]!]!);
  const needLists = collect(needs.count, (d) => componentOf[needs.item[d]!]!);
  const bundleLists = collect(bundles.length, (b) => componentOf[needs.item[bundles[b]!.leadNeed]!]!);

  const localItem = new Int32Array(itemCount);
  const localNeed = new Int32Array(needs.count);
  const components: Component[] = [];
  for (let c = 0; c < componentCount; c++) {
    const items = itemLists[c]!;
    const lotIndex = lotLists[c]!;
    const needIndex = needLists[c]!;
    const bundleIndex = bundleLists[c]!;
    items.forEach((i, k) => {
      localItem[i] = k;
    });
    needIndex.forEach((d, k) => {
      localNeed[d] = k;
    });
    const localBundles: Bundle[] = Array.from(bundleIndex, (b) => {
      const bundle = bundles[b]!;
      return {
        leadNeed: localNeed[bundle.leadNeed]!,
        members: bundle.members.map((m) => ({ need: localNeed[m.need]!, ratio: m.ratio })),
      };
    });
    const lotItem = pick(lots.item, lotIndex).map((i) => localItem[i]!);
    const needItem = pick(needs.item, needIndex).map((i) => localItem[i]!);
    const part: PlanningProblem = {
      horizon: problem.horizon,
      lateness: problem.lateness,
      weights: problem.weights,
      items: Array.from(items, (i) => problem.items[i]!),
      hubs: problem.hubs,
      regions: problem.regions,
      leadTime: problem.leadTime,
      ...(problem.transportCost ? { transportCost: problem.transportCost } : {}),
      lots: {
        count: lotIndex.length,
        id: Array.from(lotIndex, (s) => lots.id[s]!),
        item: lotItem,
        quantity: pick(lots.quantity, lotIndex),
        available: pick(lots.available, lotIndex),
        hub: pick(lots.hub, lotIndex),
      },
      needs: {
        count: needIndex.length,
        id: Array.from(needIndex, (d) => needs.id[d]!),
        item: needItem,
        quantity: pick(needs.quantity, needIndex),
        priority: pick(needs.priority, needIndex),
        due: pick(needs.due, needIndex),
        region: pick(needs.region, needIndex),
        ...(needs.usefulUntil ? { usefulUntil: pick(needs.usefulUntil, needIndex) } : {}),
      },
      bundles: localBundles,
      ...(problem.itemPrice ? { itemPrice: pick(problem.itemPrice, items) } : {}),
      ...(problem.itemUnit ? { itemUnit: Array.from(items, (i) => problem.itemUnit![i]!) } : {}),
    };
    components.push({
      problem: part,
      items,
      lots: lotIndex,
      needs: needIndex,
      bundles: bundleIndex,
      trivial: lotIndex.length === 0 || needIndex.length === 0,
    });
  }
  return components;
}

const statusRank = { optimal: 0, cancelled: 1, error: 2 } as const;

/**
 * The whole problem's solution from its parts: flows mapped onto the whole problem's arcs, unmet
 * and lot duals mapped back, the objective re-evaluated on the whole. Trivial parts may be left out
 * (their needs are then wholly unmet); a missing part with arcs is an error, never a silent gap.
 */
export function mergeSolutions(
  problem: PlanningProblem,
  parts: readonly ComponentSolution[],
  arcs: Arcs = buildArcs(problem),
): Solution {
  const started = performance.now();
  const flow = new Float64Array(arcs.count);
  const unmet = new Float64Array(problem.needs.count).fill(Number.NaN);
  const lotDual = new Float64Array(problem.lots.count);
  const globalStart = arcStartsByLot(arcs, problem.lots.count);
  let status: Solution['status'] = 'optimal';
  const methodNeeds = { network: 0, highs: 0, greedy: 0 };
  let buildMs = 0;
  let solveMs = 0;

  for (const { component, solution } of parts) {
    const part = component.problem;
    if (solution.unmet.length !== part.needs.count || solution.lotDual.length !== part.lots.count) {
      throw new Error('mergeSolutions: a solution does not match its component');
    }
    if (statusRank[solution.status] > statusRank[status]) status = solution.status;
    methodNeeds[solution.method] += part.needs.count;
    buildMs += solution.timings.buildMs;
    solveMs += solution.timings.solveMs;
    const localStart = arcStartsByLot(solution.arcs, part.lots.count);
    for (let ls = 0; ls < part.lots.count; ls++) {
      const s = component.lots[ls]!;
      const from = localStart[ls]!;
      const length = localStart[ls + 1]! - from;
      const to = globalStart[s]!;
      if (length !== globalStart[s + 1]! - to) {
        throw new Error(
          `mergeSolutions: lot ${s} has ${length} arcs in its component, not ${globalStart[s + 1]! - to}`,
        );
      }
      for (let k = 0; k < length; k++) {
        if (component.needs[solution.arcs.need[from + k]!]! !== arcs.need[to + k]!) {
          throw new Error(`mergeSolutions: arcs of lot ${s} differ between the component and the whole`);
        }
        flow[to + k] = solution.flow[from + k]!;
      }
      lotDual[s] = solution.lotDual[ls]!;
    }
    for (let ld = 0; ld < part.needs.count; ld++) unmet[component.needs[ld]!] = solution.unmet[ld]!;
  }

  const hasArc = new Uint8Array(problem.needs.count);
  for (let a = 0; a < arcs.count; a++) hasArc[arcs.need[a]!] = 1;
  for (let d = 0; d < problem.needs.count; d++) {
    if (!Number.isNaN(unmet[d]!)) continue;
    if (hasArc[d]) throw new Error(`mergeSolutions: no part solves need ${d}, which has arcs`);
    unmet[d] = problem.needs.quantity[d]!;
  }
  // A merge of network (bundle-free parts) and HiGHS (bundled parts) reports the method of most needs.
  const method = (['network', 'highs', 'greedy'] as const).reduce((best, m) =>
    methodNeeds[m] > methodNeeds[best] ? m : best,
  );
  return {
    status,
    method,
    objective: evaluateObjective(problem, arcs, flow, unmet),
    arcs,
    flow,
    unmet,
    lotDual,
    timings: { buildMs: buildMs + (performance.now() - started), solveMs },
  };
}
