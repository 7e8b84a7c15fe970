import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { InvalidRecord, ProblemList } from '../errors.js';
import { searchFilter } from '../search/search.service.js';
import { createRecordService, type RecordKind } from '../shared/record.service.js';
import { checkDate, checkText, metaOf } from '../shared/values.js';
import type { Event, EventCreate, EventFilters, EventPatch } from './event.schema.js';

function validateEvent(event: {
  name?: string;
  starts_on: string;
  ends_on: string;
  location?: string | null;
}): void {
  const problems = new ProblemList();
  checkText(problems, 'name', event.name, 300);
  checkText(problems, 'location', event.location, 200);
  checkDate(problems, 'starts_on', event.starts_on);
  checkDate(problems, 'ends_on', event.ends_on);
  if (event.ends_on < event.starts_on) problems.add('ends_on', 'must not be before starts_on');
  problems.throwIfAny();
}

export const eventKind: RecordKind<'event', Event, EventCreate, EventPatch, EventFilters> = {
  entity: 'event',
  table: 'event',
  sorts: { starts_on: 'starts_on', name: 'name', created: 'id' },
  defaultSort: 'starts_on',
  toEntity: (row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind as Event['kind'],
    location: row.location,
    starts_on: row.starts_on,
    ends_on: row.ends_on,
    organiser_org_id: row.organiser_org_id,
    ...metaOf(row),
  }),
  prepareCreate(input, refs) {
    const ends_on = input.ends_on ?? input.starts_on;
    validateEvent({ ...input, ends_on });
    const owner = input.owner_org_id ?? input.organiser_org_id;
    if (!owner) {
      throw InvalidRecord([
        { field: 'owner_org_id', message: 'give owner_org_id or organiser_org_id: every event has an owner' },
      ]);
    }
    refs.expect('organiser_org_id', 'organisation', input.organiser_org_id);
    refs.expect('owner_org_id', 'organisation', input.owner_org_id);
    return {
      name: input.name.trim(),
      kind: input.kind,
      location: input.location ?? null,
      starts_on: input.starts_on,
      ends_on,
      organiser_org_id: input.organiser_org_id ?? null,
      owner_org_id: owner,
      classification: input.classification ?? 'public',
      embargo_until: input.embargo_until ?? null,
    };
  },
  preparePatch(current, patch, refs) {
    validateEvent({ ...current, ...patch });
    refs.expect('organiser_org_id', 'organisation', patch.organiser_org_id);
    return { ...patch };
  },
  narrow(query, filters) {
    let q = query;
    if (filters.q) q = q.where(searchFilter('event', filters.q));
    if (filters.kind) q = q.where('event.kind', '=', filters.kind);
    if (filters.organiser_org_id) q = q.where('event.organiser_org_id', '=', filters.organiser_org_id);
    if (filters.from) q = q.where('event.ends_on', '>=', filters.from);
    if (filters.to) q = q.where('event.starts_on', '<=', filters.to);
    return q;
  },
};

export type EventService = ReturnType<typeof createEventService>;

/** Ministerial meetings and pledging conferences, where pledges are announced. */
export function createEventService(deps: { db: Kysely<Database> }) {
  return createRecordService(eventKind, deps);
}
