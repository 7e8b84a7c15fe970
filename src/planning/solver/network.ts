/**
 * Min-cost flow for bundle-free components: successive shortest paths with node potentials
 * (Dijkstra on reduced costs, binary heap, CSR residual graph in typed arrays). Per item the
 * network is small (tens of lots, ~100 needs, a few thousand arcs), so buffers are reused across
 * calls and nothing is allocated per arc or per iteration.
 *
 * Network: S → lot s (cap q_s, cost 0); lot s → need d per arc (cap ∞, unitCost); need d → T
 * (cap n_d, cost −M_unmet·p_d). Every need starts unmet; a path S → … → T of negative cost meets one
 * more unit more cheaply than leaving it unmet. Paths are augmented while the shortest costs less
 * than zero: the total then is the optimum of min Σ M_unmet p_d y_d + Σ unitCost x (a min-cost flow
 * of free value, whose cost is convex in the value with the path costs as slopes).
 */
import { buildArcs, unmetCosts } from '../model/arcs.js';
import type { PlanningProblem, Solution, Solver } from '../model/types.js';

interface Buffers {
  nodes: number;
  edges: number;
  to: Int32Array;
  cap: Float64Array;
  cost: Float64Array;
  adjStart: Int32Array;
  rev: Int32Array; // position of the paired (reverse) edge
  pairPos: Int32Array; // position of each pair's forward edge
  fill: Int32Array;
  potential: Float64Array;
  dist: Float64Array;
  parent: Int32Array;
  done: Int32Array;
  heap: Int32Array;
  position: Int32Array;
  current: Int32Array;
  dead: Int32Array;
  onPath: Uint8Array;
  stack: Int32Array;
}

let buffers: Buffers | undefined;

function buffersFor(nodes: number, edges: number): Buffers {
  if (buffers && buffers.nodes >= nodes && buffers.edges >= edges) return buffers;
  const n = Math.max(nodes, buffers?.nodes ?? 0, 64) * 2;
  const m = Math.max(edges, buffers?.edges ?? 0, 256) * 2;
  buffers = {
    nodes: n,
    edges: m,
    to: new Int32Array(m),
    cap: new Float64Array(m),
    cost: new Float64Array(m),
    adjStart: new Int32Array(n + 1),
    rev: new Int32Array(m),
    pairPos: new Int32Array(m),
    fill: new Int32Array(n + 1),
    potential: new Float64Array(n),
    dist: new Float64Array(n),
    parent: new Int32Array(n),
    done: new Int32Array(n),
    heap: new Int32Array(n),
    position: new Int32Array(n),
    current: new Int32Array(n),
    dead: new Int32Array(n),
    onPath: new Uint8Array(n),
    stack: new Int32Array(n),
  };
  return buffers;
}

/** Indexed binary min-heap over node ids keyed by `key`; `position[v] = -1` when v is not queued. */
class NodeHeap {
  size = 0;
  constructor(
    private readonly heap: Int32Array,
    private readonly position: Int32Array,
    private readonly key: Float64Array,
  ) {}

  reset(nodes: number): void {
    this.size = 0;
    this.position.fill(-1, 0, nodes);
  }

  /** Inserts v or lowers its key (already written to `key[v]`). */
  update(v: number): void {
    let i = this.position[v]!;
    if (i < 0) {
      i = this.size++;
    }
    const { heap, position, key } = this;
    const k = key[v]!;
    while (i > 0) {
      const up = (i - 1) >> 1;
      const u = heap[up]!;
      if (key[u]! <= k) break;
      heap[i] = u;
      position[u] = i;
      i = up;
    }
    heap[i] = v;
    position[v] = i;
  }

  pop(): number {
    const { heap, position, key } = this;
    const top = heap[0]!;
    position[top] = -1;
    const last = heap[--this.size]!;
    if (this.size > 0) {
      const k = key[last]!;
      let i = 0;
      const n = this.size;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && key[heap[child + 1]!]! < key[heap[child]!]!) child++;
        const c = heap[child]!;
        if (key[c]! >= k) break;
        heap[i] = c;
        position[c] = i;
        i = child;
      }
      heap[i] = last;
      position[last] = i;
    }
    return top;
  }
}

