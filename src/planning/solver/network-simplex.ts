/**
 * Min-cost flow for bundle-free components by the primal network simplex with a block-search pivot
 * rule: the algorithm of LEMON's NetworkSimplex (Kovács, "Minimum-cost flow algorithms: an
 * experimental evaluation", 2015), ported to typed arrays: spanning-tree basis stored as parent,
 * predecessor arc, thread (preorder) and reverse thread, subtree sizes and last successors; the
 * strongly feasible leaving-arc rule (no cycling); potentials updated on the moved subtree only.
 *
 * Network (the same as bench/lemon-instance.ts gives LEMON): lots 0..S−1 (supply q_s), needs
 * S..S+D−1 (demand n_d), U = S+D (supplies Σn: what is left unmet) and the root Z = S+D+1 (takes Σq:
 * what is left unused). Arcs: lot → need (uncapacitated, unit cost), U → need (capacity n_d, the
 * need's unmet cost), lot → Z and U → Z (uncapacitated, cost 0). The first basis is "nothing moves":
 * lots → Z, U → Z, U → every need, which is feasible and strongly feasible, so no artificial arcs
 * or big-M costs are needed. Needs with nothing left (n_d = 0) are left out of the network.
 *
 * Lot duals come from the potentials: the strongly feasible tree lets every lot send a positive
 * amount to Z along its tree path, so π_s − π_Z is exactly what one more unit in lot s saves (the
 * cheapest residual path to Z) — the same definition as the successive-shortest-path solver, which
 * the cross-check compares on every instance.
 */
import { buildArcs, unmetCosts } from '../model/arcs.js';
import type { PlanningProblem, Solution, Solver } from '../model/types.js';

/** Block size = BLOCK_FACTOR · √arcs, as LEMON (0.5 and 2 were no faster on L here). */
const BLOCK_FACTOR = 1;
const STATE_UPPER = -1;
const STATE_TREE = 0;
const STATE_LOWER = 1;
const DIR_UP = 1;
const DIR_DOWN = -1;

interface Buffers {
  nodes: number;
  arcs: number;
  source: Int32Array;
  target: Int32Array;
  /** source and target side by side (2e, 2e + 1): the pricing scan reads one stream, not two. */
  ends: Int32Array;
  cost: Float64Array;
  cap: Float64Array;
  flow: Float64Array;
  state: Int8Array;
  pi: Float64Array;
  parent: Int32Array;
  pred: Int32Array;
  predDir: Int8Array;
  thread: Int32Array;
  revThread: Int32Array;
  succNum: Int32Array;
  lastSucc: Int32Array;
  dirty: Int32Array;
  at: Int32Array;
}

let buffers: Buffers | undefined;

function buffersFor(nodes: number, arcs: number): Buffers {
  if (buffers && buffers.nodes >= nodes && buffers.arcs >= arcs) return buffers;
  const n = Math.max(nodes, buffers?.nodes ?? 0, 64) * 2;
  const m = Math.max(arcs, buffers?.arcs ?? 0, 256) * 2;
  buffers = {
    nodes: n,
    arcs: m,
    source: new Int32Array(m),
    target: new Int32Array(m),
    ends: new Int32Array(2 * m),
    cost: new Float64Array(m),
    cap: new Float64Array(m),
    flow: new Float64Array(m),
    state: new Int8Array(m),
    pi: new Float64Array(n),
    parent: new Int32Array(n),
    pred: new Int32Array(n),
    predDir: new Int8Array(n),
    thread: new Int32Array(n),
    revThread: new Int32Array(n),
    succNum: new Int32Array(n),
    lastSucc: new Int32Array(n),
    dirty: new Int32Array(n),
    at: new Int32Array(m),
  };
  return buffers;
}

