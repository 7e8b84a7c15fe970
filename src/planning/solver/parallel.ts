/**
 * solvePlan: the whole allocation model, solved component by component (items are independent
 * unless bundled) across a persistent pool of worker threads, with incremental re-planning.
 *
 * - Split with `splitProblem`, merge with `mergeSolutions` (model/split.ts); each component is
 *   solved by `solveComponent` (solver/solve.ts), in a worker or in this thread.
 * - Components travel packed: one ArrayBuffer holding every numeric array, transferred (not
 *   copied) to the worker, which views it in place; solutions come back with their buffers
 *   transferred too.
 * - Workers run TypeScript through plan.worker.bootstrap.mjs, which registers tsx in the worker
 *   (loader hooks registered in the main thread do not reach worker threads).
 * - Re-planning: the returned PlanCache maps each component's fingerprint (SHA-1 of its arrays and
 *   the model's parameters) to its solution; given as `previous`, only changed components are solved.
 * - Cancellation: when `signal` aborts, nothing more is dispatched, busy workers are terminated
 *   (a solve is synchronous CPU work) and the promise rejects with `signal.reason` (by default a
 *   DOMException named 'AbortError'). `previous` is never modified, so it stays usable.
 */
import { createHash } from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { arcStartsByLot } from '../model/arcs.js';
import { type Component, type ComponentSolution, mergeSolutions, splitProblem } from '../model/split.js';
import type { Arcs, Bundle, PlanningProblem, Solution, Weights } from '../model/types.js';
import { type SolveMethod, solveComponent } from './solve.js';

export type PlanMethod = SolveMethod;

export interface PlanCache {
  /** Solutions of components by fingerprint, in the component's own (local) indexes. */
  readonly components: ReadonlyMap<string, Solution>;
  /**
   * The whole problem's arcs and, component by component, the fingerprint of what decides them: a
   * re-plan whose components have the same arc fingerprints (quantities changed, nothing else)
   * reuses these arcs instead of gathering them again. Arcs are never modified after they are built.
   */
  readonly arcs: { readonly keys: readonly string[]; readonly arcs: Arcs };
}

export interface SolvePlanOptions {
  readonly method?: PlanMethod;
  /** Worker threads; 0 solves in this thread. Default min(availableParallelism, 4). */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  /** Called after each solved component with (solved so far, components to solve in this run). */
  readonly onProgress?: (done: number, total: number) => void;
  /** The cache of an earlier run: components whose fingerprint it holds are not solved again. */
  readonly previous?: PlanCache;
}

export interface PlanStats {
  readonly components: number;
  readonly solvedComponents: number;
  readonly reusedComponents: number;
  /** Worker threads used for this run; 0 when solved in this thread. */
  readonly workers: number;
  readonly splitMs: number;
  readonly fingerprintMs: number;
  readonly solveMs: number;
  readonly mergeMs: number;
  readonly totalMs: number;
}

export interface PlanResult {
  readonly solution: Solution;
  readonly cache: PlanCache;
  readonly stats: PlanStats;
}

/** Below this many lot × need pairs to solve, worker start-up and messaging cost more than they save. */
const IN_PROCESS_PAIRS = 20_000;

export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(os.availableParallelism(), 4));
}

