import type { PlanRunHead } from '../../db/repositories/planning.repository.js';
import { DEFAULT_PARAMETERS, type PlanParameters } from '../../planning/model/snapshot.js';
import type { Weights } from '../../planning/model/types.js';
import type { Scenario } from '../../planning/scenario.js';
import type { Classification } from '../auth/actor.js';
import { cursorValue, InvalidCursor } from '../shared/cursor.js';
import type { PlanMethodName, PlanRequest, PlanRun, PlanStatus } from './plan.schema.js';

/** Statuses a run never leaves (acceptance aside). */
export const FINISHED: readonly PlanStatus[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];
export const EPS = 1e-6;

/** What a run reads back from plan_run.parameters. */
export interface StoredParameters extends PlanParameters {
  readonly start_week: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());
export const num = (value: string | null) => (value === null ? null : Number(value));
/** Quantities are stored with 3 decimals; solver noise below that is dropped. */
export const qty = (value: number) => Math.round(value * 1000) / 1000;

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T>(
  cursor: string | undefined,
  check: (value: unknown) => value is T,
): T | undefined {
  if (cursor === undefined) return undefined;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (check(value)) return value;
  } catch {
    // falls through to the refusal below
  }
  throw InvalidCursor('not a cursor of this list');
}

// need_key and lot_id are text columns, run ids uuids, seq an integer: each checked as its column's type.
export const isString = (value: unknown): value is string => cursorValue.text(value);
export const isUuid = (value: unknown): value is string => cursorValue.uuid(value);
export const isNumber = (value: unknown): value is number => cursorValue.integer(value);

/**
 * A stored run as the API answers it; progress is the stored one, written by whichever process runs
 * it. `names` gives the display names of the users named (who asked for it, who accepted it).
 */
export function runOf(row: PlanRunHead, names?: ReadonlyMap<string, string>): PlanRun {
  const parameters = row.parameters as StoredParameters;
  const summary =
    row.objective === null
      ? null
      : {
          objective: Number(row.objective),
          unmet_weighted: Number(row.unmet_weighted),
          unmet_quantity: Number(row.unmet_quantity),
          late_weighted: Number(row.late_weighted),
          lots: row.lot_count ?? 0,
          needs: row.need_count ?? 0,
          arcs: row.arc_count ?? 0,
          allocations: row.allocation_count ?? 0,
        };
  return {
    id: row.id,
    status: row.status as PlanStatus,
    method: row.method as PlanMethodName,
    solved_by: row.solved_by as PlanRun['solved_by'],
    start_week: row.start_week,
    horizon: parameters.horizon,
    lateness: parameters.lateness,
    weights: parameters.weights,
    scenario: (row.scenario ?? null) as Scenario | null,
    progress: Number(row.progress),
    progress_note: row.progress_note,
    summary,
    timings: row.timings as PlanRun['timings'],
    error: row.error,
    classification: row.classification as Classification,
    runner: row.runner,
    attempts: row.attempts,
    data_fingerprint: row.data_fingerprint,
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
    created_by_name: names?.get(row.created_by) ?? row.created_by,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    accepted_at: iso(row.accepted_at),
    accepted_by: row.accepted_by,
    accepted_by_name: row.accepted_by === null ? null : (names?.get(row.accepted_by) ?? row.accepted_by),
  };
}

/** The parameters of a request, defaults filled in. */
export function parametersOf(
  request: Pick<PlanRequest, 'weights' | 'lateness' | 'horizon'>,
  startWeek: string,
): StoredParameters {
  const weights: Weights = request.weights ?? DEFAULT_PARAMETERS.weights;
  const lateness = request.lateness ?? DEFAULT_PARAMETERS.lateness;
  const horizon = request.horizon ?? DEFAULT_PARAMETERS.horizon;
  return { ...DEFAULT_PARAMETERS, horizon, lateness, weights, start_week: startWeek };
}

export function roundTimings(timings: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v * 10) / 10]));
}
