import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobHelpers, Logger, Runner } from 'graphile-worker';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Executor } from './repositories/record.repository.js';
import type { Database } from './schema.js';

/*
 * Plan runs as durable jobs in PostgreSQL (graphile-worker, schema graphile_worker). The job row is
 * written in the same transaction as the plan_run row, so a run is never queued without its job.
 * graphile-worker hands each job to one worker (SELECT … FOR UPDATE SKIP LOCKED) and wakes idle
 * workers of every process with LISTEN/NOTIFY. A worker process holds a session-level advisory lock
 * (its runner key) for its whole life; a run in `running` whose runner key nobody holds belongs to a
 * dead process, which any process finds at start and then every RECOVER_EVERY_MS.
 */

export const PLAN_TASK = 'plan_run';
/** One resumption: a run whose process dies twice is marked interrupted. */
const MAX_ATTEMPTS = 2;
const RECOVER_EVERY_MS = 10_000;

/** What the job carries: the run and whom it reads the live data as. */
export interface PlanJobPayload {
  readonly run_id: string;
  readonly actor: unknown;
}

/** graphile-worker, loaded when a process first needs it (the CLI's --help stays fast). */
async function library(): Promise<{ lib: typeof import('graphile-worker'); quiet: Logger }> {
  const lib = await import('graphile-worker');
  const quiet = new lib.Logger(() => (level, message) => {
    if (level === 'error') process.stderr.write(`aidgrid: job queue: ${message}\n`);
  });
  return { lib, quiet };
}

/** Creates or updates the job queue's own schema (idempotent; graphile-worker locks while it migrates). */
export async function installPlanQueue(url: string): Promise<void> {
  const { lib, quiet } = await library();
  await lib.runMigrations({ connectionString: url, logger: quiet });
}

/** Queues the run's job in the caller's transaction (the system's connection: the role owns the queue). */
export async function enqueuePlanJob(trx: Executor, payload: PlanJobPayload): Promise<void> {
  await sql`SELECT graphile_worker.add_job(${PLAN_TASK}, ${JSON.stringify(payload)}::json,
    job_key => ${payload.run_id}, max_attempts => ${MAX_ATTEMPTS})`.execute(trx);
}

/** The job of a run, as the queue holds it (absent once it completed). */
export async function findPlanJob(db: Executor, runId: string) {
  const result = await sql<{ id: string; locked_by: string | null; attempts: number; max_attempts: number }>`
    SELECT id::text, locked_by, attempts, max_attempts FROM graphile_worker.jobs WHERE key = ${runId}`.execute(
    db,
  );
  return result.rows[0];
}

/** Makes the jobs a dead worker held available again (its lock would otherwise last four hours). */
export async function unlockDeadWorker(db: Executor, workerId: string): Promise<void> {
  await sql`SELECT graphile_worker.force_unlock_workers(ARRAY[${workerId}]::text[])`.execute(db);
}

/** Ends a job for good (its run is marked interrupted by the caller). */
export async function failPlanJob(db: Executor, jobId: string, reason: string): Promise<void> {
  await sql`SELECT graphile_worker.permanently_fail_jobs(ARRAY[${jobId}]::bigint[], ${reason})`.execute(db);
}

/** Which of these runner keys no live session holds: their processes have died. */
export async function deadRunnerKeys(db: Kysely<Database>, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  // Transaction-level tries, released at commit: a key anyone still holds is a live process.
  return db.transaction().execute(async (trx) => {
    const dead: string[] = [];
    for (const key of keys) {
      const result = await sql<{
        free: boolean;
      }>`SELECT pg_try_advisory_xact_lock(${key}::bigint) AS free`.execute(trx);
      if (result.rows[0]?.free) dead.push(key);
    }
    return dead;
  });
}

export interface PlanWorkerOptions {
  readonly url: string;
  /** Runs at once in this process (default 1: a plan uses the solver's worker threads). */
  readonly concurrency?: number;
  /** Runs one job; never throws for a plan that fails (it records the failure itself). */
  readonly handle: (payload: PlanJobPayload, runner: PlanRunner) => Promise<void>;
  /** Finds runs of dead processes: at start and then now and again. */
  readonly recover: (ownKey: string) => Promise<void>;
  readonly log?: (line: string) => void;
}

/** This process as the runner of plan jobs. */
export interface PlanRunner {
  /** Its advisory lock key (bigint as text). */
  readonly key: string;
  /** host, pid and graphile-worker id, for people. */
  readonly label: string;
}

export interface PlanWorker {
  readonly key: string;
  stop(): Promise<void>;
}

/** Starts a worker in this process: takes the runner lock, recovers dead runs, then works the queue. */
export async function startPlanWorker(options: PlanWorkerOptions): Promise<PlanWorker> {
  await installPlanQueue(options.url);
  // A random positive 62-bit key: one per process, held by a connection of its own.
  const key = (BigInt(`0x${randomBytes(8).toString('hex')}`) >> 2n).toString();
  const lockClient = new pg.Client({
    connectionString: options.url,
    application_name: 'aidgrid runner lock',
  });
  await lockClient.connect();
  lockClient.on('error', () => undefined);
  await lockClient.query('SELECT pg_advisory_lock($1::bigint)', [key]);
  const recoverNow = () =>
    options.recover(key).catch((error: unknown) => {
      options.log?.(
        `aidgrid: recovering plan runs failed: ${error instanceof Error ? error.message : error}`,
      );
    });
  await recoverNow();
  const { lib, quiet } = await library();
  const runner: Runner = await lib.run({
    connectionString: options.url,
    concurrency: options.concurrency ?? 1,
    noHandleSignals: true,
    pollInterval: 2000,
    logger: quiet,
    taskList: {
      [PLAN_TASK]: async (payload: unknown, helpers: JobHelpers) => {
        const label = `${hostname()} pid ${process.pid} (${helpers.job.locked_by ?? 'worker'})`;
        await options.handle(payload as PlanJobPayload, { key, label });
      },
    },
  });
  const timer = setInterval(() => void recoverNow(), RECOVER_EVERY_MS);
  timer.unref();
  let stopped: Promise<void> | undefined;
  return {
    key,
    stop() {
      stopped ??= (async () => {
        clearInterval(timer);
        await runner.stop();
        await lockClient.end().catch(() => undefined);
      })();
      return stopped;
    },
  };
}
