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

/**
 * Needs are named by their reference (N-000123, migration 0021); the name beside it says which need
 * it is: item, region and due date ("GEN-100KVA in UA-30 by 2022-12-01").
 */
function needNames(db: Executor) {
  return db
    .selectFrom('need')
    .innerJoin('item', 'item.id', 'need.item_id')
    .innerJoin('region', 'region.id', 'need.region_id')
    .select([
      'need.id',
      'need.reference as code',
      sql<string>`item.code || ' in ' || region.code || ' by ' || to_char(need.needed_by, 'YYYY-MM-DD')`.as(
        'name',
      ),
    ])
    .select(NONE.as('short_name'))
    .orderBy('need.reference');
}

export async function listNeedNames(db: Executor): Promise<NamedRow[]> {
  return needNames(db).execute();
}

/** The names of the needs of these ids (as listNeedNames), for naming needs in a text. */
export async function findNeedNames(db: Executor, ids: readonly string[]): Promise<NamedRow[]> {
  if (ids.length === 0) return [];
  return needNames(db).where('need.id', 'in', ids).execute();
}

/** The needs of these references (N-000123; the unique index of migration 0021), as listNeedNames. */
export async function findNeedNamesByReference(
  db: Executor,
  references: readonly string[],
): Promise<NamedRow[]> {
  if (references.length === 0) return [];
  return needNames(db).where('need.reference', 'in', references).execute();
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

/** What people call pledges: the donor, the item (with its unit) and the day it was announced. */
export async function findPledgeNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('pledge')
    .innerJoin('organisation', 'organisation.id', 'pledge.donor_org_id')
    .innerJoin('item', 'item.id', 'pledge.item_id')
    .select([
      'pledge.id',
      sql<string>`coalesce(organisation.short_name, organisation.name)`.as('donor'),
      'item.code as item_code',
      'item.unit',
      sql<string>`to_char(pledge.announced_on, 'YYYY-MM-DD')`.as('announced_on'),
    ])
    .where('pledge.id', 'in', ids)
    .orderBy('pledge.id')
    .execute();
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