/** Solves the whole model; see the module comment for workers, cache and cancellation. */
export async function solvePlan(
  problem: PlanningProblem,
  options: SolvePlanOptions = {},
): Promise<PlanResult> {
  const started = performance.now();
  const { signal, onProgress, previous } = options;
  const method = options.method ?? 'auto';
  signal?.throwIfAborted();

  const components = splitProblem(problem);
  const split = performance.now();

  const fingerprints = components.map((component) =>
    component.trivial ? { arcs: '', solution: '' } : fingerprintComponent(component.problem, method),
  );
  const solutions = new Array<Solution | undefined>(components.length);
  const pending: number[] = [];
  let pairs = 0;
  for (let c = 0; c < components.length; c++) {
    // A part without lots or without needs has nothing to solve: mergeSolutions leaves its needs unmet.
    if (components[c]!.trivial) continue;
    const reused = previous?.components.get(fingerprints[c]!.solution);
    if (reused) solutions[c] = reused;
    else {
      pending.push(c);
      pairs += pairsOf(components[c]!.problem);
    }
  }
  const fingerprinted = performance.now();

  const requested = options.workers ?? defaultWorkerCount();
  // Threads already started are warm (JIT-compiled solvers): even one small component goes to them.
  const worthThreads = pairs >= IN_PROCESS_PAIRS || (pool?.idleCount ?? 0) > 0;
  const workers =
    requested > 0 && pending.length > 0 && worthThreads ? Math.min(requested, pending.length) : 0;
  // Largest first: the pool finishes close together (longest-processing-time order).
  pending.sort((a, b) => pairsOf(components[b]!.problem) - pairsOf(components[a]!.problem) || a - b);
  let done = 0;
  const finish = (c: number, solution: Solution) => {
    if (solution.status !== 'optimal') {
      throw new Error(`component ${c} (${describe(components[c]!)}) ended ${solution.status}`);
    }
    solutions[c] = solution;
    done++;
    onProgress?.(done, pending.length);
  };
  if (workers === 0) {
    for (const c of pending) {
      signal?.throwIfAborted();
      const solution = await solveComponent(components[c]!.problem, method, signal);
      // A solver stopped by the signal reports 'cancelled': surface that as the abort it is.
      signal?.throwIfAborted();
      finish(c, solution);
    }
  } else {
    await planPool().solveAll(
      pending.map((c) => ({ index: c, problem: components[c]!.problem })),
      method,
      workers,
      finish,
      signal,
    );
  }
  const solved = performance.now();

  const parts: ComponentSolution[] = [];
  const cache = new Map<string, Solution>();
  components.forEach((component, c) => {
    const solution = solutions[c];
    if (!solution) return;
    parts.push({ component, solution });
    cache.set(fingerprints[c]!.solution, solution);
  });
  const arcKeys = fingerprints.map((fingerprint) => fingerprint.arcs);
  const sameArcs =
    previous !== undefined &&
    previous.arcs.keys.length === arcKeys.length &&
    arcKeys.every((key, c) => key === previous.arcs.keys[c]);
  const arcs = sameArcs ? previous.arcs.arcs : assembleArcs(problem, parts);
  const solution = mergeSolutions(problem, parts, arcs);
  const merged = performance.now();

  return {
    solution,
    cache: { components: cache, arcs: { keys: arcKeys, arcs } },
    stats: {
      components: components.length,
      solvedComponents: pending.length,
      reusedComponents: parts.length - pending.length,
      workers,
      splitMs: split - started,
      fingerprintMs: fingerprinted - split,
      solveMs: solved - fingerprinted,
      mergeMs: merged - solved,
      totalMs: merged - started,
    },
  };
}

/**
 * Solves independent whole problems (without bundles: the what-if networks of "send next") on the
 * pool's threads when some are started, in this thread otherwise (`workers` 0, or none started:
 * a handful of small networks is not worth starting threads for). Solutions in `problems`' order.
 */
export async function solveProblems(
  problems: readonly PlanningProblem[],
  options: { readonly method?: PlanMethod; readonly workers?: number; readonly signal?: AbortSignal } = {},
): Promise<Solution[]> {
  const method = options.method ?? 'network';
  const solutions = new Array<Solution>(problems.length);
  const width = Math.min(options.workers ?? defaultWorkerCount(), problems.length);
  if (width > 0 && (pool?.idleCount ?? 0) > 0) {
    await planPool().solveAll(
      problems.map((problem, index) => ({ index, problem })),
      method,
      width,
      (index, solution) => {
        solutions[index] = solution;
      },
      options.signal,
    );
  } else {
    for (let i = 0; i < problems.length; i++) {
      options.signal?.throwIfAborted();
      solutions[i] = await solveComponent(problems[i] as PlanningProblem, method, options.signal);
    }
  }
  return solutions;
}

/**
 * The whole problem's arcs gathered from its components' solutions: the very arcs `buildArcs` gives
 * (sorted by lot, then need; a lot's arcs all lie in its item's component, in the same need order),
 * without deriving them again. On a re-plan this is most of what merging saves.
 */
