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

export type { RegionAssetCounts } from '../../../src/core/assets/asset.schema.js';
// ─── Lists and detail pages ────────────────────────────────────────────────────────────────
export type { Event } from '../../../src/core/events/event.schema.js';
export type { ReadinessReport, RegionReadiness } from '../../../src/core/incidents/readiness.schema.js';
export type { Item } from '../../../src/core/items/item.schema.js';
export type { Organisation } from '../../../src/core/organisations/organisation.schema.js';
export type { Pledge, PledgeTransition } from '../../../src/core/pledges/pledge.schema.js';
export type { VerifiableEntity, Verification } from '../../../src/core/provenance/verification.schema.js';
export type { Region } from '../../../src/core/regions/region.schema.js';
export type { ProgressReport } from '../../../src/core/repairs/repair.schema.js';
export type { Receipt } from '../../../src/core/shipments/receipt.schema.js';
export type { Shipment, ShipmentLine } from '../../../src/core/shipments/shipment.schema.js';
export type { LinkableEntity, Source } from '../../../src/core/sources/source.schema.js';

import type { Static } from 'typebox';
import type { AuditEntrySchema } from '../../../src/api/routes/record.routes.js';

/** One change in a record's audit trail, as GET /{records}/{id}/history answers it. */
export type AuditEntry = Static<typeof AuditEntrySchema>;

/** One page of a list: the records and the cursor of the next page (null on the last). */
export interface Page<T> {
  readonly items: T[];
  readonly next_cursor: string | null;
}

// ─── Registry: FX rates, duplicates, source links, accounts and tokens ──────────────────────
export type {
  ApiToken,
  ApiTokenCreate,
  ApiTokenCreated,
  User,
  UserCreate,
} from '../../../src/core/auth/account.schema.js';
// ─── Admin ───────────────────────────────────────────────────────────────────────────────────
export type { BackupRun, BackupStatus } from '../../../src/core/backup/backup.schema.js';
export type { FxImportResult, FxRate, FxRatePage, FxRatePut } from '../../../src/core/money/fx.schema.js';
export type { DuplicateFlag, DuplicatePage } from '../../../src/core/provenance/duplicate.schema.js';
export type { SourceLink } from '../../../src/core/sources/source.schema.js';

// ─── Open data ─────────────────────────────────────────────────────────────────────────────
import type { ReleaseSchema } from '../../../src/core/open-data/release.schema.js';

/** An open data release as GET /api/v1/open-data lists it (and POST answers it). */
export type OpenDataRelease = Static<typeof ReleaseSchema>;
