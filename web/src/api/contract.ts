// The UI reads the same types the API validates and documents: one schema per shape, no copies.
export type { GapGroup, GapReport } from '../../../src/core/gaps/gap.schema.js';
export type { Health } from '../../../src/core/health/health.service.js';
export type { Need } from '../../../src/core/needs/need.schema.js';

import type { GapReport } from '../../../src/core/gaps/gap.schema.js';

export type GapDimension = GapReport['by'];

/** Every grouping the gap report offers, in the order the UI lists them. */
export const GAP_DIMENSIONS: readonly GapDimension[] = ['category', 'item', 'region', 'donor'];

/** An RFC 9457 problem as far as the UI needs it. */
export interface ProblemLike {
  readonly status: number;
  readonly detail: string;
  readonly code?: string;
}
