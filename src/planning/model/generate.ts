/**
 * Seeded generator of coalition-scale planning instances for tests and benchmarks.
 *
 * The instances follow shared/reference/planner-model.md: per item, supply lots at hubs (some
 * already there: negative availability weeks) and needs in regions (some already past due), lead
 * times of 0–6 weeks per (hub, region), integer quantities, priorities in a realistic mix and a
 * supply of 60–90 % of demand per item so that scarcity decides who is served. The same options
 * give the same arrays on every machine: the generator has its own PRNG (mulberry32) and never
 * touches Math.random.
 */
import {
  type Bundle,
  DEFAULT_LATENESS,
  DEFAULT_WEIGHTS,
  type PlanningProblem,
  PRIORITY_WEIGHT,
} from './types.js';

export interface GenerateOptions {
  readonly items: number;
  readonly lotsPerItem: number;
  readonly needsPerItem: number;
  /** Planning horizon H in weeks. */
  readonly weeks: number;
  readonly regions: number;
  readonly hubs: number;
  /** Bundles to add; each links one need of an item to one need of the next item (a kit). */
  readonly bundles?: number;
  readonly seed: number;
  /** Allowed lateness Λ in weeks (default 4). */
  readonly lateness?: number;
}

export type SizeName = 'S' | 'M' | 'L' | 'XL';

/**
 * The benchmark sizes. L is the coalition scale of the issue (200 items × 50 lots × 100 needs,
 * 26 weeks, 8 regions): about 0.7 million arcs and 1.4 million non-zeros; XL doubles it.
 */
export const SIZES: Readonly<Record<SizeName, GenerateOptions>> = {
  S: { items: 10, lotsPerItem: 10, needsPerItem: 20, weeks: 26, regions: 4, hubs: 3, seed: 1 },
  M: { items: 50, lotsPerItem: 25, needsPerItem: 50, weeks: 26, regions: 8, hubs: 4, seed: 2 },
  L: { items: 200, lotsPerItem: 50, needsPerItem: 100, weeks: 26, regions: 8, hubs: 6, seed: 3 },
  XL: { items: 400, lotsPerItem: 50, needsPerItem: 100, weeks: 26, regions: 8, hubs: 6, seed: 4 },
};

