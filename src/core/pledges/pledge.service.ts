import type { Kysely } from 'kysely';
import { findPledgeStages } from '../../db/repositories/figure.repository.js';
import { findRecord } from '../../db/repositories/record.repository.js';
import type { Database } from '../../db/schema.js';
import { Conflict, InvalidRecord, ProblemList } from '../errors.js';
import { revaluePledges } from '../money/valuation.service.js';
import { flagPossibleDuplicates } from '../provenance/duplicate.service.js';
import { searchFilter } from '../search/search.service.js';
import { categoryFilter } from '../shared/category.js';
import { createRecordService, type RecordKind } from '../shared/record.service.js';
import {
  checkDate,
  checkQuantity,
  checkText,
  merged,
  metaOf,
  moneyColumns,
  moneyOf,
  quantityFromColumn,
} from '../shared/values.js';
import type { Pledge, PledgeCreate, PledgeFilters, PledgePatch } from './pledge.schema.js';

type PledgeRules = Pick<Pledge, 'quantity' | 'announced_on' | 'available_from' | 'conditions'>;

function validatePledge(pledge: PledgeRules): void {
  const problems = new ProblemList();
  checkQuantity(problems, 'quantity', pledge.quantity);
  checkDate(problems, 'announced_on', pledge.announced_on);
  checkDate(problems, 'available_from', pledge.available_from);
  checkText(problems, 'conditions', pledge.conditions, 4000);
  if (pledge.available_from && pledge.available_from < pledge.announced_on) {
    problems.add('available_from', 'must not be before announced_on');
  }
  problems.throwIfAny();
}