/**
 * After the potentials are updated, every S → T path of zero reduced cost is a shortest path, and
 * usually there are many (ties are the rule with whole-week lateness and small integer costs).
 * Augmenting along all that a depth-first search finds (Dinic-style, with current-edge pointers
 * and dead nodes) saves most Dijkstra runs; reduced costs stay non-negative because the reverse of
 * a zero-cost edge costs zero too. Whatever it misses, the next Dijkstra finds.
 */
function augmentAdmissible(
  buf: Buffers,
  N: number,
  S: number,
  T: number,
  phase: number,
  capEps: number,
  costEps: number,
): void {
  const { to, cap, cost, adjStart, rev, potential, current, dead, onPath, stack } = buf;
  for (let v = 0; v < N; v++) current[v] = adjStart[v]!;
  let top = 0;
  let v = S;
  onPath[S] = 1;
  for (;;) {
    if (v === T) {
      let bottleneck = Number.POSITIVE_INFINITY;
      let cut = 0;
      for (let i = 0; i < top; i++) {
        const e = stack[i]!;
        if (cap[e]! < bottleneck) {
          bottleneck = cap[e]!;
          cut = i;
        }
      }
      for (let i = 0; i < top; i++) {
        const e = stack[i]!;
        cap[e]! -= bottleneck;
        cap[rev[e]!]! += bottleneck;
      }
      // Resume from the tail of the first saturated edge; the path before it is still open.
      for (let i = cut; i < top; i++) onPath[to[stack[i]!]!] = 0;
      top = cut;
      v = to[rev[stack[cut]!]!]!;
      continue;
    }
    let next = -1;
    const pv = potential[v]!;
    const end = adjStart[v + 1]!;
    let k = current[v]!;
    for (; k < end; k++) {
      if (cap[k]! <= capEps) continue;
      const w = to[k]!;
      if (dead[w] === phase || onPath[w] === 1) continue;
      if (cost[k]! + pv - potential[w]! <= costEps) {
        next = k;
        break;
      }
    }
    current[v] = k;
    if (next >= 0) {
      stack[top++] = next;
      v = to[next]!;
      onPath[v] = 1;
      continue;
    }
    dead[v] = phase;
    onPath[v] = 0;
    if (v === S) return;
    const back = stack[--top]!;
    v = to[rev[back]!]!;
    current[v]!++;
  }
}

