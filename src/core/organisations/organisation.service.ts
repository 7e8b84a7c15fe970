import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { ProblemList } from '../errors.js';
import { searchFilter } from '../search/search.service.js';
import { createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkText, metaOf } from '../shared/values.js';
import type {
  Organisation,
  OrganisationCreate,
  OrganisationFilters,
  OrganisationPatch,
} from './organisation.schema.js';

function validateOrganisation(org: {
  id?: string;
  name?: string;
  short_name?: string | null;
  parent_id?: string | null;
}) {
  const problems = new ProblemList();
  checkText(problems, 'name', org.name, 200);
  checkText(problems, 'short_name', org.short_name, 40);
  if (org.id !== undefined && org.parent_id === org.id)
    problems.add('parent_id', 'cannot be the organisation itself');
  problems.throwIfAny();
}

export const organisationKind: RecordKind<
  'organisation',
  Organisation,
  OrganisationCreate,
  OrganisationPatch,
  OrganisationFilters
> = {
  entity: 'organisation',
  table: 'organisation',
  sorts: { created: 'id', name: 'name' },
  defaultSort: 'name',
  toEntity: (row) => ({
    id: row.id,
    name: row.name,
    short_name: row.short_name,
    kind: row.kind as Organisation['kind'],
    country_code: row.country_code,
    parent_id: row.parent_id,
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    validateOrganisation(input);
    refs.expect('parent_id', 'organisation', input.parent_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      name: input.name.trim(),
      short_name: input.short_name ?? null,
      kind: input.kind,
      country_code: input.country_code ?? null,
      parent_id: input.parent_id ?? null,
      owner_org_id: input.owner_org_id ?? null,
      classification: input.classification ?? 'public',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch, refs) {
    validateOrganisation({ ...current, ...patch });
    refs.expect('parent_id', 'organisation', patch.parent_id);
    return { ...patch, ...(patch.name !== undefined ? { name: patch.name.trim() } : {}) };
  },
  narrow(query, filters) {
    let q = query;
    if (filters.kind) q = q.where('organisation.kind', '=', filters.kind);
    if (filters.country_code) q = q.where('organisation.country_code', '=', filters.country_code);
    if (filters.parent_id) q = q.where('organisation.parent_id', '=', filters.parent_id);
    if (filters.q) q = q.where(searchFilter('organisation', filters.q));
    return q;
  },
};

export type OrganisationService = ReturnType<typeof createOrganisationService>;

/** Donor states, international organisations, manufacturers and recipient agencies. */
export function createOrganisationService(deps: { db: Kysely<Database> }) {
  return createRecordService(organisationKind, deps);
}
