import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ProblemList } from '../errors.js';
import { createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkText, metaOf } from '../shared/values.js';
import type { Region, RegionCreate, RegionFilters, RegionPatch } from './region.schema.js';

function validateRegion(region: { id?: string; name?: string; parent_id?: string | null }): void {
  const problems = new ProblemList();
  checkText(problems, 'name', region.name, 200);
  if (region.id !== undefined && region.parent_id === region.id)
    problems.add('parent_id', 'cannot be the region itself');
  problems.throwIfAny();
}

export const regionKind: RecordKind<'region', Region, RegionCreate, RegionPatch, RegionFilters> = {
  entity: 'region',
  table: 'region',
  sorts: { code: 'code', name: 'name', created: 'id' },
  defaultSort: 'code',
  toEntity: (row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    name_uk: row.name_uk,
    country_code: row.country_code,
    population: row.population === null ? null : Number(row.population),
    parent_id: row.parent_id,
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    validateRegion(input);
    refs.expect('parent_id', 'region', input.parent_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      code: input.code,
      name: input.name.trim(),
      name_uk: input.name_uk?.trim() ?? null,
      // The country is the first part of the ISO 3166-2 code, so it is derived, never entered twice.
      country_code: input.code.slice(0, 2),
      population: input.population ?? null,
      parent_id: input.parent_id ?? null,
      owner_org_id: input.owner_org_id ?? null,
      classification: input.classification ?? 'public',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch, refs) {
    validateRegion({ ...current, ...patch });
    refs.expect('parent_id', 'region', patch.parent_id);
    return { ...patch };
  },
  narrow(query, filters) {
    let q = query;
    if (filters.country_code) q = q.where('region.country_code', '=', filters.country_code);
    if (filters.code) q = q.where('region.code', '=', filters.code);
    if (filters.parent_id) q = q.where('region.parent_id', '=', filters.parent_id);
    return q;
  },
};

export type RegionService = ReturnType<typeof createRegionService>;

/** Regions of the receiving country, by ISO 3166-2 code, with population for per-capita sizing. */
export function createRegionService(deps: { db: Kysely<Database> }) {
  return createRecordService(regionKind, deps);
}