export const pledgeKind: RecordKind<'pledge', Pledge, PledgeCreate, PledgePatch, PledgeFilters> = {
  entity: 'pledge',
  table: 'pledge',
  sorts: { created: 'id', announced_on: 'announced_on', quantity: 'quantity' },
  defaultSort: 'created',
  toEntity: (row) => ({
    id: row.id,
    donor_org_id: row.donor_org_id,
    item_id: row.item_id,
    quantity: quantityFromColumn(row.quantity),
    need_id: row.need_id,
    recipient_org_id: row.recipient_org_id,
    event_id: row.event_id,
    announced_on: row.announced_on,
    available_from: row.available_from,
    value: moneyOf(row.value_amount, row.value_currency),
    conditions: row.conditions,
    status: row.status as Pledge['status'],
    stages: {
      committed: quantityFromColumn(row.committed_quantity),
      allocated: quantityFromColumn(row.allocated_quantity),
      shipped: quantityFromColumn(row.shipped_quantity),
      delivered: quantityFromColumn(row.delivered_quantity),
      in_service: quantityFromColumn(row.in_service_quantity),
    },
    valuation: {
      donor_reported_eur: row.value_eur,
      fx_rate: row.value_fx_rate,
      fx_rate_on: row.value_fx_rate_on,
      price_list_eur: row.price_list_eur,
      eur: row.value_eur ?? row.price_list_eur,
      basis: row.value_eur !== null ? 'donor_reported' : row.price_list_eur !== null ? 'price_list' : null,
    },
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    validatePledge({
      quantity: input.quantity,
      announced_on: input.announced_on,
      available_from: input.available_from ?? null,
      conditions: input.conditions ?? null,
    });
    refs.expect('donor_org_id', 'organisation', input.donor_org_id);
    refs.expect('item_id', 'item', input.item_id);
    refs.expect('need_id', 'need', input.need_id);
    refs.expect('recipient_org_id', 'organisation', input.recipient_org_id);
    refs.expect('event_id', 'event', input.event_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      donor_org_id: input.donor_org_id,
      item_id: input.item_id,
      quantity: input.quantity,
      need_id: input.need_id ?? null,
      recipient_org_id: input.recipient_org_id ?? null,
      event_id: input.event_id ?? null,
      announced_on: input.announced_on,
      available_from: input.available_from ?? null,
      ...moneyColumns('value', input.value ?? null),
      conditions: input.conditions ?? null,
      owner_org_id: input.owner_org_id ?? input.donor_org_id,
      classification: input.classification ?? 'coalition',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch, refs) {
    validatePledge(merged(current, patch));
    // Both are exact 3-decimal values read the same way, so comparing the numbers is exact.
    if (patch.quantity !== undefined && patch.quantity < current.stages.committed) {
      throw Conflict(
        'quantity_below_committed',
        `the pledge has ${current.stages.committed} committed; its quantity cannot go below that`,
      );
    }
    refs.expect('need_id', 'need', patch.need_id);
    refs.expect('recipient_org_id', 'organisation', patch.recipient_org_id);
    refs.expect('event_id', 'event', patch.event_id);
    const { value, ...rest } = patch;
    return { ...rest, ...(value !== undefined ? moneyColumns('value', value) : {}) };
  },
  async checkConsistency(trx, values) {
    const needId = values.need_id as string | null | undefined;
    if (!needId) return;
    const need = await findRecord(trx, 'need', needId);
    if (need && need.item_id !== values.item_id) {
      throw InvalidRecord([{ field: 'need_id', message: 'the need is for another item than the pledge' }]);
    }
  },
  /** The EUR valuations follow the pledge's figures, and a near-copy of another pledge is flagged. */
  async afterWrite(trx, id) {
    await revaluePledges(trx, [id]);
    await flagPossibleDuplicates(trx, id);
  },
  /**
   * Allocated, shipped and delivered count only the allocations, shipments and receipts the reader
   * sees; committed is the pledge owner's own statement, in service theirs too, at most what the
   * reader sees delivered (docs/figures.md).
   */
  async withFigures(db, pledges, reader) {
    const stages = new Map(
      (
        await findPledgeStages(
          db,
          pledges.map((p) => p.id),
          reader,
        )
      ).map((r) => [r.id, r]),
    );
    return pledges.map((pledge) => {
      const seen = stages.get(pledge.id);
      if (!seen) return pledge;
      return {
        ...pledge,
        stages: {
          ...pledge.stages,
          allocated: quantityFromColumn(seen.allocated),
          shipped: quantityFromColumn(seen.shipped),
          delivered: quantityFromColumn(seen.delivered),
          // The donor's statement, never above what this reader sees delivered: more would tell of hidden receipts.
          in_service: Math.min(pledge.stages.in_service, quantityFromColumn(seen.delivered)),
        },
      };
    });
  },
  narrow(query, filters) {
    let q = query;
    if (filters.q) q = q.where(searchFilter('pledge', filters.q));
    if (filters.item_id) q = q.where('pledge.item_id', '=', filters.item_id);
    if (filters.donor_org_id) q = q.where('pledge.donor_org_id', '=', filters.donor_org_id);
    if (filters.event_id) q = q.where('pledge.event_id', '=', filters.event_id);
    if (filters.need_id) q = q.where('pledge.need_id', '=', filters.need_id);
    if (filters.status) q = q.where('pledge.status', '=', filters.status);
    if (filters.announced_from) q = q.where('pledge.announced_on', '>=', filters.announced_from);
    if (filters.announced_to) q = q.where('pledge.announced_on', '<=', filters.announced_to);
    if (filters.category) {
      const category = filters.category;
      q = q.where((eb) => eb('pledge.item_id', 'in', categoryFilter(eb.selectFrom('item'), category)));
    }
    if (filters.region_id) {
      const region = filters.region_id;
      q = q.where((eb) =>
        eb(
          'pledge.need_id',
          'in',
          eb.selectFrom('need').select('need.id').where('need.region_id', '=', region),
        ),
      );
    }
    return q;
  },
};

export type PledgeService = ReturnType<typeof createPledgeService>;

/** Donors' pledges: quantity of an item, when and where announced, value, and the need it answers. */
export function createPledgeService(deps: { db: Kysely<Database> }) {
  return createRecordService(pledgeKind, deps);
}
