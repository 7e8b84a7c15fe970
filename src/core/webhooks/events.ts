import type { Kysely } from 'kysely';
import { runAsActor } from '../../db/actor-context.js';
import type { Database } from '../../db/schema.js';
import { createAllocationService } from '../allocations/allocation.service.js';
import type { Actor, Classification, Role } from '../auth/actor.js';
import { DomainError } from '../errors.js';
import { createNeedService } from '../needs/need.service.js';
import { createPlanService } from '../planning/plan.service.js';
import { createPledgeService } from '../pledges/pledge.service.js';
import { createReceiptService } from '../shipments/receipt.service.js';
import { createShipmentService } from '../shipments/shipment.service.js';

/**
 * The events aidgrid tells (docs/webhooks.md). All but `need.past_due_unmet` (a periodic check) and
 * the two written by their own features (`import.finished`, `release.published`) are written by the
 * triggers of migration 0026, in the same transaction as the change.
 */
export const EVENT_TYPES = [
  'need.created',
  'need.changed',
  'need.past_due_unmet',
  'pledge.committed',
  'pledge.allocated',
  'allocation.accepted',
  'plan.accepted',
  'shipment.dispatched',
  'shipment.arrived',
  'shipment.lost',
  'receipt.recorded',
  'import.finished',
  'release.published',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Where a person or program finds the record an event is about (API path). */
export function linkOf(entity: string, id: string, detail: Record<string, unknown>): string | null {
  switch (entity) {
    case 'need':
      return `/api/v1/needs/${id}`;
    case 'pledge':
      return `/api/v1/pledges/${id}`;
    case 'allocation':
      return `/api/v1/allocations/${id}`;
    case 'shipment':
      return `/api/v1/shipments/${id}`;
    case 'receipt':
      return typeof detail.shipment_id === 'string'
        ? `/api/v1/shipments/${detail.shipment_id}/receipts`
        : null;
    case 'plan_run':
      return `/api/v1/plans/${id}`;
    case 'open_data_release':
      return typeof detail.number === 'number' ? `/api/v1/open-data/${detail.number}/datapackage.json` : null;
    default:
      return null;
  }
}

/** Whom a subscription reads as: its organisation, with the role and clearance of who subscribed. */
export interface SubscriberReader {
  readonly id: string;
  readonly orgId: string;
  readonly role: string;
  readonly clearance: Classification;
}

export function actorFor(reader: SubscriberReader): Actor {
  return {
    id: reader.id,
    kind: 'token',
    orgId: reader.orgId,
    role: reader.role as Role,
    clearance: reader.clearance,
  };
}

export interface EventRecordReader {
  /**
   * The record as the API shows it to this reader now, or null when the reader may not see it (or
   * it is gone). Read under the reader's actor: the services' visibility and row-level security.
   */
  read(actor: Actor, entity: string, id: string, detail: Record<string, unknown>): Promise<unknown | null>;
}

export function createEventRecordReader(db: Kysely<Database>): EventRecordReader {
  const needs = createNeedService({ db });
  const pledges = createPledgeService({ db });
  const allocations = createAllocationService({ db });
  const shipments = createShipmentService({ db });
  const receipts = createReceiptService({ db });
  const plans = createPlanService({ db });
  async function readAs(
    entity: string,
    id: string,
    detail: Record<string, unknown>,
  ): Promise<unknown | null> {
    switch (entity) {
      case 'need':
        return needs.get(id);
      case 'pledge':
        return pledges.get(id);
      case 'allocation':
        return allocations.get(id);
      case 'shipment':
        return shipments.get(id);
      case 'receipt': {
        if (typeof detail.shipment_id !== 'string') return null;
        const list = await receipts.list(detail.shipment_id);
        return list.find((r) => r.id === id) ?? null;
      }
      case 'plan_run':
        return plans.get(id);
      case 'open_data_release':
        // Releases hold only public data and are listed to anyone (GET /open-data).
        return (
          (await db
            .selectFrom('open_data_release')
            .where('id', '=', id)
            .select(['number', 'published_at', 'data_as_of'])
            .executeTakeFirst()) ?? null
        );
      default:
        // An event of a kind this version cannot read for a reader is never sent.
        return null;
    }
  }
  return {
    async read(actor, entity, id, detail) {
      try {
        return await runAsActor(actor, () => readAs(entity, id, detail));
      } catch (error) {
        if (error instanceof DomainError && error.status === 404) return null;
        throw error;
      }
    },
  };
}