/** Solves a bundle-free problem (one item or several) to optimality; lot duals from the final residual graph. */
export function solveNetwork(problem: PlanningProblem, signal?: AbortSignal): Solution {
  if (problem.bundles.length > 0) {
    throw new Error(
      `network solver: the problem has ${problem.bundles.length} bundle(s), which a min-cost flow cannot express; use the 'highs' solver`,
    );
  }
  const started = performance.now();
  const arcs = buildArcs(problem);
  const unmetOf = unmetCosts(problem);
  const L = problem.lots.count;
  const D = problem.needs.count;
  const A = arcs.count;
  const N = L + D + 2;
  const S = 0;
  const T = N - 1;
  const lotNode = 1;
  const needNode = 1 + L;
  const pairs = L + A + D;
  const E = 2 * pairs;
  const buf = buffersFor(N, E);
  const { to, cap, cost, adjStart, rev, pairPos, fill, potential, dist, parent, done } = buf;
  const lotQuantity = problem.lots.quantity;
  const needQuantity = problem.needs.quantity;

  // Edges are stored at their position in the tail's adjacency (CSR), so Dijkstra reads them in
  // order; each pair p = (forward, reverse) is found through pairPos and rev.
  adjStart.fill(0, 0, N + 1);
  adjStart[S + 1] = L;
  for (let s = 0; s < L; s++) adjStart[lotNode + s + 1] = 1;
  for (let d = 0; d < D; d++) adjStart[needNode + d + 1] = 1;
  adjStart[T + 1] = D;
  for (let a = 0; a < A; a++) {
    adjStart[lotNode + arcs.lot[a]! + 1]!++;
    adjStart[needNode + arcs.need[a]! + 1]!++;
  }
  for (let v = 0; v < N; v++) adjStart[v + 1]! += adjStart[v]!;
  fill.set(adjStart.subarray(0, N));

  let maxQuantity = 0;
  let maxCost = 0;
  const setPair = (p: number, from: number, head: number, capacity: number, c: number): void => {
    const f = fill[from]!++;
    const r = fill[head]!++;
    pairPos[p] = f;
    to[f] = head;
    cap[f] = capacity;
    cost[f] = c;
    rev[f] = r;
    to[r] = from;
    cap[r] = 0;
    cost[r] = -c;
    rev[r] = f;
  };
  for (let s = 0; s < L; s++) {
    const q = lotQuantity[s]!;
    if (!(q >= 0 && q < Number.POSITIVE_INFINITY)) throw new RangeError(`lot ${s} has quantity ${q}`);
    if (q > maxQuantity) maxQuantity = q;
    setPair(s, S, lotNode + s, q, 0);
  }
  for (let a = 0; a < A; a++) {
    const c = arcs.unitCost[a]!;
    if (c > maxCost) maxCost = c;
    setPair(L + a, lotNode + arcs.lot[a]!, needNode + arcs.need[a]!, Number.POSITIVE_INFINITY, c);
  }
  for (let d = 0; d < D; d++) {
    const n = needQuantity[d]!;
    if (!(n >= 0 && n < Number.POSITIVE_INFINITY)) throw new RangeError(`need ${d} has quantity ${n}`);
    if (n > maxQuantity) maxQuantity = n;
    const u = unmetOf[d]!;
    if (u > maxCost) maxCost = u;
    setPair(L + A + d, needNode + d, T, n, -u);
  }

  // Initial potentials: shortest distances in the (acyclic) network before any flow.
  potential.fill(0, 0, N);
  const needPotential = potential.subarray(needNode, needNode + D);
  needPotential.fill(Number.POSITIVE_INFINITY);
  for (let a = 0; a < A; a++) {
    const d = arcs.need[a]!;
    if (arcs.unitCost[a]! < needPotential[d]!) needPotential[d] = arcs.unitCost[a]!;
  }
  let sinkPotential = 0;
  for (let d = 0; d < D; d++) {
    if (needPotential[d] === Number.POSITIVE_INFINITY) needPotential[d] = 0;
    sinkPotential = Math.min(sinkPotential, needPotential[d]! - unmetOf[d]!);
  }
  potential[T] = sinkPotential;

  const capEps = 1e-12 * (1 + maxQuantity);
  const costEps = 1e-12 * (1 + maxCost);
  const heap = new NodeHeap(buf.heap, buf.position, dist);
  const built = performance.now();

  done.fill(0, 0, N);
  buf.dead.fill(0, 0, N);
  buf.onPath.fill(0, 0, N);
  let round = 0;
  let status: Solution['status'] = 'optimal';
  for (;;) {
    round++;
    if ((round & 31) === 1 && signal?.aborted) {
      status = 'cancelled';
      break;
    }
    dist.fill(Number.POSITIVE_INFINITY, 0, N);
    heap.reset(N);
    dist[S] = 0;
    heap.update(S);
    while (heap.size > 0) {
      const u = heap.pop();
      done[u] = round;
      if (u === T) break;
      const base = dist[u]! + potential[u]!;
      for (let k = adjStart[u]!, end = adjStart[u + 1]!; k < end; k++) {
        if (cap[k]! <= capEps) continue;
        const v = to[k]!;
        if (done[v] === round) continue;
        const nd = base + cost[k]! - potential[v]!;
        if (nd < dist[v]!) {
          dist[v] = nd;
          parent[v] = k;
          heap.update(v);
        }
      }
    }
    const dT = dist[T]!;
    if (dT === Number.POSITIVE_INFINITY) break;
    if (dT + potential[T]! - potential[S]! >= -costEps) break;
    // Nodes not settled before T get dist(T): this keeps every reduced cost non-negative.
    for (let v = 0; v < N; v++) potential[v]! += done[v] === round ? dist[v]! : dT;
    let bottleneck = Number.POSITIVE_INFINITY;
    for (let v = T; v !== S; ) {
      const e = parent[v]!;
      if (cap[e]! < bottleneck) bottleneck = cap[e]!;
      v = to[rev[e]!]!;
    }
    for (let v = T; v !== S; ) {
      const e = parent[v]!;
      cap[e]! -= bottleneck;
      cap[rev[e]!]! += bottleneck;
      v = to[rev[e]!]!;
    }
    augmentAdmissible(buf, N, S, T, round, capEps, costEps);
  }

  const flow = new Float64Array(A);
  for (let a = 0; a < A; a++) flow[a] = cap[rev[pairPos[L + a]!]!]!;
  const unmet = new Float64Array(D);
  for (let d = 0; d < D; d++) {
    const y = needQuantity[d]! - cap[rev[pairPos[L + A + d]!]!]!;
    unmet[d] = Math.max(y, 0);
  }
  const lotDual = lotDuals(buf, heap, N, L, S, T, capEps, costEps);
  let objective = 0;
  for (let d = 0; d < D; d++) objective += unmetOf[d]! * unmet[d]!;
  for (let a = 0; a < A; a++) if (flow[a] !== 0) objective += arcs.unitCost[a]! * flow[a]!;
  return {
    status,
    method: 'network',
    objective,
    arcs,
    flow,
    unmet,
    lotDual,
    timings: { buildMs: built - started, solveMs: performance.now() - built },
  };
}

