import { sql } from 'kysely';
import type { Executor } from './record.repository.js';

const NONE = sql<string | null>`null::text`;

/** A record as people name it: its id, its code when it has one, and its names. */
export interface NamedRow {
  readonly id: string;
  readonly code: string | null;
  readonly name: string;
  readonly short_name: string | null;
}

// The catalogue tables are small (hundreds of rows): the resolver reads every name of one kind
// and matches in memory, so that it can also say which names come near an unknown one.

export async function listOrganisationNames(db: Executor): Promise<NamedRow[]> {
  return db
    .selectFrom('organisation')
    .select(['id', 'name', 'short_name'])
    .select(NONE.as('code'))
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function listItemNames(db: Executor): Promise<NamedRow[]> {
  return db
    .selectFrom('item')
    .select(['id', 'code', 'name'])
    .select(NONE.as('short_name'))
    .orderBy('code')
    .orderBy('id')
    .execute();
}

export async function listRegionNames(db: Executor): Promise<NamedRow[]> {
  return db
    .selectFrom('region')
    .select(['id', 'code', 'name'])
    .select(NONE.as('short_name'))
    .orderBy('code')
    .orderBy('id')
    .execute();
}

export async function listEventNames(db: Executor): Promise<NamedRow[]> {
  return db
    .selectFrom('event')
    .select(['id', 'name'])
    .select([NONE.as('code'), NONE.as('short_name')])
    .orderBy('name')
    .orderBy('id')
    .execute();
}

/** Plants are named on production lines and on the suppliers of materials; a plant's name is its id. */
export async function listPlantNames(db: Executor): Promise<NamedRow[]> {
  const result = await sql<{ plant: string }>`
    select plant from production_line where plant is not null
    union
    select supplier->>'plant' from material, jsonb_array_elements(material.suppliers) as supplier
     where supplier->>'plant' is not null
    order by plant`.execute(db);
  return result.rows.map((row) => ({ id: row.plant, code: null, name: row.plant, short_name: null }));
}

/** People's names for user ids. */
export async function findUserNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name'])
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
}

/** Token names (with their organisation) for token ids. */
export async function findTokenNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('api_token')
    .innerJoin('organisation', 'organisation.id', 'api_token.org_id')
    .select(['api_token.id', 'api_token.name', 'organisation.name as org_name'])
    .where('api_token.id', 'in', ids)
    .orderBy('api_token.id')
    .execute();
}