export function assembleArcs(problem: PlanningProblem, parts: readonly ComponentSolution[]): Arcs {
  const lotCount = problem.lots.count;
  const owner = new Int32Array(lotCount).fill(-1);
  const local = new Int32Array(lotCount);
  const starts: Int32Array[] = [];
  let count = 0;
  parts.forEach(({ component, solution }, p) => {
    component.lots.forEach((s, ls) => {
      owner[s] = p;
      local[s] = ls;
    });
    starts.push(arcStartsByLot(solution.arcs, component.problem.lots.count));
    count += solution.arcs.count;
  });
  const lot = new Int32Array(count);
  const need = new Int32Array(count);
  const arrival = new Int32Array(count);
  const lateness = new Int32Array(count);
  const unitCost = new Float64Array(count);
  let a = 0;
  for (let s = 0; s < lotCount; s++) {
    const p = owner[s]!;
    if (p < 0) continue;
    const { component, solution } = parts[p]!;
    const from = starts[p]![local[s]!]!;
    const to = starts[p]![local[s]! + 1]!;
    const arcs = solution.arcs;
    lot.fill(s, a, a + to - from);
    arrival.set(arcs.arrival.subarray(from, to), a);
    lateness.set(arcs.lateness.subarray(from, to), a);
    unitCost.set(arcs.unitCost.subarray(from, to), a);
    for (let k = from; k < to; k++) need[a++] = component.needs[arcs.need[k]!]!;
  }
  return { count, lot, need, arrival, lateness, unitCost };
}

function pairsOf(problem: PlanningProblem): number {
  return problem.lots.count * problem.needs.count;
}

