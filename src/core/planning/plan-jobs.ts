import type { Kysely } from 'kysely';
import {
  deadRunnerKeys,
  failPlanJob,
  findPlanJob,
  type PlanJobPayload,
  type PlanRunner,
  type PlanWorker,
  startPlanWorker,
  unlockDeadWorker,
} from '../../db/plan-queue.js';
import { listRunningRuns, updatePlanRun } from '../../db/repositories/planning.repository.js';
import type { Database } from '../../db/schema.js';
import { warmPlanWorkers } from '../../planning/solver/parallel.js';
import type { Actor } from '../auth/actor.js';
import { createPlanExecution, type PreparedPlan } from './plan-execution.js';
import { type LocalPlanWorker, readingAs } from './plan-runs.service.js';

type Db = Kysely<Database>;

/** How long a model handed over by start() waits for this process's worker before it is dropped. */
const HANDOFF_MS = 60_000;

/**
 * Runs of dead processes: a run in `running` whose runner key no session holds is put back in the
 * queue once (its job unlocked, any worker plans it again from a fresh snapshot) and marked
 * `interrupted`, with the reason, when it has already been resumed once or its job is gone.
 */
export async function recoverPlanRuns(
  db: Db,
  ownKey: string | null,
): Promise<{ resumed: number; interrupted: number }> {
  const running = await listRunningRuns(db);
  const keys = [
    ...new Set(running.map((r) => r.runner_key).filter((k): k is string => k !== null && k !== ownKey)),
  ];
  const dead = new Set(await deadRunnerKeys(db, keys));
  let resumed = 0;
  let interrupted = 0;
  for (const run of running) {
    if (run.runner_key === null || !dead.has(run.runner_key)) continue;
    const job = await findPlanJob(db, run.id);
    const stage = run.progress_note ?? 'running';
    if (job && job.attempts < job.max_attempts) {
      const row = await updatePlanRun(
        db,
        run.id,
        {
          status: 'queued',
          progress: 0,
          progress_note: `resumed: the process running it (${run.runner}) stopped while ${stage}`,
          updated_by: 'planner',
        },
        ['running'],
      );
      if (row && job.locked_by) await unlockDeadWorker(db, job.locked_by);
      if (row) resumed++;
    } else {
      const row = await updatePlanRun(
        db,
        run.id,
        {
          status: 'interrupted',
          progress_note: 'interrupted',
          error: `the process running it (${run.runner}) stopped while ${stage}${
            run.attempts > 1 ? `, after ${run.attempts} attempts` : ''
          }; start the plan again`,
          finished_at: new Date(),
          updated_by: 'planner',
        },
        ['running'],
      );
      if (row && job) await failPlanJob(db, job.id, 'the process running it stopped');
      if (row) interrupted++;
    }
  }
  return { resumed, interrupted };
}

export interface PlanJobsDeps {
  readonly db: Db;
  readonly url: string;
  /** Plans at once in this process. */
  readonly concurrency?: number;
  /** Solver threads (0: in this thread). */
  readonly workers?: number;
  /**
   * Start the solver threads now and wait until they have loaded the solver, so that the first
   * plan does not pay for it (a server, a worker; tests start them when a plan needs them).
   */
  readonly warm?: boolean;
  readonly clock?: () => Date;
  readonly log?: (line: string) => void;
}

export interface PlanJobs {
  /** Hand this to createPlanService so runs started here skip a second snapshot. */
  readonly local: LocalPlanWorker;
  stop(): Promise<void>;
}

/** Starts this process's plan worker: recovers dead runs, then plans queued runs of any process. */
export async function startPlanJobs(deps: PlanJobsDeps): Promise<PlanJobs> {
  const { db, clock = () => new Date() } = deps;
  const execution = createPlanExecution({
    db,
    ...(deps.workers === undefined ? {} : { workers: deps.workers }),
  });
  if (deps.warm && deps.workers !== 0) await warmPlanWorkers(deps.workers);
  const handed = new Map<string, PreparedPlan>();
  const local: LocalPlanWorker = {
    handoff(runId, prepared) {
      handed.set(runId, prepared);
      setTimeout(() => handed.delete(runId), HANDOFF_MS).unref();
    },
    forget(runId) {
      handed.delete(runId);
    },
  };
  const worker: PlanWorker = await startPlanWorker({
    url: deps.url,
    ...(deps.concurrency === undefined ? {} : { concurrency: deps.concurrency }),
    ...(deps.log === undefined ? {} : { log: deps.log }),
    recover: async (ownKey) => {
      const { resumed, interrupted } = await recoverPlanRuns(db, ownKey);
      if (resumed + interrupted > 0) {
        deps.log?.(`plan runs of stopped processes: ${resumed} resumed, ${interrupted} interrupted`);
      }
    },
    handle: async (payload: PlanJobPayload, runner: PlanRunner) => {
      const prepared = handed.get(payload.run_id);
      handed.delete(payload.run_id);
      await execution.runJob(payload.run_id, runner, {
        prepared,
        readAs: readingAs(payload.actor as Actor),
        today: clock().toISOString().slice(0, 10),
      });
    },
  });
  return { local, stop: () => worker.stop() };
}
