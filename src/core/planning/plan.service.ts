import type { Insertable, Kysely } from 'kysely';
import { addToNeedAllocated, decideAllocation } from '../../db/repositories/allocation.repository.js';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  compareNeedResults,
  findItemCodes,
  findOrganisationNames,
  findPlanRun,
  findPlanRunForUpdate,
  insertPlanAllocations,
  insertPlanLotResults,
  insertPlanNeedResults,
  insertPlanRun,
  listItemShadowPrices,
  listPlanAllocations,
  listPlanLotResults,
  listPlanNeedResults,
  listPlanRuns,
  lockNeeds,
  lockPledges,
  type PlanAllocationRow,
  type PlanLotResultRow,
  type PlanNeedResultRow,
  type PlanRunRow,
  updatePlanRun,
} from '../../db/repositories/planning.repository.js';
import { type Executor, insertRecord } from '../../db/repositories/record.repository.js';
import type { Database, PlanAllocationTable } from '../../db/schema.js';
import { explainPlan, type NeedExplanation } from '../../planning/explain.js';
import { buildArcs, summarizeSolution } from '../../planning/model/arcs.js';
import { writeLp } from '../../planning/model/lp-format.js';
import { writeMps } from '../../planning/model/mps.js';
import {
  type BuiltProblem,
  buildProblem,
  DEFAULT_PARAMETERS,
  fingerprintOf,
  type PlanParameters,
  problemToJson,
  weekAt,
  weekOfDay,
} from '../../planning/model/snapshot.js';
import type { Weights } from '../../planning/model/types.js';
import { applyScenario, type Scenario } from '../../planning/scenario.js';
import { type PlanCache, solvePlan } from '../../planning/solver/parallel.js';
import { allocationKind } from '../allocations/allocation.service.js';
import type { Actor } from '../auth/actor.js';
import { Conflict, DomainError, InvalidRecord, NotFound } from '../errors.js';
import { changePledgeStage } from '../pledges/pledge-transition.service.js';
import { actorNames } from '../shared/actor-names.js';
import { cursorValue, InvalidCursor } from '../shared/cursor.js';
import { newId } from '../shared/ids.js';
import { createResolver } from '../shared/resolve.js';
import type {
  AcceptResult,
  ItemShadowPrices,
  LotResult,
  NeedResult,
  PlanAllocation,
  PlanComparison,
  PlanMethodName,
  PlanRequest,
  PlanRun,
  PlanStatus,
  ResultQuery,
} from './plan.schema.js';
import { loadPlanInput } from './snapshot.service.js';

type Db = Kysely<Database>;

const FINISHED: readonly PlanStatus[] = ['succeeded', 'failed', 'cancelled'];
const EPS = 1e-6;

/** What a run reads back from plan_run.parameters. */
interface StoredParameters extends PlanParameters {
  readonly start_week: string;
}

interface Page<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());
const num = (value: string | null) => (value === null ? null : Number(value));
/** Quantities are stored with 3 decimals; solver noise below that is dropped. */
const qty = (value: number) => Math.round(value * 1000) / 1000;

function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeCursor<T>(cursor: string | undefined, check: (value: unknown) => value is T): T | undefined {
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
const isString = (value: unknown): value is string => cursorValue.text(value);
const isUuid = (value: unknown): value is string => cursorValue.uuid(value);
const isNumber = (value: unknown): value is number => cursorValue.integer(value);

function runOf(
  row: PlanRunRow,
  live?: { progress: number; note: string },
  names?: ReadonlyMap<string, string>,
): PlanRun {
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
  const running = row.status === 'running' && live !== undefined;
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
    progress: running ? live.progress : Number(row.progress),
    progress_note: running ? live.note : row.progress_note,
    summary,
    timings: row.timings as PlanRun['timings'],
    error: row.error,
    data_fingerprint: row.data_fingerprint,
    created_at: row.created_at.toISOString(),
    created_by: row.created_by,
    started_at: iso(row.started_at),
    finished_at: iso(row.finished_at),
    accepted_at: iso(row.accepted_at),
    accepted_by: row.accepted_by,
    accepted_by_name: row.accepted_by === null ? null : (names?.get(row.accepted_by) ?? row.accepted_by),
  };
}

