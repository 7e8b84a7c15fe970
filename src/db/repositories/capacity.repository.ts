import { type Insertable, sql } from 'kysely';
import { type Reader, visibilityCondition, withVisibleTables } from '../../core/auth/visibility.js';
import type { EnergyDependencyTable } from '../schema.js';
import { countedStage } from './figure.repository.js';
import type { Executor } from './record.repository.js';

/**
 * Every edge of the input graph the reader may see (few hundred at most; the graph is checked and
 * walked whole). Each function here takes the reader: null for the system, which sees everything.
 */
export async function listInputEdges(db: Executor, reader: Reader | null) {
  return db
    .selectFrom('material_input')
    .select(['id', 'item_id', 'parent_material_id', 'material_id', 'quantity_per_unit'])
    .where(visibilityCondition('material_input', reader))
    .orderBy('id')
    .execute();
}

export async function listMaterials(db: Executor, reader: Reader | null) {
  return db
    .selectFrom('material')
    .select(['id', 'code', 'name', 'unit', 'suppliers', 'energy_carrier'])
    .where(visibilityCondition('material', reader))
    .orderBy('code')
    .execute();
}

export async function findMaterialCodes(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('material')
    .select(['id', 'code'])
    .where('id', 'in', [...ids])
    .orderBy('id')
    .execute();
}

export async function listProductionLines(db: Executor, reader: Reader | null, itemId?: string) {
  let query = db
    .selectFrom('production_line')
    .selectAll()
    .where(visibilityCondition('production_line', reader));
  if (itemId) query = query.where('item_id', '=', itemId);
  return query.orderBy('name').orderBy('id').execute();
}

export async function listConsumptionProfiles(db: Executor, itemId: string, reader: Reader | null) {
  return db
    .selectFrom('consumption_profile')
    .selectAll()
    .where(visibilityCondition('consumption_profile', reader))
    .where('item_id', '=', itemId)
    .orderBy('id')
    .execute();
}

/**
 * Needs still open for an item: quantity less what the reader sees received (figure.repository.ts),
 * for needs not met or cancelled.
 */
export async function listOpenNeeds(db: Executor, itemId: string, reader: Reader | null) {
  const met = countedStage(reader, 'received', 'need_id', sql.ref('open_need.id'));
  return db
    .selectFrom('need as open_need')
    .where(visibilityCondition('need', reader, 'open_need'))
    .select(['id', 'region_id', 'needed_by', 'priority', sql<string>`quantity - ${met}`.as('open')])
    .where('item_id', '=', itemId)
    .where('status', 'in', ['open', 'partially_met'])
    .where(sql<boolean>`quantity > ${met}`)
    .orderBy('needed_by')
    .orderBy('id')
    .execute();
}

/** Live pledges of an item with what is committed but undelivered and what is not yet committed. */
export async function listPledgePipeline(db: Executor, itemId: string, reader: Reader | null) {
  const delivered = countedStage(reader, 'received', 'pledge_id', sql.ref('piped.id'));
  return db
    .selectFrom('pledge as piped')
    .where(visibilityCondition('pledge', reader, 'piped'))
    .select([
      'id',
      'announced_on',
      'available_from',
      sql<string>`GREATEST(committed_quantity - ${delivered}, 0)`.as('committed_open'),
      sql<string>`GREATEST(quantity - committed_quantity, 0)`.as('uncommitted'),
    ])
    .where('item_id', '=', itemId)
    .where('status', 'not in', ['cancelled', 'expired', 'delivered', 'in_service'])
    .orderBy('announced_on')
    .orderBy('id')
    .execute();
}

export async function findItemsById(db: Executor, ids: readonly string[], reader: Reader | null) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('item')
    .select(['id', 'code', 'name', 'unit'])
    .where(visibilityCondition('item', reader))
    .where('id', 'in', [...ids])
    .orderBy('code')
    .execute();
}

export async function findItemByCode(db: Executor, code: string, reader: Reader | null) {
  return db
    .selectFrom('item')
    .select(['id', 'code', 'name', 'unit'])
    .where(visibilityCondition('item', reader))
    .where('code', '=', code)
    .executeTakeFirst();
}

/** Items that have production lines or inputs: the ones the risk view covers. */
export async function listItemIdsWithCapacityData(db: Executor, reader: Reader | null) {
  const rows = await sql<{ id: string }>`${withVisibleTables(reader)}
    SELECT item_id AS id FROM production_line
    UNION
    SELECT item_id AS id FROM material_input WHERE item_id IS NOT NULL
    ORDER BY id`.execute(db);
  return rows.rows.map((row) => row.id);
}

/** Russian energy dependency of countries (reference data, public), by country and carrier. */
export async function listEnergyDependencies(db: Executor) {
  return db
    .selectFrom('energy_dependency')
    .select(['country_code', 'carrier', 'russian_share', 'year', 'note', 'synthetic'])
    .orderBy('country_code')
    .orderBy('carrier')
    .execute();
}

export async function upsertEnergyDependency(
  db: Executor,
  row: Omit<Insertable<EnergyDependencyTable>, 'updated_at'>,
): Promise<void> {
  await db
    .insertInto('energy_dependency')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['country_code', 'carrier']).doUpdateSet((eb) => ({
        russian_share: eb.ref('excluded.russian_share'),
        year: eb.ref('excluded.year'),
        note: eb.ref('excluded.note'),
        synthetic: eb.ref('excluded.synthetic'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: sql`now()`,
      })),
    )
    .execute();
}

/**
 * Live pledges of an item the reader may see, added up per donor country (the donor organisation's
 * country; null for organisations without one), largest first.
 */
export async function sumPledgedByDonorCountry(db: Executor, itemId: string, reader: Reader | null) {
  const rows = await sql<{ country_code: string | null; pledged: string }>`${withVisibleTables(reader)}
    SELECT o.country_code, sum(p.quantity)::text AS pledged
      FROM pledge p JOIN organisation o ON o.id = p.donor_org_id
     WHERE p.item_id = ${itemId} AND p.status NOT IN ('cancelled', 'expired')
     GROUP BY o.country_code
     ORDER BY sum(p.quantity) DESC, o.country_code NULLS LAST`.execute(db);
  return rows.rows;
}
