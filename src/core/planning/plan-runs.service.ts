import type { Kysely } from 'kysely';
import { runAsActor, runWithOwnerRights } from '../../db/actor-context.js';
import { enqueuePlanJob } from '../../db/plan-queue.js';
import {
  findPlanRun,
  insertPlanRun,
  listPlanRuns,
  type PlanRunRow,
  updatePlanRun,
} from '../../db/repositories/planning.repository.js';
import type { Database } from '../../db/schema.js';
import { weekOfDay } from '../../planning/model/snapshot.js';
import type { Actor } from '../auth/actor.js';
import { currentReader } from '../auth/visibility.js';
import { Conflict, NotFound } from '../errors.js';
import { actorNames } from '../shared/actor-names.js';
import { newId } from '../shared/ids.js';
import type { PlanRequest, PlanRun, PlanStatus } from './plan.schema.js';
import { canReadRun } from './plan-classification.js';
import { type PreparedPlan, prepareModel } from './plan-execution.js';
import {
  decodeCursor,
  encodeCursor,
  FINISHED,
  isUuid,
  type Page,
  parametersOf,
  runOf,
} from './plan-run.view.js';

type Db = Kysely<Database>;

/** This process's worker, when it has one: takes the model a start() already read. */
export interface LocalPlanWorker {
  handoff(runId: string, prepared: PreparedPlan): void;
  forget(runId: string): void;
}

export interface PlanRunsDeps {
  readonly db: Db;
  /** Now; the default start week is the ISO week of this date. */
  readonly clock?: () => Date;
  readonly local?: LocalPlanWorker | undefined;
  /** How often wait() reads the run again. */
  readonly pollMs?: number;
}

export type PlanRuns = ReturnType<typeof createPlanRunService>;

/** The ISO week of a date, as the default week 0 of a plan. */
export function startWeekAt(now: Date, request: { start_week?: string | undefined }): string {
  return request.start_week ?? weekOfDay(Math.floor(now.getTime() / 86_400_000));
}

/**
 * Plan runs: start (a durable job: any process's worker plans it), read, list, cancel, wait. A run
 * is read only by those who may see every row it read (plan-classification.ts), here and in the
 * database's policy.
 */
export function createPlanRunService(deps: PlanRunsDeps) {
  const { db, clock = () => new Date(), local, pollMs = 50 } = deps;

  /** The run if the current reader may see it (row-level security and the same rule here). */
  async function requireRun(id: string): Promise<PlanRunRow> {
    const row = await findPlanRun(db, id);
    if (!row || !canReadRun(currentReader(), row)) throw NotFound('plan run', id);
    return row;
  }

  return {
    requireRun,

    /**
     * Reads the live data as the actor (so a scenario naming what does not exist, or weights that
     * do not fit, are a 422 at once), records the run queued with its job in one transaction, and
     * hands the model to this process's worker if there is one.
     */
    async start(request: PlanRequest, actor: Actor): Promise<PlanRun> {
      const now = clock();
      const parameters = parametersOf(request, startWeekAt(now, request));
      const prepared = await prepareModel(
        db,
        parameters,
        request.scenario ?? null,
        now.toISOString().slice(0, 10),
      );
      const id = newId();
      const row = await runWithOwnerRights(() =>
        db.transaction().execute(async (trx) => {
          const inserted = await insertPlanRun(trx, {
            id,
            method: request.method ?? 'auto',
            start_week: parameters.start_week,
            parameters: JSON.stringify(parameters),
            scenario: request.scenario ? JSON.stringify(request.scenario) : null,
            owner_org_id: actor.orgId,
            classification: prepared.readers.classification,
            readers_coalition: prepared.readers.readers_coalition,
            readers_restricted: prepared.readers.readers_restricted,
            created_by: actor.id,
            updated_by: actor.id,
          });
          await enqueuePlanJob(trx, { run_id: id, actor });
          local?.handoff(id, prepared);
          return inserted;
        }),
      ).catch((error: unknown) => {
        local?.forget(id);
        throw error;
      });
      return runOf(row);
    },

    async get(id: string): Promise<PlanRun> {
      const row = await requireRun(id);
      return runOf(
        row,
        await actorNames(db, [row.created_by, ...(row.accepted_by ? [row.accepted_by] : [])]),
      );
    },

    /** Waits until the run has ended, whichever process plans it, then reads it. */
    async wait(id: string): Promise<PlanRun> {
      for (;;) {
        const row = await requireRun(id);
        if (FINISHED.includes(row.status as PlanStatus)) return runOf(row);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },

    async list(query: { cursor?: string | undefined; limit?: number | undefined }): Promise<Page<PlanRun>> {
      const limit = query.limit ?? 50;
      const after = decodeCursor(query.cursor, isUuid);
      const rows = await listPlanRuns(db, { limit: limit + 1, after });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const reader = currentReader();
      const visible = page.filter((row) => canReadRun(reader, row));
      const names = await actorNames(
        db,
        visible.flatMap((row) => [row.created_by, ...(row.accepted_by ? [row.accepted_by] : [])]),
      );
      return {
        items: visible.map((row) => runOf(row, names)),
        next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },

    /** Stops a queued or running run; the process running it sees that at its next progress write. */
    async cancel(id: string, actor: Actor): Promise<PlanRun> {
      const row = await requireRun(id);
      if (FINISHED.includes(row.status as PlanStatus)) {
        throw Conflict('plan_finished', `plan run ${id} has already ended (${row.status})`);
      }
      const updated = await updatePlanRun(
        db,
        id,
        { status: 'cancelled', progress_note: 'cancelled', finished_at: new Date(), updated_by: actor.id },
        ['queued', 'running'],
      );
      if (!updated) throw Conflict('plan_finished', `plan run ${id} ended before it could be cancelled`);
      return runOf(updated);
    },
  };
}

/** Runs `work` as `actor` (a job reads live data as the one who started the run). */
export function readingAs(actor: Actor): <T>(work: () => Promise<T>) => Promise<T> {
  return (work) => runAsActor(actor, work);
}