function describe(component: Component): string {
  return `items ${component.problem.items.join(', ')}`;
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

export interface ComponentFingerprint {
  /** What decides the component's arcs: everything but quantities, bundles and the method. */
  readonly arcs: string;
  /** What decides its solution: everything. */
  readonly solution: string;
}

/**
 * SHA-1 fingerprints of a component: of what its arcs depend on, and of everything its solution
 * depends on (arrays, model parameters, bundles, method). Ids are left out: they do not change the
 * optimum, and a component keeps its fingerprint when lots or needs are added to other items.
 */
export function fingerprintComponent(problem: PlanningProblem, method: PlanMethod): ComponentFingerprint {
  const hash = createHash('sha1');
  const { lots, needs } = problem;
  const add = (array: ArrayBufferView | undefined) => {
    hash.update(array ? `|${array.byteLength}|` : '|none|');
    if (array) hash.update(bytesOf(array));
  };
  hash.update(JSON.stringify([problem.horizon, problem.lateness, problem.weights, lots.count, needs.count]));
  for (const array of [problem.leadTime, problem.transportCost, lots.item, lots.available, lots.hub])
    add(array);
  for (const array of [needs.item, needs.priority, needs.due, needs.region, needs.usefulUntil]) add(array);
  const arcs = hash.copy().digest('hex');
  hash.update(JSON.stringify([method, problem.horizon, problem.bundles]));
  add(lots.quantity);
  add(needs.quantity);
  return { arcs, solution: hash.digest('hex') };
}

// ---------------------------------------------------------------------------------------------
// Packing: a component as one ArrayBuffer (transferable) plus a small header.

interface PackedHeader {
  readonly horizon: number;
  readonly lateness: number;
  readonly weights: Weights;
  readonly items: readonly string[];
  readonly hubs: readonly string[];
  readonly regions: readonly string[];
  readonly lotIds: readonly string[];
  readonly needIds: readonly string[];
  readonly bundles: readonly Bundle[];
  readonly lotCount: number;
  readonly needCount: number;
  readonly leadTimeLength: number;
  readonly hasTransportCost: boolean;
  readonly hasUsefulUntil: boolean;
}

export interface PackedComponent {
  readonly header: PackedHeader;
  readonly buffer: ArrayBuffer;
}

/** Float64 arrays first (8-byte aligned), then Int32 arrays, in the order of the packers below. */
function layout(header: PackedHeader): { floats: number; ints: number } {
  const { lotCount, needCount, leadTimeLength, hasTransportCost, hasUsefulUntil } = header;
  return {
    floats: lotCount + 2 * needCount + (hasTransportCost ? leadTimeLength : 0),
    ints: leadTimeLength + 3 * lotCount + (hasUsefulUntil ? 4 : 3) * needCount,
  };
}

/** Copies a component's numeric arrays into one fresh ArrayBuffer (to be transferred). */
export function packComponent(problem: PlanningProblem): PackedComponent {
  const { lots, needs } = problem;
  const header: PackedHeader = {
    horizon: problem.horizon,
    lateness: problem.lateness,
    weights: problem.weights,
    items: problem.items,
    hubs: problem.hubs,
    regions: problem.regions,
    lotIds: lots.id,
    needIds: needs.id,
    bundles: problem.bundles,
    lotCount: lots.count,
    needCount: needs.count,
    leadTimeLength: problem.leadTime.length,
    hasTransportCost: problem.transportCost !== undefined,
    hasUsefulUntil: needs.usefulUntil !== undefined,
  };
  const { floats, ints } = layout(header);
  const buffer = new ArrayBuffer(floats * 8 + ints * 4);
  const f = new Float64Array(buffer, 0, floats);
  const i = new Int32Array(buffer, floats * 8, ints);
  let at = 0;
  for (const array of [lots.quantity, needs.quantity, needs.priority, problem.transportCost]) {
    if (!array) continue;
    f.set(array, at);
    at += array.length;
  }
  at = 0;
  for (const array of [
    problem.leadTime,
    lots.item,
    lots.available,
    lots.hub,
    needs.item,
    needs.due,
    needs.region,
    needs.usefulUntil,
  ]) {
    if (!array) continue;
    i.set(array, at);
    at += array.length;
  }
  return { header, buffer };
}

/** The component back as a PlanningProblem whose arrays are views of the packed buffer (no copy). */
export function unpackComponent({ header, buffer }: PackedComponent): PlanningProblem {
  const { lotCount, needCount, leadTimeLength } = header;
  const { floats } = layout(header);
  let f = 0;
  const float = (length: number) => {
    const view = new Float64Array(buffer, f * 8, length);
    f += length;
    return view;
  };
  let i = 0;
  const int = (length: number) => {
    const view = new Int32Array(buffer, floats * 8 + i * 4, length);
    i += length;
    return view;
  };
  const lotQuantity = float(lotCount);
  const needQuantity = float(needCount);
  const priority = float(needCount);
  const transportCost = header.hasTransportCost ? float(leadTimeLength) : undefined;
  const leadTime = int(leadTimeLength);
  return {
    horizon: header.horizon,
    lateness: header.lateness,
    weights: header.weights,
    items: header.items,
    hubs: header.hubs,
    regions: header.regions,
    leadTime,
    ...(transportCost ? { transportCost } : {}),
    lots: {
      count: lotCount,
      id: header.lotIds,
      item: int(lotCount),
      quantity: lotQuantity,
      available: int(lotCount),
      hub: int(lotCount),
    },
    needs: {
      count: needCount,
      id: header.needIds,
      item: int(needCount),
      quantity: needQuantity,
      priority,
      due: int(needCount),
      region: int(needCount),
      ...(header.hasUsefulUntil ? { usefulUntil: int(needCount) } : {}),
    },
    bundles: header.bundles,
  };
}

/** The distinct buffers of a solution's arrays, to transfer rather than copy them. */
export function transferListOf(solution: Solution): ArrayBuffer[] {
  const { arcs } = solution;
  const buffers = new Set<ArrayBuffer>();
  for (const array of [
    arcs.lot,
    arcs.need,
    arcs.arrival,
    arcs.lateness,
    arcs.unitCost,
    solution.flow,
    solution.unmet,
    solution.lotDual,
  ]) {
    if (array.buffer instanceof ArrayBuffer && array.buffer.byteLength > 0) buffers.add(array.buffer);
  }
  return [...buffers];
}

// ---------------------------------------------------------------------------------------------
// The worker pool: created once, grown on demand, unref'd while idle so the process can exit.

export interface ComponentTask {
  readonly id: number;
  readonly method: PlanMethod;
  readonly packed: PackedComponent;
}

export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly solution: Solution }
  | {
      readonly id: number;
      readonly ok: false;
      readonly error: { readonly name: string; readonly message: string; readonly stack?: string };
    };

