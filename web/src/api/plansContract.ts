// The planner's shapes, read from the schemas the API validates: no copies.
export type {
  AcceptResult,
  ItemShadowPrices,
  NeedResult,
  PlanComparison,
  PlanRequest,
  PlanRun,
} from '../../../src/core/planning/plan.schema.js';
