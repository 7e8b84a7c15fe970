import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ProblemList } from '../errors.js';
import { revaluePledgesOfItems } from '../money/valuation.service.js';
import { searchFilter } from '../search/search.service.js';
import { createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkText, metaOf, moneyColumns, moneyOf } from '../shared/values.js';
import type { Item, ItemCreate, ItemFilters, ItemPatch } from './item.schema.js';

function validateItem(item: { name?: string; unit?: string; description?: string | null }): void {
  const problems = new ProblemList();
  checkText(problems, 'name', item.name, 200);
  checkText(problems, 'unit', item.unit, 40);
  checkText(problems, 'description', item.description, 4000);
  problems.throwIfAny();
}

export const itemKind: RecordKind<'item', Item, ItemCreate, ItemPatch, ItemFilters> = {
  entity: 'item',
  table: 'item',
  sorts: { code: 'code', name: 'name', category: 'category', created: 'id' },
  defaultSort: 'code',
  toEntity: (row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    name_uk: row.name_uk,
    category: row.category,
    unit: row.unit,
    reference_price: moneyOf(row.reference_price_amount, row.reference_price_currency),
    description: row.description,
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    validateItem(input);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      code: input.code,
      name: input.name.trim(),
      name_uk: input.name_uk?.trim() ?? null,
      category: input.category,
      unit: input.unit.trim(),
      ...moneyColumns('reference_price', input.reference_price ?? null),
      description: input.description ?? null,
      owner_org_id: input.owner_org_id ?? null,
      classification: input.classification ?? 'public',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch) {
    validateItem({ ...current, ...patch });
    const { reference_price, ...rest } = patch;
    return {
      ...rest,
      ...(reference_price !== undefined ? moneyColumns('reference_price', reference_price) : {}),
    };
  },
  /** Price-list valuations of the item's pledges follow its reference price. */
  async afterWrite(trx, id) {
    await revaluePledgesOfItems(trx, [id]);
  },
  narrow(query, filters) {
    let q = query;
    if (filters.code) q = q.where('item.code', '=', filters.code);
    if (filters.category) {
      const category = filters.category;
      q = q.where((eb) =>
        eb.or([eb('item.category', '=', category), eb('item.category', 'like', `${category}/%`)]),
      );
    }
    if (filters.q) q = q.where(searchFilter('item', filters.q));
    return q;
  },
};

export type ItemService = ReturnType<typeof createItemService>;

/** The item catalogue: what can be needed and pledged, in which unit, at what reference price. */
export function createItemService(deps: { db: Kysely<Database> }) {
  return createRecordService(itemKind, deps);
}
