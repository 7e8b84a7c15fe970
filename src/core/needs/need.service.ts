import type { Kysely } from 'kysely';
import { findNeedStages } from '../../db/repositories/figure.repository.js';
import type { Database } from '../../db/schema.js';
import { ProblemList } from '../errors.js';
import { searchFilter } from '../search/search.service.js';
import { categoryFilter } from '../shared/category.js';
import { createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkDate, checkQuantity, checkText, merged, metaOf, quantityFromColumn } from '../shared/values.js';
import type { Need, NeedCreate, NeedFilters, NeedPatch } from './need.schema.js';

function validateNeed(need: Pick<Need, 'quantity' | 'needed_by' | 'useful_until' | 'justification'>): void {
  const problems = new ProblemList();
  checkQuantity(problems, 'quantity', need.quantity);
  checkDate(problems, 'needed_by', need.needed_by);
  if (need.useful_until !== null) {
    checkDate(problems, 'useful_until', need.useful_until);
    if (need.useful_until < need.needed_by) {
      problems.add('useful_until', `must be on or after needed_by (${need.needed_by})`);
    }
  }
  checkText(problems, 'justification', need.justification, 4000);
  problems.throwIfAny();
}

export const needKind: RecordKind<'need', Need, NeedCreate, NeedPatch, NeedFilters> = {
  entity: 'need',
  table: 'need',
  sorts: { created: 'id', needed_by: 'needed_by', quantity: 'quantity', priority: 'priority' },
  defaultSort: 'created',
  toEntity: (row) => ({
    id: row.id,
    reference: row.reference,
    recipient_org_id: row.recipient_org_id,
    region_id: row.region_id,
    item_id: row.item_id,
    quantity: quantityFromColumn(row.quantity),
    priority: row.priority,
    needed_by: row.needed_by,
    useful_until: row.useful_until,
    justification: row.justification,
    status: row.status as Need['status'],
    stages: {
      allocated: quantityFromColumn(row.allocated_quantity),
      met: quantityFromColumn(row.met_quantity),
    },
    incident_id: row.incident_id,
    rule_id: row.rule_id,
    rule_version: row.rule_version,
    derivation: row.derivation,
    needs_review: row.needs_review,
    review_reason: row.review_reason,
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    validateNeed({
      quantity: input.quantity,
      needed_by: input.needed_by,
      useful_until: input.useful_until ?? null,
      justification: input.justification ?? null,
    });
    refs.expect('recipient_org_id', 'organisation', input.recipient_org_id);
    refs.expect('region_id', 'region', input.region_id);
    refs.expect('item_id', 'item', input.item_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      recipient_org_id: input.recipient_org_id,
      region_id: input.region_id,
      item_id: input.item_id,
      quantity: input.quantity,
      priority: input.priority,
      needed_by: input.needed_by,
      useful_until: input.useful_until ?? null,
      justification: input.justification ?? null,
      status: input.status ?? 'open',
      owner_org_id: input.owner_org_id ?? input.recipient_org_id,
      classification: input.classification ?? 'coalition',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch, refs) {
    validateNeed(merged(current, patch));
    refs.expect('region_id', 'region', patch.region_id);
    refs.expect('item_id', 'item', patch.item_id);
    return patch.needs_review === false ? { ...patch, review_reason: null } : { ...patch };
  },
  /** Allocated and met count only the allocations and receipts the reader sees (docs/figures.md). */
  async withFigures(db, needs, reader) {
    const stages = new Map(
      (
        await findNeedStages(
          db,
          needs.map((n) => n.id),
          reader,
        )
      ).map((r) => [r.id, r]),
    );
    return needs.map((need) => {
      const seen = stages.get(need.id);
      if (!seen) return need;
      return {
        ...need,
        stages: { allocated: quantityFromColumn(seen.allocated), met: quantityFromColumn(seen.met) },
      };
    });
  },
  narrow(query, filters) {
    let q = query;
    if (filters.q) q = q.where(searchFilter('need', filters.q));
    if (filters.item_id) q = q.where('need.item_id', '=', filters.item_id);
    if (filters.region_id) q = q.where('need.region_id', '=', filters.region_id);
    if (filters.recipient_org_id) q = q.where('need.recipient_org_id', '=', filters.recipient_org_id);
    if (filters.status) q = q.where('need.status', '=', filters.status);
    if (filters.priority) q = q.where('need.priority', '=', filters.priority);
    if (filters.needed_by_from) q = q.where('need.needed_by', '>=', filters.needed_by_from);
    if (filters.needed_by_to) q = q.where('need.needed_by', '<=', filters.needed_by_to);
    if (filters.incident_id) q = q.where('need.incident_id', '=', filters.incident_id);
    if (filters.needs_review !== undefined) q = q.where('need.needs_review', '=', filters.needs_review);
    if (filters.category) {
      const category = filters.category;
      q = q.where((eb) => eb('need.item_id', 'in', categoryFilter(eb.selectFrom('item'), category)));
    }
    return q;
  },
};

export type NeedService = ReturnType<typeof createNeedService>;

/** Needs posted by recipients: what is needed, where, by when and how critically. */
export function createNeedService(deps: { db: Kysely<Database> }) {
  return createRecordService(needKind, deps);
}