/** Solves a bundle-free problem to optimality by the network simplex; see the module doc. */
export function solveNetworkSimplex(problem: PlanningProblem, signal?: AbortSignal): Solution {
  if (problem.bundles.length > 0) {
    throw new Error(
      `network solver: the problem has ${problem.bundles.length} bundle(s), which a min-cost flow cannot express; use the 'highs' solver`,
    );
  }
  const started = performance.now();
  const arcs = buildArcs(problem);
  const unmetOf = unmetCosts(problem);
  const S = problem.lots.count;
  const D = problem.needs.count;
  const A = arcs.count;
  const lotQuantity = problem.lots.quantity;
  const needQuantity = problem.needs.quantity;
  const U = S + D;
  const Z = S + D + 1;
  const N = S + D + 2;
  // Arcs: [0, A) lot → need, [A, A + D) U → need, [A + D, A + D + S) lot → Z, A + D + S: U → Z.
  const unmetArc = A;
  const unusedArc = A + D;
  const uToZ = A + D + S;
  const M = A + D + S + 1;
  const buf = buffersFor(N, M);
  // LEMON's arc mixing: consecutive positions hold arcs far apart in the natural order, so that a
  // block of the search sees many lots and needs.
  const at = buf.at;
  {
    const skip = Math.max(Math.floor(M / N), 3);
    let i = 0;
    let j = 0;
    for (let k = 0; k < M; k++) {
      at[k] = i;
      i += skip;
      if (i >= M) i = ++j;
    }
  }
  const { source, target, ends, cost, cap, flow, state, pi, parent, pred, predDir, thread, revThread } = buf;
  const { succNum, lastSucc, dirty } = buf;

  let maxCost = 0;
  for (let k = 0; k < A; k++) {
    const a = at[k]!;
    source[a] = arcs.lot[k]!;
    target[a] = S + arcs.need[k]!;
    const c = arcs.unitCost[k]!;
    cost[a] = c;
    if (c > maxCost) maxCost = c;
    cap[a] = Number.POSITIVE_INFINITY;
    flow[a] = 0;
    state[a] = STATE_LOWER;
  }
  for (let d = 0; d < D; d++) {
    const n = needQuantity[d]!;
    if (!(n >= 0 && n < Number.POSITIVE_INFINITY)) throw new RangeError(`need ${d} has quantity ${n}`);
    const e = at[unmetArc + d]!;
    source[e] = U;
    target[e] = S + d;
    cost[e] = unmetOf[d]!;
    if (unmetOf[d]! > maxCost) maxCost = unmetOf[d]!;
    cap[e] = n;
    flow[e] = n;
  }
  for (let s = 0; s < S; s++) {
    const q = lotQuantity[s]!;
    if (!(q >= 0 && q < Number.POSITIVE_INFINITY)) throw new RangeError(`lot ${s} has quantity ${q}`);
    const e = at[unusedArc + s]!;
    source[e] = s;
    target[e] = Z;
    cost[e] = 0;
    cap[e] = Number.POSITIVE_INFINITY;
    flow[e] = q;
    state[e] = STATE_TREE;
  }
  const uToZAt = at[uToZ]!;
  source[uToZAt] = U;
  target[uToZAt] = Z;
  for (let e = 0; e < M; e++) {
    ends[2 * e] = source[e]!;
    ends[2 * e + 1] = target[e]!;
  }
  cost[uToZAt] = 0;
  cap[uToZAt] = Number.POSITIVE_INFINITY;
  flow[uToZAt] = 0;
  state[uToZAt] = STATE_TREE;

  // The first basis, in preorder: Z, lots, U, needs with something left. A need with nothing left
  // stays out of the tree, and its arcs out of the search (its U → need arc is a tree arc in name only).
  parent[Z] = -1;
  pred[Z] = -1;
  pi[Z] = 0;
  let last = Z;
  const link = (u: number) => {
    thread[last] = u;
    revThread[u] = last;
    last = u;
  };
  for (let s = 0; s < S; s++) {
    parent[s] = Z;
    pred[s] = at[unusedArc + s]!;
    predDir[s] = DIR_UP;
    succNum[s] = 1;
    lastSucc[s] = s;
    pi[s] = 0;
    link(s);
  }
  parent[U] = Z;
  pred[U] = uToZAt;
  predDir[U] = DIR_UP;
  pi[U] = 0;
  link(U);
  let inTree = S + 2;
  for (let d = 0; d < D; d++) {
    const v = S + d;
    const e = at[unmetArc + d]!;
    if (needQuantity[d]! > 0) {
      parent[v] = U;
      pred[v] = e;
      predDir[v] = DIR_DOWN;
      succNum[v] = 1;
      lastSucc[v] = v;
      pi[v] = cost[e]!;
      state[e] = STATE_TREE;
      link(v);
      inTree++;
    } else {
      // Out of the network: no arc of it may enter.
      state[e] = STATE_TREE;
      parent[v] = -1;
      pi[v] = 0;
    }
  }
  thread[last] = Z;
  revThread[Z] = last;
  succNum[U] = inTree - S - 1;
  lastSucc[U] = last;
  succNum[Z] = inTree;
  lastSucc[Z] = last;
  // Arcs into a need that is out of the network are frozen (state TREE keeps them out of the search).
  for (let k = 0; k < A; k++) if (parent[S + arcs.need[k]!] === -1) state[at[k]!] = STATE_TREE;

  const costEps = 1e-11 * (1 + maxCost);
  const built = performance.now();

  // Block search (LEMON): scan blocks of ~√M arcs from where the last search stopped; enter the
  // most negative reduced cost of the first block that has one.
  const blockSize = Math.max(Math.ceil(BLOCK_FACTOR * Math.sqrt(M)), 10);
  let nextArc = 0;
  let status: Solution['status'] = 'optimal';
  let iterations = 0;
  for (;;) {
    if ((iterations++ & 1023) === 0 && signal?.aborted) {
      status = 'cancelled';
      break;
    }
    // ---- entering arc
    let inArc = -1;
    let min = -costEps;
    let count = blockSize;
    let e = nextArc;
    let scanEnd = M;
    scan: for (let pass = 0; pass < 2; pass++) {
      for (; e < scanEnd; e++) {
        const c = state[e]! * (cost[e]! + pi[ends[2 * e]!]! - pi[ends[2 * e + 1]!]!);
        if (c < min) {
          min = c;
          inArc = e;
        }
        if (--count === 0) {
          if (inArc >= 0) {
            e++;
            break scan;
          }
          count = blockSize;
        }
      }
      e = 0;
      scanEnd = nextArc;
    }
    if (inArc < 0) break;
    nextArc = e === M ? 0 : e;

    // ---- join node
    let u = source[inArc]!;
    let v = target[inArc]!;
    while (u !== v) {
      if (succNum[u]! < succNum[v]!) u = parent[u]!;
      else v = parent[v]!;
    }
    const join = u;

    // ---- leaving arc (strongly feasible rule: the last blocking arc in the cycle's direction)
    let first: number;
    let second: number;
    if (state[inArc] === STATE_LOWER) {
      first = source[inArc]!;
      second = target[inArc]!;
    } else {
      first = target[inArc]!;
      second = source[inArc]!;
    }
    let delta = cap[inArc]!;
    let result = 0;
    let uOut = -1;
    for (let w = first; w !== join; w = parent[w]!) {
      const a = pred[w]!;
      const d = predDir[w] === DIR_DOWN ? cap[a]! - flow[a]! : flow[a]!;
      if (d < delta) {
        delta = d;
        uOut = w;
        result = 1;
      }
    }
    for (let w = second; w !== join; w = parent[w]!) {
      const a = pred[w]!;
      const d = predDir[w] === DIR_UP ? cap[a]! - flow[a]! : flow[a]!;
      if (d <= delta) {
        delta = d;
        uOut = w;
        result = 2;
      }
    }
    if (delta === Number.POSITIVE_INFINITY) throw new Error('network simplex: unbounded (negative cycle)');
    let uIn: number;
    let vIn: number;
    if (result === 1) {
      uIn = first;
      vIn = second;
    } else {
      uIn = second;
      vIn = first;
    }

    // ---- change the flow along the cycle
    if (delta > 0) {
      const val = state[inArc]! * delta;
      flow[inArc]! += val;
      for (let w = source[inArc]!; w !== join; w = parent[w]!) flow[pred[w]!]! -= predDir[w]! * val;
      for (let w = target[inArc]!; w !== join; w = parent[w]!) flow[pred[w]!]! += predDir[w]! * val;
    }
    if (result === 0) {
      // The entering arc itself blocks: it moves to its other bound, the tree stays.
      state[inArc] = -state[inArc]! as -1 | 1;
      continue;
    }
    state[inArc] = STATE_TREE;
    const leaving = pred[uOut]!;
    state[leaving] = flow[leaving] === 0 ? STATE_LOWER : STATE_UPPER;

    // ---- update the tree (LEMON's updateTreeStructure)
    const oldRevThread = revThread[uOut]!;
    const oldSuccNum = succNum[uOut]!;
    const oldLastSucc = lastSucc[uOut]!;
    const vOut = parent[uOut]!;
    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc]!;
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn]!;
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc]! : thread[vIn]!;
      let stem = uIn;
      let parStem = vIn;
      let lastNode = lastSucc[uIn]!;
      let after = thread[lastNode]!;
      thread[vIn] = uIn;
      let dirtyCount = 0;
      dirty[dirtyCount++] = vIn;
      while (stem !== uOut) {
        const nextStem = parent[stem]!;
        thread[lastNode] = nextStem;
        dirty[dirtyCount++] = lastNode;
        const before = revThread[stem]!;
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        lastNode = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem]! : lastSucc[stem]!;
        after = thread[lastNode]!;
      }
      parent[uOut] = parStem;
      thread[lastNode] = threadContinue;
      revThread[threadContinue] = lastNode;
      lastSucc[uOut] = lastNode;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let i = 0; i < dirtyCount; i++) {
        const w = dirty[i]!;
        revThread[thread[w]!] = w;
      }
      let tmpSc = 0;
      const tmpLs = lastSucc[uOut]!;
      for (let w = uOut, p = parent[w]!; w !== uIn; w = p, p = parent[w]!) {
        pred[w] = pred[p]!;
        predDir[w] = -predDir[p]! as -1 | 1;
        tmpSc += succNum[w]! - succNum[p]!;
        succNum[w] = tmpSc;
        lastSucc[p] = tmpLs;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === source[inArc] ? DIR_UP : DIR_DOWN;
      succNum[uIn] = oldSuccNum;
    }
    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut]!;
    for (let w = vIn; w !== -1 && lastSucc[w] === vIn; w = parent[w]!) lastSucc[w] = lastSuccOut;
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let w = vOut; w !== upLimitOut && lastSucc[w] === oldLastSucc; w = parent[w]!) {
        lastSucc[w] = oldRevThread;
      }
    } else if (lastSuccOut !== oldLastSucc) {
      for (let w = vOut; w !== upLimitOut && lastSucc[w] === oldLastSucc; w = parent[w]!) {
        lastSucc[w] = lastSuccOut;
      }
    }
    for (let w = vIn; w !== join; w = parent[w]!) succNum[w]! += oldSuccNum;
    for (let w = vOut; w !== join; w = parent[w]!) succNum[w]! -= oldSuccNum;

    // ---- potentials of the moved subtree
    const sigma = pi[vIn]! - pi[uIn]! - predDir[uIn]! * cost[inArc]!;
    const end = thread[lastSucc[uIn]!]!;
    for (let w = uIn; w !== end; w = thread[w]!) pi[w]! += sigma;
  }

  const flowOut = new Float64Array(A);
  for (let k = 0; k < A; k++) flowOut[k] = flow[at[k]!]!;
  const unmet = new Float64Array(D);
  for (let d = 0; d < D; d++) unmet[d] = needQuantity[d]! > 0 ? flow[at[unmetArc + d]!]! : 0;
  // The tree stays strongly feasible (every node can send a positive amount to the root Z along
  // its tree path, whose reduced costs are 0), so one more unit in lot s costs π_Z − π_s at the
  // margin: the cheapest residual path to Z, without a search.
  const lotDual = new Float64Array(S);
  if (status === 'optimal') {
    for (let s = 0; s < S; s++) {
      const saving = pi[s]! - pi[Z]!;
      lotDual[s] = saving > costEps ? saving : 0;
    }
  }
  if (status !== 'optimal') {
    // A cancelled run reports the first basis: nothing moves, every need unmet (feasible).
    flowOut.fill(0);
    unmet.set(needQuantity);
  }
  let objective = 0;
  for (let d = 0; d < D; d++) objective += unmetOf[d]! * unmet[d]!;
  for (let a = 0; a < A; a++) if (flowOut[a] !== 0) objective += arcs.unitCost[a]! * flowOut[a]!;
  return {
    status,
    method: 'network',
    objective,
    arcs,
    flow: flowOut,
    unmet,
    lotDual,
    timings: { buildMs: built - started, solveMs: performance.now() - built },
  };
}

/** The 'network' solver by the network simplex. */
export const networkSimplexSolver: Solver = {
  name: 'network',
  solve: async (problem, options) => solveNetworkSimplex(problem, options?.signal),
};
