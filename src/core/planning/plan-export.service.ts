import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { buildArcs } from '../../planning/model/arcs.js';
import { writeLp } from '../../planning/model/lp-format.js';
import { writeMps } from '../../planning/model/mps.js';
import type { Scenario } from '../../planning/scenario.js';
import { prepareModel } from './plan-execution.js';
import { parametersOf } from './plan-run.view.js';
import { startWeekAt } from './plan-runs.service.js';

type Db = Kysely<Database>;

export interface ModelRequest {
  readonly horizon?: number | undefined;
  readonly lateness?: number | undefined;
  readonly start_week?: string | undefined;
  /** A what-if scenario applied to the live data, as a run would (never touches live data). */
  readonly scenario?: Scenario | undefined;
}

export type PlanExport = ReturnType<typeof createPlanExportService>;

/** The model of the live data now (what a run would solve), for other solvers and for checks. */
export function createPlanExportService(deps: { readonly db: Db; readonly clock?: () => Date }) {
  const { db, clock = () => new Date() } = deps;

  async function build(request: ModelRequest) {
    const now = clock();
    const parameters = parametersOf(request, startWeekAt(now, request));
    const { built } = await prepareModel(
      db,
      parameters,
      request.scenario ?? null,
      now.toISOString().slice(0, 10),
    );
    return { built, parameters };
  }

  return {
    /** Writes the model of the current live data (the same model a run solves) as MPS or LP. */
    async exportModel(
      request: ModelRequest & { readonly format: 'mps' | 'lp' },
      write: (chunk: string) => void,
    ): Promise<{ lots: number; needs: number; start_week: string }> {
      const { built, parameters } = await build(request);
      if (request.format === 'mps') writeMps(built.problem, write);
      else writeLp(built.problem, write);
      return {
        lots: built.problem.lots.count,
        needs: built.problem.needs.count,
        start_week: parameters.start_week,
      };
    },

    /** The model of the current live data, for checks and tools (same as exportModel builds). */
    async currentModel(request: ModelRequest) {
      const { built } = await build(request);
      return { built, arcs: buildArcs(built.problem) };
    },
  };
}