/** Validates parameters beyond the schema: the weights must make meeting late beat not meeting. */
function parametersOf(request: PlanRequest, startWeek: string): StoredParameters {
  const weights: Weights = request.weights ?? DEFAULT_PARAMETERS.weights;
  const lateness = request.lateness ?? DEFAULT_PARAMETERS.lateness;
  const horizon = request.horizon ?? DEFAULT_PARAMETERS.horizon;
  return { horizon, lateness, weights, start_week: startWeek };
}

function checkWeights(parameters: StoredParameters, maxCost: number): void {
  const { weights, lateness } = parameters;
  if (!(weights.unmet > weights.late * lateness + weights.cost * maxCost)) {
    throw InvalidRecord([
      {
        field: 'weights',
        message: `unmet (${weights.unmet}) must exceed late × lateness + cost × the largest transport cost (${weights.late * lateness + weights.cost * maxCost}), so that meeting a need late beats not meeting it`,
      },
    ]);
  }
}

function maxTransportCost(built: BuiltProblem): number {
  const costs = built.problem.transportCost ?? built.problem.leadTime;
  let max = 0;
  for (const c of costs) max = Math.max(max, c);
  return max;
}

function describeNeed(
  e: NeedExplanation,
  built: BuiltProblem,
  startWeek: string,
  due: number,
  lateness: number,
): string {
  const lotName = (s: number) => {
    const lot = built.lots[s];
    return lot?.kind === 'pledge' ? `pledge ${lot.key}` : `${lot?.kind} lot ${lot?.key}`;
  };
  const served =
    e.serving.length === 0
      ? 'Nothing can be planned for it.'
      : `${qty(e.allocated)} of ${qty(e.quantity)} planned: ${e.serving
          .map(
            (s) =>
              `${qty(s.quantity)} from ${lotName(s.lot)} arriving ${weekAt(startWeek, s.arrival)}${s.lateness > 0 ? ` (${s.lateness} week${s.lateness === 1 ? '' : 's'} late)` : ''}`,
          )
          .join('; ')}.`;
  if (e.reason === null) return `${served} All on time.`;
  const part = e.unmet > EPS ? `${qty(e.unmet)} unmet` : `${qty(e.late)} late`;
  const deadline = weekAt(startWeek, due + (e.unmet > EPS ? lateness : 0));
  const why: Record<NonNullable<NeedExplanation['reason']>, string> = {
    no_supply_in_time: `no supply of the item can leave a hub by ${deadline}`,
    lead_time_too_long: `supply leaves its hub in time, but the lead time to the region makes it arrive after ${deadline}`,
    taken_by_higher_priority: `the supply that could arrive by ${deadline} is used up${
      e.takenBy.length > 0
        ? ` by needs of higher or equal priority (${e.takenBy.map((d) => built.needs[d]?.key).join(', ')})`
        : ''
    }${e.bindingDual !== null && e.bindingDual > 0 ? `; one more unit there would save ${qty(e.bindingDual)}` : ''}`,
    bundle_ratio: 'supply is there, but its bundle must arrive in ratio with its lead need',
  };
  return `${served} ${part}: ${why[e.reason]}.`;
}

/** The live data a run plans, read and checked when the run was started. */
interface Prepared {
  readonly fingerprint: string;
  /** The model of the snapshot with the scenario applied. */
  readonly built: BuiltProblem;
  readonly snapshotMs: number;
  readonly buildMs: number;
}

export interface PlanServiceDeps {
  readonly db: Db;
  /** Now; the default start week is the ISO week of this date. */
  readonly clock?: () => Date;
  /** Worker threads for the solver (0: in this thread); default: the solver's choice. */
  readonly workers?: number;
}

export type PlanService = ReturnType<typeof createPlanService>;

/**
 * Plan runs: start (asynchronous, in this process), progress, cancel, results with explanations,
 * comparison of two runs, acceptance into accepted allocations, and export of the current model.
 */
