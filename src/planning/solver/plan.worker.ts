/**
 * Worker thread of the planner's pool: receives packed components (see parallel.ts), solves each
 * with `solveComponent` and posts the solution back, transferring its arrays. Loaded through
 * plan.worker.bootstrap.mjs, which registers tsx first.
 */
import { parentPort } from 'node:worker_threads';
import type { Solution } from '../model/types.js';
import { type ComponentTask, transferListOf, unpackComponent, type WorkerReply } from './parallel.js';
import { solveComponent } from './solve.js';

if (!parentPort) throw new Error('plan.worker.ts runs as a worker thread only');
const port = parentPort;

port.on('message', (task: ComponentTask) => {
  void solveTask(task).then((reply) => {
    port.postMessage(reply, reply.ok ? transferListOf(reply.solution) : []);
  });
});
// Loaded: the pool may count this thread as warm.
port.postMessage({ ready: true });

async function solveTask(task: ComponentTask): Promise<WorkerReply> {
  try {
    const problem = unpackComponent(task.packed);
    const solution: Solution = await solveComponent(problem, task.method);
    return { id: task.id, ok: true, solution };
  } catch (error) {
    const { name, message, stack } = error instanceof Error ? error : new Error(String(error));
    return { id: task.id, ok: false, error: { name, message, stack } };
  }
}