const WORKER_URL = new URL('./plan.worker.bootstrap.mjs', import.meta.url);

interface PoolJob {
  readonly index: number;
  readonly problem: PlanningProblem;
}

/**
 * Worker threads kept between runs. A run takes idle threads (starting new ones when none is idle)
 * and gives them back when done; a thread that fails or is stopped by a cancellation is dropped.
 */
class PlanPool {
  private readonly idle: Worker[] = [];
  private nextId = 1;

  get idleCount(): number {
    return this.idle.length;
  }

  /**
   * Starts threads until `size` are idle, so that their start-up overlaps the caller's work;
   * resolves when the threads it started have loaded the solver (or died trying).
   */
  warm(size: number): Promise<void> {
    const started: Promise<void>[] = [];
    while (this.idle.length < size) {
      const worker = this.spawn();
      this.idle.push(worker);
      started.push(
        new Promise<void>((resolve) => {
          const settle = () => {
            worker.off('message', onMessage);
            worker.off('exit', settle);
            resolve();
          };
          const onMessage = (message: unknown) => {
            if ((message as { ready?: boolean }).ready === true) settle();
          };
          worker.on('message', onMessage);
          worker.once('exit', settle);
        }),
      );
    }
    return Promise.all(started).then(() => undefined);
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_URL, { name: 'aidgrid-planner' });
    worker.unref();
    // A thread that dies while idle leaves the pool.
    worker.once('exit', () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return worker;
  }

  /** Solves the jobs on up to `width` threads, calling `finish` as each solution arrives. */
  solveAll(
    jobs: readonly PoolJob[],
    method: PlanMethod,
    width: number,
    finish: (index: number, solution: Solution) => void,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let next = 0;
      let running = 0;
      let failed = false;
      const busy = new Map<Worker, () => void>();

      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        signal?.removeEventListener('abort', onAbort);
        // A busy thread is in synchronous solver code: the only way to stop it is to end it.
        for (const [worker, detach] of busy) {
          detach();
          void worker.terminate();
        }
        busy.clear();
        reject(error);
      };
      const onAbort = () => fail(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });

      const dispatch = () => {
        while (!failed && running < width && next < jobs.length)
          run(this.idle.pop() ?? this.spawn(), jobs[next++]!);
        if (!failed && running === 0 && next >= jobs.length) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        }
      };

      const run = (worker: Worker, job: PoolJob) => {
        running++;
        const id = this.nextId++;
        const packed = packComponent(job.problem);
        const settle = () => {
          detach();
          busy.delete(worker);
          running--;
        };
        const onMessage = (reply: WorkerReply) => {
          if (reply.id !== id) return;
          settle();
          worker.unref();
          this.idle.push(worker);
          if (!reply.ok) {
            const error = new Error(`planner worker: ${reply.error.message}`);
            error.stack = `${error.stack}\ncaused in the worker by: ${reply.error.stack ?? reply.error.name}`;
            fail(error);
            return;
          }
          try {
            finish(job.index, reply.solution);
          } catch (error) {
            fail(error);
            return;
          }
          dispatch();
        };
        const onError = (error: Error) => {
          settle();
          fail(error);
        };
        const onExit = (code: number) => onError(new Error(`planner worker exited with code ${code}`));
        const detach = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
          worker.off('exit', onExit);
        };
        busy.set(worker, detach);
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.on('exit', onExit);
        worker.ref();
        const task: ComponentTask = { id, method, packed };
        worker.postMessage(task, [packed.buffer]);
      };

      dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
  }
}

let pool: PlanPool | undefined;

function planPool(): PlanPool {
  pool ??= new PlanPool();
  return pool;
}

/**
 * Starts `size` planner threads ahead of a first plan (optional: solvePlan starts them as needed),
 * so that no plan waits for threads to load the solver; resolves when they have.
 */
export function warmPlanWorkers(size = defaultWorkerCount()): Promise<void> {
  return planPool().warm(size);
}

/** Ends the planner's idle worker threads (they are unref'd while idle, so this is only for tidiness). */
export async function closePlanWorkers(): Promise<void> {
  const current = pool;
  pool = undefined;
  await current?.close();
}
