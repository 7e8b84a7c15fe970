// Types for the charts, forms and reports, read from the schemas the API validates: no copies.

export type { FieldProblem } from '../../../src/core/errors.js';
export type { Event } from '../../../src/core/events/event.schema.js';
export type { GapWeeklyReport } from '../../../src/core/gaps/gap.schema.js';
export type { Incident } from '../../../src/core/incidents/incident.schema.js';
export type { ReadinessReport } from '../../../src/core/incidents/readiness.schema.js';
export type { Item } from '../../../src/core/items/item.schema.js';
export type { Need, NeedCreate, NeedPatch } from '../../../src/core/needs/need.schema.js';
export type { Organisation } from '../../../src/core/organisations/organisation.schema.js';
export type { Pledge, PledgeCreate } from '../../../src/core/pledges/pledge.schema.js';
export type { Region } from '../../../src/core/regions/region.schema.js';
export type {
  DonorFunnel,
  DonorFunnelReport,
  EventConversion,
  EventConversionReport,
} from '../../../src/core/reports/conversion.schema.js';