export function createPlanService(deps: PlanServiceDeps) {
  const { db, clock = () => new Date(), workers } = deps;
  const active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const live = new Map<string, { progress: number; note: string }>();
  let cache: PlanCache | undefined;

  function startWeekOf(request: { start_week?: string | undefined }): string {
    return request.start_week ?? weekOfDay(Math.floor(clock().getTime() / 86_400_000));
  }

  async function requireRun(id: string, executor: Executor = db): Promise<PlanRunRow> {
    const row = await findPlanRun(executor, id);
    if (!row) throw NotFound('plan run', id);
    return row;
  }

  /** Live data (and the scenario) → model, for a run or an export. */
  async function buildFromLive(parameters: StoredParameters, scenario: Scenario | null) {
    const input = await loadPlanInput(db, parameters.start_week, parameters.horizon);
    const fingerprint = fingerprintOf(input);
    const edited = scenario ? applyScenario(input, scenario) : input;
    const built = buildProblem(edited, parameters);
    checkWeights(parameters, maxTransportCost(built));
    return { built, fingerprint };
  }

  function report(id: string, progress: number, note: string): void {
    live.set(id, { progress, note });
  }

  /**
   * Runs a queued run. `prepared` is the model start() built to check the scenario and the weights;
   * the run plans exactly that model, so what was checked is what is planned.
   */
  async function execute(id: string, signal: AbortSignal, prepared: Prepared): Promise<void> {
    const started = performance.now() - prepared.snapshotMs - prepared.buildMs;
    const row = await updatePlanRun(
      db,
      id,
      {
        status: 'running',
        started_at: new Date(),
        progress_note: 'reading live data',
        updated_by: 'planner',
      },
      ['queued'],
    );
    if (!row) return;
    const parameters = row.parameters as StoredParameters;
    const timings: Record<string, number> = {};
    try {
      const { fingerprint, built } = prepared;
      timings.snapshot_ms = prepared.snapshotMs;
      timings.build_ms = prepared.buildMs;
      signal.throwIfAborted();

      report(id, 0.1, 'solving');
      let t = performance.now();
      const result = await solvePlan(built.problem, {
        method: row.method as PlanMethodName,
        signal,
        previous: cache,
        ...(workers === undefined ? {} : { workers }),
        onProgress: (done, total) =>
          report(id, 0.1 + (0.75 * done) / Math.max(1, total), `solved ${done} of ${total} parts`),
      });
      cache = result.cache;
      timings.solve_ms = performance.now() - t;
      const { solution } = result;
      if (solution.status !== 'optimal') throw new Error(`the solver ended with status ${solution.status}`);

      report(id, 0.88, 'explaining');
      t = performance.now();
      const explanation = explainPlan(built.problem, solution);
      const summary = summarizeSolution(built.problem, solution.arcs, solution.flow, solution.unmet);
      timings.explain_ms = performance.now() - t;

      report(id, 0.92, 'storing results');
      t = performance.now();
      const { problem } = built;
      const allocations: Insertable<PlanAllocationTable>[] = [];
      for (let a = 0, seq = 0; a < solution.arcs.count; a++) {
        const x = qty(solution.flow[a] as number);
        if (x <= 0) continue;
        const lot = built.lots[solution.arcs.lot[a] as number];
        const need = built.needs[solution.arcs.need[a] as number];
        if (!lot || !need) continue;
        allocations.push({
          run_id: id,
          seq: seq++,
          lot_id: lot.key,
          lot_kind: lot.kind,
          pledge_id: lot.pledge_id,
          need_id: need.need_id,
          need_key: need.key,
          item_id: lot.item_id,
          quantity: x,
          arrival_week: solution.arcs.arrival[a] as number,
          lateness: solution.arcs.lateness[a] as number,
          unit_cost: qty(solution.arcs.unitCost[a] as number),
        });
      }
      const needRows = explanation.needs.map((e) => {
        const need = built.needs[e.need] as (typeof built.needs)[number];
        const due = problem.needs.due[e.need] as number;
        return {
          run_id: id,
          need_key: need.key,
          need_id: need.need_id,
          item_id: need.item_id,
          region_id: need.region_id,
          recipient_org_id: need.recipient_org_id,
          priority_weight: problem.needs.priority[e.need] as number,
          due_week: due,
          quantity: qty(e.quantity),
          allocated: qty(e.allocated),
          unmet: qty(e.unmet),
          late_quantity: qty(e.late),
          reason: e.reason,
          binding_dual: e.bindingDual,
          explanation: JSON.stringify({
            serving: e.serving.map((s) => ({
              lot_id: built.lots[s.lot]?.key,
              lot_kind: built.lots[s.lot]?.kind,
              quantity: qty(s.quantity),
              arrival_week: s.arrival,
              arrival: weekAt(parameters.start_week, s.arrival),
              lateness: s.lateness,
            })),
            binding_lots: e.binding.map((b) => ({ lot_id: built.lots[b.lot]?.key, dual: b.dual })),
            taken_by: e.takenBy.map((d) => built.needs[d]?.key),
            text: describeNeed(e, built, parameters.start_week, due, parameters.lateness),
          }),
        };
      });
      const lotRows = explanation.lots.map((e) => {
        const lot = built.lots[e.lot] as (typeof built.lots)[number];
        return {
          run_id: id,
          lot_id: lot.key,
          lot_kind: lot.kind,
          pledge_id: lot.pledge_id,
          production_line_id: lot.production_line_id,
          item_id: lot.item_id,
          hub_code: problem.hubs[problem.lots.hub[e.lot] as number] as string,
          available_week: problem.lots.available[e.lot] as number,
          quantity: qty(e.quantity),
          used: qty(e.used),
          dual: e.dual,
        };
      });
      const snapshot = {
        problem: problemToJson(problem),
        lots: built.lots,
        needs: built.needs,
        hub_ids: built.hubIds,
        ignored_bundle_links: built.ignoredBundleLinks,
      };
      await db.transaction().execute(async (trx) => {
        await insertPlanAllocations(trx, allocations);
        await insertPlanNeedResults(trx, needRows);
        await insertPlanLotResults(trx, lotRows);
        timings.store_ms = performance.now() - t;
        timings.total_ms = performance.now() - started;
        const done = await updatePlanRun(
          trx,
          id,
          {
            status: 'succeeded',
            solved_by: solution.method,
            snapshot: JSON.stringify(snapshot),
            data_fingerprint: fingerprint,
            objective: solution.objective,
            unmet_weighted: summary.unmetWeighted,
            unmet_quantity: summary.unmetQuantity,
            late_weighted: summary.lateWeighted,
            lot_count: problem.lots.count,
            need_count: problem.needs.count,
            arc_count: solution.arcs.count,
            allocation_count: allocations.length,
            timings: JSON.stringify(roundTimings(timings)),
            progress: 1,
            progress_note: 'done',
            finished_at: new Date(),
            updated_by: 'planner',
          },
          ['running'],
        );
        // Cancelled while storing: roll the results back, the run stays cancelled.
        if (!done) throw new DOMException('the run was cancelled', 'AbortError');
      });
    } catch (error) {
      const aborted = signal.aborted || (error instanceof DOMException && error.name === 'AbortError');
      timings.total_ms = performance.now() - started;
      await updatePlanRun(
        db,
        id,
        {
          status: aborted ? 'cancelled' : 'failed',
          error: aborted ? null : error instanceof Error ? error.message : String(error),
          progress_note: aborted ? 'cancelled' : 'failed',
          timings: JSON.stringify(roundTimings(timings)),
          finished_at: new Date(),
          updated_by: 'planner',
        },
        ['queued', 'running'],
      );
    } finally {
      live.delete(id);
    }
  }

  function roundTimings(timings: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v * 10) / 10]));
  }

  async function resultRun(id: string): Promise<PlanRunRow> {
    const row = await requireRun(id);
    if (row.status !== 'succeeded') {
      throw Conflict(
        'plan_not_finished',
        `plan run ${id} is ${row.status}; results exist only for a succeeded run`,
      );
    }
    return row;
  }

  function needResultOf(row: PlanNeedResultRow, startWeek: string): NeedResult {
    return {
      need_key: row.need_key,
      need_id: row.need_id,
      item_id: row.item_id,
      region_id: row.region_id,
      recipient_org_id: row.recipient_org_id,
      priority_weight: Number(row.priority_weight),
      due_week: row.due_week,
      due: weekAt(startWeek, row.due_week),
      quantity: Number(row.quantity),
      allocated: Number(row.allocated),
      unmet: Number(row.unmet),
      late_quantity: Number(row.late_quantity),
      reason: row.reason as NeedResult['reason'],
      binding_dual: num(row.binding_dual),
      explanation: row.explanation as NeedResult['explanation'],
    };
  }

  function allocationOf(row: PlanAllocationRow, startWeek: string): PlanAllocation {
    return {
      seq: row.seq,
      lot_id: row.lot_id,
      lot_kind: row.lot_kind as PlanAllocation['lot_kind'],
      pledge_id: row.pledge_id,
      need_key: row.need_key,
      need_id: row.need_id,
      item_id: row.item_id,
      quantity: Number(row.quantity),
      arrival_week: row.arrival_week,
      arrival: weekAt(startWeek, row.arrival_week),
      lateness: row.lateness,
      unit_cost: Number(row.unit_cost),
    };
  }

  function lotResultOf(row: PlanLotResultRow, destinations: PlanAllocationRow[]): LotResult {
    return {
      lot_id: row.lot_id,
      lot_kind: row.lot_kind as LotResult['lot_kind'],
      pledge_id: row.pledge_id,
      production_line_id: row.production_line_id,
      item_id: row.item_id,
      hub: row.hub_code,
      available_week: row.available_week,
      quantity: Number(row.quantity),
      used: Number(row.used),
      dual: Number(row.dual),
      destinations: destinations.map((a) => ({
        need_key: a.need_key,
        quantity: Number(a.quantity),
        arrival_week: a.arrival_week,
        lateness: a.lateness,
      })),
    };
  }

  return {
    /** Records a queued run and starts it in this process; the returned run is queued. */
    async start(request: PlanRequest, actor: Actor): Promise<PlanRun> {
      const parameters = parametersOf(request, startWeekOf(request));
      // The snapshot is read now, so a scenario naming what does not exist is a 422 at once.
      const t = performance.now();
      const input = await loadPlanInput(db, parameters.start_week, parameters.horizon);
      const edited = request.scenario ? applyScenario(input, request.scenario) : input;
      const snapshotMs = performance.now() - t;
      const built = buildProblem(edited, parameters);
      checkWeights(parameters, maxTransportCost(built));
      const prepared: Prepared = {
        fingerprint: fingerprintOf(input),
        built,
        snapshotMs,
        buildMs: performance.now() - t - snapshotMs,
      };
      const row = await insertPlanRun(db, {
        id: newId(),
        method: request.method ?? 'auto',
        start_week: parameters.start_week,
        parameters: JSON.stringify(parameters),
        scenario: request.scenario ? JSON.stringify(request.scenario) : null,
        owner_org_id: actor.orgId,
        created_by: actor.id,
        updated_by: actor.id,
      });
      const controller = new AbortController();
      const done = execute(row.id, controller.signal, prepared)
        .catch(() => undefined)
        .finally(() => active.delete(row.id));
      active.set(row.id, { controller, done });
      return runOf(row);
    },

    async get(id: string): Promise<PlanRun> {
      const row = await requireRun(id);
      return runOf(row, live.get(id), await actorNames(db, row.accepted_by ? [row.accepted_by] : []));
    },

    /** Waits until a run started by this process has ended, then reads it. */
    async wait(id: string): Promise<PlanRun> {
      await active.get(id)?.done;
      return runOf(await requireRun(id));
    },

    async list(query: { cursor?: string | undefined; limit?: number | undefined }): Promise<Page<PlanRun>> {
      const limit = query.limit ?? 50;
      const after = decodeCursor(query.cursor, isUuid);
      const rows = await listPlanRuns(db, { limit: limit + 1, after });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      const names = await actorNames(
        db,
        page.flatMap((row) => (row.accepted_by ? [row.accepted_by] : [])),
      );
      return {
        items: page.map((row) => runOf(row, live.get(row.id), names)),
        next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null,
      };
    },

    /** Stops a queued or running run; 409 plan_finished once it has ended. */
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
      active.get(id)?.controller.abort();
      await active.get(id)?.done;
      if (!updated) throw Conflict('plan_finished', `plan run ${id} ended before it could be cancelled`);
      return runOf(await requireRun(id));
    },

    async needs(id: string, query: ResultQuery): Promise<Page<NeedResult>> {
      const run = await resultRun(id);
      const limit = query.limit ?? 50;
      const rows = await listPlanNeedResults(db, id, {
        ...query,
        after: decodeCursor(query.cursor, isString),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => needResultOf(row, run.start_week)),
        next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]?.need_key) : null,
      };
    },

    async lots(id: string, query: ResultQuery): Promise<Page<LotResult>> {
      await resultRun(id);
      const limit = query.limit ?? 50;
      const rows = await listPlanLotResults(db, id, {
        item_id: query.item_id,
        after: decodeCursor(query.cursor, isString),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      const flows = await listPlanAllocations(db, id, { item_id: query.item_id });
      const byLot = new Map<string, PlanAllocationRow[]>();
      const wanted = new Set(page.map((r) => r.lot_id));
      for (const flow of flows) {
        if (!wanted.has(flow.lot_id)) continue;
        const list = byLot.get(flow.lot_id) ?? [];
        list.push(flow);
        byLot.set(flow.lot_id, list);
      }
      return {
        items: page.map((row) => lotResultOf(row, byLot.get(row.lot_id) ?? [])),
        next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]?.lot_id) : null,
      };
    },

    /** Items by shadow price: what one more unit of each would save, i.e. what donors should send next. */
    async items(id: string): Promise<ItemShadowPrices> {
      await resultRun(id);
      const rows = await listItemShadowPrices(db, id);
      return {
        items: rows
          .map((row) => ({
            item_id: row.id,
            code: row.code,
            name: row.name,
            unit: row.unit,
            shadow_price: Number(row.shadow_price ?? 0),
            unmet: Number(row.unmet),
            unmet_weighted: Number(row.unmet_weighted),
          }))
          .filter((row) => row.shadow_price > 0 || row.unmet > 0),
      };
    },

    async allocations(id: string, query: ResultQuery): Promise<Page<PlanAllocation>> {
      const run = await resultRun(id);
      const limit = query.limit ?? 50;
      const rows = await listPlanAllocations(db, id, {
        item_id: query.item_id,
        need_id: query.need_id,
        afterSeq: decodeCursor(query.cursor, isNumber),
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((row) => allocationOf(row, run.start_week)),
        next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]?.seq) : null,
      };
    },

    /** Per need, what run B allocates against run A; gains and losses per recipient and per item. */
    async compare(idA: string, idB: string): Promise<PlanComparison> {
      const [a, b] = [await resultRun(idA), await resultRun(idB)];
      const rows = await compareNeedResults(db, idA, idB);
      const changed = rows
        .map((row) => {
          const allocatedA = Number(row.allocated_a);
          const allocatedB = Number(row.allocated_b);
          return {
            need_key: row.need_key,
            need_id: row.need_id,
            item_id: row.item_id,
            recipient_org_id: row.recipient_org_id,
            quantity: Number(row.quantity),
            allocated_a: allocatedA,
            allocated_b: allocatedB,
            change: qty(allocatedB - allocatedA),
          };
        })
        .filter((row) => row.change !== 0);
      const group = (key: (r: (typeof changed)[number]) => string | null) => {
        const groups = new Map<
          string,
          { allocated_a: number; allocated_b: number; gained: number; lost: number }
        >();
        for (const row of rows) {
          const k = key({ ...row, quantity: 0, allocated_a: 0, allocated_b: 0, change: 0 }) ?? '(none)';
          const g = groups.get(k) ?? { allocated_a: 0, allocated_b: 0, gained: 0, lost: 0 };
          const change = Number(row.allocated_b) - Number(row.allocated_a);
          g.allocated_a += Number(row.allocated_a);
          g.allocated_b += Number(row.allocated_b);
          if (change > 0) g.gained += change;
          else g.lost -= change;
          groups.set(k, g);
        }
        return groups;
      };
      const recipients = group((r) => r.recipient_org_id);
      const items = group((r) => r.item_id);
      const names = new Map(
        (
          await findOrganisationNames(
            db,
            [...recipients.keys()].filter((k) => k !== '(none)'),
          )
        ).map((o) => [o.id, o.name]),
      );
      const codes = new Map((await findItemCodes(db, [...items.keys()])).map((i) => [i.id, i.code]));
      const listOf = (groups: typeof recipients, label: (k: string) => string) =>
        [...groups.entries()]
          .filter(([, g]) => g.gained > EPS || g.lost > EPS)
          .map(([key, g]) => ({
            key,
            label: label(key),
            allocated_a: qty(g.allocated_a),
            allocated_b: qty(g.allocated_b),
            gained: qty(g.gained),
            lost: qty(g.lost),
          }))
          .sort((x, y) => y.gained + y.lost - (x.gained + x.lost) || (x.key < y.key ? -1 : 1));
      const runA = runOf(a);
      const runB = runOf(b);
      return {
        a: runA,
        b: runB,
        objective_change:
          runA.summary && runB.summary ? qty(runB.summary.objective - runA.summary.objective) : null,
        needs: changed
          .sort((x, y) => Math.abs(y.change) - Math.abs(x.change) || (x.need_key < y.need_key ? -1 : 1))
          .slice(0, 500),
        by_recipient: listOf(recipients, (k) => names.get(k) ?? k),
        by_item: listOf(items, (k) => codes.get(k) ?? k),
      };
    },

    /**
     * Turns the run's pledge allocations into accepted allocations, in one transaction. Every one
     * is checked against the live data first (pledge free committed quantity, need open quantity,
     * neither closed): if any no longer fits — something was accepted, released, cancelled or
     * changed in between — nothing is accepted and 409 plan_stale names what changed. Changes that
     * leave every allocation fitting do not make a run stale. Forecast and what-if lots are never
     * accepted; a what-if run cannot be accepted at all.
     */
    async accept(id: string, actor: Actor): Promise<AcceptResult> {
      const outcome = await db.transaction().execute(async (trx) => {
        const row = await findPlanRunForUpdate(trx, id);
        if (!row) throw NotFound('plan run', id);
        if (row.status !== 'succeeded') {
          throw Conflict(
            'plan_not_finished',
            `plan run ${id} is ${row.status}; only a succeeded run can be accepted`,
          );
        }
        if (row.accepted_at !== null) {
          throw Conflict(
            'plan_already_accepted',
            `plan run ${id} was accepted at ${row.accepted_at.toISOString()} by ${row.accepted_by}`,
          );
        }
        if (row.scenario !== null) {
          throw Conflict('plan_is_what_if', `plan run ${id} plans a what-if scenario; it cannot be accepted`);
        }
        const planned = await listPlanAllocations(trx, id, { lot_kind: 'pledge' });
        const all = await listPlanAllocations(trx, id, {});
        const forecastQuantity = all
          .filter((a) => a.lot_kind !== 'pledge')
          .reduce((sum, a) => sum + Number(a.quantity), 0);
        const accepted = planned.filter((a) => a.need_id !== null && a.pledge_id !== null);
        const perPledge = new Map<string, number>();
        const perNeed = new Map<string, number>();
        for (const a of accepted) {
          perPledge.set(
            a.pledge_id as string,
            (perPledge.get(a.pledge_id as string) ?? 0) + Number(a.quantity),
          );
          perNeed.set(a.need_id as string, (perNeed.get(a.need_id as string) ?? 0) + Number(a.quantity));
        }
        // Pledges then needs, each in id order: the lock order of every allocation path.
        const pledges = await lockPledges(trx, [...perPledge.keys()].sort());
        const needs = await lockNeeds(trx, [...perNeed.keys()].sort());
        const problems: { field: string; message: string }[] = [];
        const pledgeById = new Map(pledges.map((p) => [p.id, p]));
        // Pledges and needs by what people call them: donor and item; item, region and date.
        const names = createResolver({ db });
        const pledgeName = async (pledgeId: string) => {
          const p = pledgeById.get(pledgeId);
          return p
            ? `the pledge of ${await names.nameOf('organisation', p.donor_org_id)} of ${await names.nameOf('item', p.item_id)}`
            : `pledge ${pledgeId}`;
        };
        for (const [pledgeId, wanted] of perPledge) {
          const p = pledgeById.get(pledgeId);
          const free = p ? qty(Number(p.committed_quantity) - Number(p.allocated_quantity)) : 0;
          if (!p || ['cancelled', 'expired'].includes(p.status)) {
            problems.push({
              field: `pledge/${pledgeId}`,
              message: `${await pledgeName(pledgeId)} is ${p?.status ?? 'gone'}`,
            });
          } else if (free + EPS < wanted) {
            problems.push({
              field: `pledge/${pledgeId}`,
              message: `${await pledgeName(pledgeId)} has ${free} free now, the plan allocates ${qty(wanted)}`,
            });
          }
        }
        const needById = new Map(needs.map((n) => [n.id, n]));
        const needName = async (needId: string) => {
          const n = needById.get(needId);
          return n
            ? `the need for ${await names.nameOf('item', n.item_id)} in ${await names.nameOf('region', n.region_id)} by ${n.needed_by}`
            : `need ${needId}`;
        };
        for (const [needId, wanted] of perNeed) {
          const n = needById.get(needId);
          const open = n ? qty(Number(n.quantity) - Number(n.allocated_quantity)) : 0;
          if (!n || ['cancelled', 'met'].includes(n.status)) {
            problems.push({
              field: `need/${needId}`,
              message: `${await needName(needId)} is ${n?.status ?? 'gone'}`,
            });
          } else if (open + EPS < wanted) {
            problems.push({
              field: `need/${needId}`,
              message: `${await needName(needId)} has ${open} open now, the plan allocates ${qty(wanted)}`,
            });
          }
        }
        if (problems.length > 0) {
          const shown = problems
            .slice(0, 3)
            .map((p) => p.message)
            .join('; ');
          throw new DomainError(
            'plan_stale',
            409,
            `the live data changed since plan run ${id} read it, so ${problems.length} of its allocations no longer fit (${shown}${problems.length > 3 ? '; …' : ''}); run the plan again`,
            problems,
          );
        }
        let quantity = 0;
        // The allocations are proposed and accepted on the data's day (or a pledge's later last step).
        const today = clock().toISOString().slice(0, 10);
        for (const a of accepted) {
          const allocation = await insertRecord(trx, 'allocation', {
            id: newId(),
            pledge_id: a.pledge_id,
            need_id: a.need_id,
            quantity: a.quantity,
            week: weekAt(row.start_week, a.arrival_week),
            proposed_by: 'planner',
            proposed_on: today,
            classification: 'coalition',
            owner_org_id: pledgeById.get(a.pledge_id as string)?.donor_org_id,
            created_by: actor.id,
            updated_by: actor.id,
          });
          await insertAuditEntry(trx, {
            actor: actor.id,
            action: 'create',
            entity_type: 'allocation',
            entity_id: allocation.id,
            before: null,
            after: allocationKind.toEntity(allocation),
          });
          const { transition } = await changePledgeStage(trx, {
            pledge_id: a.pledge_id as string,
            action: 'allocate',
            quantity: Number(a.quantity),
            note: `allocation ${allocation.id} to need ${a.need_id}: plan run ${id}`,
            actor,
            today,
          });
          await addToNeedAllocated(trx, a.need_id as string, a.quantity);
          const decided = await decideAllocation(trx, allocation.id, {
            status: 'accepted',
            actor: actor.id,
            on: transition.effective_on,
          });
          await insertAuditEntry(trx, {
            actor: actor.id,
            action: 'update',
            entity_type: 'allocation',
            entity_id: allocation.id,
            before: allocationKind.toEntity(allocation),
            after: decided ? allocationKind.toEntity(decided) : null,
          });
          quantity += Number(a.quantity);
        }
        const done = await updatePlanRun(trx, id, {
          accepted_at: new Date(),
          accepted_by: actor.id,
          updated_by: actor.id,
        });
        return {
          row: done as PlanRunRow,
          created: accepted.length,
          quantity: qty(quantity),
          forecast: qty(forecastQuantity),
        };
      });
      return {
        run: runOf(outcome.row, undefined, await actorNames(db, [actor.id])),
        allocations_created: outcome.created,
        quantity: outcome.quantity,
        skipped_forecast_quantity: outcome.forecast,
      };
    },

    /** Writes the model of the current live data (the same model a run solves) as MPS or LP. */
    async exportModel(
      request: {
        format: 'mps' | 'lp';
        horizon?: number | undefined;
        lateness?: number | undefined;
        start_week?: string | undefined;
      },
      write: (chunk: string) => void,
    ): Promise<{ lots: number; needs: number; start_week: string }> {
      const parameters = parametersOf(request, startWeekOf(request));
      const { built } = await buildFromLive(parameters, null);
      if (request.format === 'mps') writeMps(built.problem, write);
      else writeLp(built.problem, write);
      return {
        lots: built.problem.lots.count,
        needs: built.problem.needs.count,
        start_week: parameters.start_week,
      };
    },

    /** The model of the current live data, for checks and tools (same as exportModel builds). */
    async currentModel(request: { horizon?: number; lateness?: number; start_week?: string }) {
      const parameters = parametersOf(request, startWeekOf(request));
      const { built } = await buildFromLive(parameters, null);
      return { built, arcs: buildArcs(built.problem) };
    },

    /** Cancels what is still running in this process and waits for it (server shutdown). */
    async close(): Promise<void> {
      for (const { controller } of active.values()) controller.abort();
      await Promise.all([...active.values()].map((a) => a.done));
    },
  };
}