/**
 * Saving per extra unit in each lot: minus the cheapest residual path from the lot to S (another
 * lot gives up a unit) or to T (one more unit met), or 0 when both cost ≥ 0. One Dijkstra backwards
 * from {S, T} on reduced costs gives all lots at once; this is the lot's supply-row dual (the
 * smallest optimal one, i.e. exactly what re-solving with one more unit saves on integral data).
 */
function lotDuals(
  buf: Buffers,
  heap: NodeHeap,
  N: number,
  L: number,
  S: number,
  T: number,
  capEps: number,
  costEps: number,
): Float64Array {
  const { to, cap, cost, adjStart, rev, potential, dist } = buf;
  dist.fill(Number.POSITIVE_INFINITY, 0, N);
  heap.reset(N);
  dist[S] = potential[S]!;
  dist[T] = potential[T]!;
  heap.update(S);
  heap.update(T);
  const settled = buf.done;
  settled.fill(0, 0, N);
  while (heap.size > 0) {
    const v = heap.pop();
    settled[v] = 1;
    const base = dist[v]! - potential[v]!;
    for (let k = adjStart[v]!, end = adjStart[v + 1]!; k < end; k++) {
      const r = rev[k]!; // the edge u → v
      if (cap[r]! <= capEps) continue;
      const u = to[k]!;
      if (settled[u]) continue;
      const nd = base + cost[r]! + potential[u]!;
      if (nd < dist[u]!) {
        dist[u] = nd;
        heap.update(u);
      }
    }
  }
  const dual = new Float64Array(L);
  for (let s = 0; s < L; s++) {
    const v = 1 + s;
    const toTargets = dist[v]! - potential[v]!;
    dual[s] = toTargets < -costEps ? -toTargets : 0;
  }
  return dual;
}

/** The 'network' solver: optimal and fast for components without bundles. */
export const networkSolver: Solver = {
  name: 'network',
  solve: async (problem, options) => solveNetwork(problem, options?.signal),
};