/** mulberry32: a small, fast 32-bit PRNG; ample for synthetic data, identical on every platform. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [low, high], both included. */
function integerBetween(random: () => number, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

/** Priority mix of a coalition's needs: few critical, most medium or low. */
const PRIORITY_MIX: readonly (readonly [weight: number, share: number])[] = [
  [PRIORITY_WEIGHT.critical, 0.1],
  [PRIORITY_WEIGHT.high, 0.25],
  [PRIORITY_WEIGHT.medium, 0.35],
  [PRIORITY_WEIGHT.low, 0.3],
];

function drawPriority(random: () => number): number {
  let draw = random();
  for (const [weight, share] of PRIORITY_MIX) {
    if (draw < share) return weight;
    draw -= share;
  }
  return PRIORITY_WEIGHT.low;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** A deterministic instance of the allocation model; see the module comment for its shape. */
export function generateProblem(options: GenerateOptions): PlanningProblem {
  const { items, lotsPerItem, needsPerItem, weeks, regions, hubs } = options;
  for (const [name, value] of Object.entries({ items, lotsPerItem, needsPerItem, weeks, regions, hubs })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer`);
  }
  const random = createRandom(options.seed);
  const lateness = options.lateness ?? DEFAULT_LATENESS;
  const itemWidth = String(items - 1).length;

  const leadTime = new Int32Array(hubs * regions);
  for (let k = 0; k < leadTime.length; k++) leadTime[k] = integerBetween(random, 0, 6);

  const lotCount = items * lotsPerItem;
  const needCount = items * needsPerItem;
  const lots = {
    count: lotCount,
    id: new Array<string>(lotCount),
    item: new Int32Array(lotCount),
    quantity: new Float64Array(lotCount),
    available: new Int32Array(lotCount),
    hub: new Int32Array(lotCount),
  };
  const needs = {
    count: needCount,
    id: new Array<string>(needCount),
    item: new Int32Array(needCount),
    quantity: new Float64Array(needCount),
    priority: new Float64Array(needCount),
    due: new Int32Array(needCount),
    region: new Int32Array(needCount),
  };
  // Lots become available over the first ~60 % of the horizon; needs fall due across all of it.
  const lastAvailable = Math.max(0, Math.round(weeks * 0.6));
  const share = new Float64Array(lotsPerItem);

  for (let i = 0; i < items; i++) {
    const item = `item-${pad(i, itemWidth)}`;
    // Item sizes differ by orders of magnitude (vehicles vs rounds of ammunition).
    const scale = 10 ** integerBetween(random, 0, 2);
    let demand = 0;
    for (let k = 0; k < needsPerItem; k++) {
      const d = i * needsPerItem + k;
      needs.id[d] = `${item}/need-${pad(k, 3)}`;
      needs.item[d] = i;
      const quantity = scale * integerBetween(random, 1, 100);
      needs.quantity[d] = quantity;
      demand += quantity;
      needs.priority[d] = drawPriority(random);
      // About one need in ten is already past due.
      needs.due[d] = random() < 0.1 ? integerBetween(random, -4, -1) : integerBetween(random, 0, weeks - 1);
      needs.region[d] = integerBetween(random, 0, regions - 1);
    }
    // Supply is 60–90 % of demand, shared unevenly among the lots; integer and exact.
    const supply = Math.floor(demand * (0.6 + 0.3 * random()));
    let shares = 0;
    for (let k = 0; k < lotsPerItem; k++) {
      share[k] = 0.2 + random();
      shares += share[k]!;
    }
    let given = 0;
    for (let k = 0; k < lotsPerItem; k++) {
      const s = i * lotsPerItem + k;
      lots.id[s] = `${item}/lot-${pad(k, 3)}`;
      lots.item[s] = i;
      const quantity = k === lotsPerItem - 1 ? supply - given : Math.floor((supply * share[k]!) / shares);
      lots.quantity[s] = quantity;
      given += quantity;
      // About one lot in five is already at its hub.
      lots.available[s] =
        random() < 0.2 ? integerBetween(random, -3, -1) : integerBetween(random, 0, lastAvailable);
      lots.hub[s] = integerBetween(random, 0, hubs - 1);
    }
  }

  const bundles: Bundle[] = [];
  const bundleCount = Math.min(options.bundles ?? 0, Math.max(0, items - 1) * needsPerItem);
  const bundled = new Uint8Array(needCount);
  for (let b = 0; bundles.length < bundleCount && b < bundleCount * 20; b++) {
    const leadItem = integerBetween(random, 0, items - 2);
    const leadNeed = leadItem * needsPerItem + integerBetween(random, 0, needsPerItem - 1);
    const memberNeed = (leadItem + 1) * needsPerItem + integerBetween(random, 0, needsPerItem - 1);
    if (bundled[leadNeed] || bundled[memberNeed]) continue;
    bundled[leadNeed] = 1;
    bundled[memberNeed] = 1;
    bundles.push({ leadNeed, members: [{ need: memberNeed, ratio: integerBetween(random, 1, 4) }] });
  }

  return {
    horizon: weeks,
    lateness,
    weights: DEFAULT_WEIGHTS,
    items: Array.from({ length: items }, (_, i) => `item-${pad(i, itemWidth)}`),
    hubs: Array.from({ length: hubs }, (_, h) => `hub-${h}`),
    regions: Array.from({ length: regions }, (_, g) => `region-${g}`),
    leadTime,
    lots,
    needs,
    bundles,
  };
}

/**
 * An incident: the needs of one item grow by `extra` units each (at least one need of the item is
 * touched). Returns a new problem sharing every array but the needs' quantities.
 */
export function applyIncident(problem: PlanningProblem, item: number, extra: number): PlanningProblem {
  const quantity = problem.needs.quantity.slice();
  let touched = 0;
  for (let d = 0; d < problem.needs.count; d++) {
    if (problem.needs.item[d] === item) {
      quantity[d] = quantity[d]! + extra;
      touched++;
    }
  }
  if (touched === 0) throw new RangeError(`item ${item} has no needs`);
  return { ...problem, needs: { ...problem.needs, quantity } };
}
