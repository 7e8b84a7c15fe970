import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { createPlanAcceptService } from './plan-accept.service.js';
import { createPlanCompareService } from './plan-compare.service.js';
import { createPlanExportService } from './plan-export.service.js';
import { createPlanResultService } from './plan-results.service.js';
import { createPlanRunService, type LocalPlanWorker } from './plan-runs.service.js';

export interface PlanServiceDeps {
  readonly db: Kysely<Database>;
  /** Now; the default start week is the ISO week of this date. */
  readonly clock?: () => Date;
  /** This process's plan worker (src/core/planning/plan-jobs.ts), if it runs one. */
  readonly local?: LocalPlanWorker | undefined;
}

export type PlanService = ReturnType<typeof createPlanService>;

/**
 * The planner as the API and the CLI use it: runs (durable jobs planned by any process's worker),
 * results and explanations, comparison, acceptance, and model export — each its own module with its
 * own dependencies, gathered here.
 */
export function createPlanService(deps: PlanServiceDeps) {
  const { db, clock, local } = deps;
  const runs = createPlanRunService({ db, ...(clock ? { clock } : {}), local });
  const results = createPlanResultService({ db, runs });
  const comparison = createPlanCompareService({ db, runs });
  const acceptance = createPlanAcceptService({ db, ...(clock ? { clock } : {}) });
  const models = createPlanExportService({ db, ...(clock ? { clock } : {}) });
  return {
    start: runs.start,
    get: runs.get,
    wait: runs.wait,
    list: runs.list,
    cancel: runs.cancel,
    needs: results.needs,
    lots: results.lots,
    items: results.items,
    allocations: results.allocations,
    compare: comparison.compare,
    accept: acceptance.accept,
    exportModel: models.exportModel,
    currentModel: models.currentModel,
  };
}
