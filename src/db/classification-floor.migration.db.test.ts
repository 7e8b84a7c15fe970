import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { migrateToLatest, readMigrations } from './migrate.js';
import type { Database } from './schema.js';

// A database written before migration 0010 with derived records below their sources' classification
// (the column defaults of the time), upgraded to the latest schema: every one is raised to its floor.

let database: TestDatabase;
let db: Kysely<Database>;
const ids = {
  org: randomUUID(),
  region: randomUUID(),
  item: randomUUID(),
  restrictedNeed: randomUUID(),
  publicNeed: randomUUID(),
  embargoedPledge: randomUUID(),
  incident: randomUUID(),
  rule: randomUUID(),
  derivedNeed: randomUUID(),
  closedAllocation: randomUUID(),
  embargoedAllocation: randomUUID(),
  derivedAllocation: randomUUID(),
  higherAllocation: randomUUID(),
  shipment: randomUUID(),
  receipt: randomUUID(),
};

async function migrateUpTo(last: string): Promise<void> {
  await sql`CREATE TABLE schema_migration (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  for (const migration of await readMigrations()) {
    if (migration.name > last) break;
    await db.transaction().execute(async (trx) => {
      await sql.raw(migration.sql).execute(trx);
      await trx
        .insertInto('schema_migration')
        .values({ name: migration.name, checksum: migration.checksum })
        .execute();
    });
  }
}

const by = { created_by: 'test', updated_by: 'test' };

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  db = database.db;
  await migrateUpTo('0009_account_privileges.sql');
  await sql`
    INSERT INTO organisation (id, name, kind, classification, created_by, updated_by)
      VALUES (${ids.org}, 'Org', 'state', 'public', 'test', 'test');
    `.execute(db);
  await sql`INSERT INTO region (id, code, name, country_code, created_by, updated_by)
      VALUES (${ids.region}, 'UA-30', 'Kyiv', 'UA', 'test', 'test')`.execute(db);
  await sql`INSERT INTO item (id, code, name, category, unit, created_by, updated_by)
      VALUES (${ids.item}, 'GEN', 'Generator', 'energy', 'unit', 'test', 'test')`.execute(db);
  const need = (id: string, classification: string, extra: Record<string, unknown> = {}) =>
    db
      .insertInto('need')
      .values({
        id,
        recipient_org_id: ids.org,
        region_id: ids.region,
        item_id: ids.item,
        quantity: 100,
        priority: 'high',
        needed_by: '2023-01-15',
        owner_org_id: ids.org,
        classification: classification as 'public',
        ...by,
        ...extra,
      })
      .execute();
  await need(ids.restrictedNeed, 'restricted');
  await need(ids.publicNeed, 'public');
  await db
    .insertInto('pledge')
    .values({
      id: ids.embargoedPledge,
      donor_org_id: ids.org,
      item_id: ids.item,
      quantity: 100,
      announced_on: '2022-12-01',
      owner_org_id: ids.org,
      classification: 'public',
      embargo_until: '2999-01-01',
      ...by,
    })
    .execute();
  await sql`INSERT INTO incident (id, occurred_at, kind, title, owner_org_id, classification, created_by, updated_by)
      VALUES (${ids.incident}, now(), 'missile_strike', 'Strike', ${ids.org}, 'restricted', 'test', 'test')`.execute(
    db,
  );
  await sql`INSERT INTO need_rule (id, code, trigger, asset_kind, item_id, quantity_per_unit, priority, lead_days,
      classification, created_by, updated_by)
      VALUES (${ids.rule}, 'R1', 'damaged_asset', 'substation', ${ids.item}, 1, 'high', 7, 'public', 'test', 'test')`.execute(
    db,
  );
  await need(ids.derivedNeed, 'coalition', { incident_id: ids.incident, rule_id: ids.rule, rule_version: 1 });
  const allocation = (id: string, needId: string, classification: string) =>
    db
      .insertInto('allocation')
      .values({
        id,
        pledge_id: ids.embargoedPledge,
        need_id: needId,
        quantity: 10,
        week: '2022-W50',
        status: 'accepted',
        owner_org_id: ids.org,
        classification: classification as 'public',
        ...by,
      })
      .execute();
  await allocation(ids.closedAllocation, ids.restrictedNeed, 'coalition');
  await allocation(ids.embargoedAllocation, ids.publicNeed, 'public');
  await allocation(ids.derivedAllocation, ids.derivedNeed, 'coalition');
  await allocation(ids.higherAllocation, ids.publicNeed, 'restricted');
  await db
    .insertInto('shipment')
    .values({
      id: ids.shipment,
      reference: 'CMR-1',
      origin_hub: 'Rzeszów',
      destination_region_id: ids.region,
      owner_org_id: ids.org,
      classification: 'public',
      ...by,
    })
    .execute();
  await db
    .insertInto('shipment_line')
    .values({
      id: randomUUID(),
      shipment_id: ids.shipment,
      allocation_id: ids.closedAllocation,
      pledge_id: ids.embargoedPledge,
      need_id: ids.restrictedNeed,
      item_id: ids.item,
      quantity: 1,
    })
    .execute();
  await db
    .insertInto('receipt')
    .values({
      id: ids.receipt,
      shipment_id: ids.shipment,
      received_on: '2022-12-20',
      received_by_org_id: ids.org,
      owner_org_id: ids.org,
      classification: 'coalition',
      ...by,
    })
    .execute();
  await sql`INSERT INTO login_throttle (scope, key, failures, window_started_at)
      VALUES ('email', 'someone@example.test', 5, now()), ('ip', '192.0.2.1', 7, now())`.execute(db);
  await migrateToLatest(db);
}, 120_000);
afterAll(async () => database?.drop());

async function levelOf(table: 'need' | 'allocation' | 'shipment' | 'receipt', id: string) {
  return db
    .selectFrom(table)
    .select(['classification', 'embargo_until', 'version', 'updated_by'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

describe('migration 0010', () => {
  it('raises every derived record to the floor of its sources, with a new version', async () => {
    const raised = { version: 2, updated_by: 'migration 0010' };
    expect(await levelOf('need', ids.derivedNeed)).toMatchObject({ classification: 'restricted', ...raised });
    expect(await levelOf('allocation', ids.closedAllocation)).toMatchObject({
      classification: 'restricted',
      ...raised,
    });
    expect(await levelOf('allocation', ids.embargoedAllocation)).toMatchObject({
      classification: 'public',
      embargo_until: '2999-01-01',
      ...raised,
    });
    // Sources first: the need raised by its incident raises the allocation to it.
    expect(await levelOf('allocation', ids.derivedAllocation)).toMatchObject({
      classification: 'restricted',
      ...raised,
    });
    expect(await levelOf('shipment', ids.shipment)).toMatchObject({
      classification: 'restricted',
      ...raised,
    });
    expect(await levelOf('receipt', ids.receipt)).toMatchObject({ classification: 'restricted', ...raised });
  });

  it('leaves records at or above their floor as they were', async () => {
    expect(await levelOf('allocation', ids.higherAllocation)).toMatchObject({
      classification: 'restricted',
      version: 1,
      updated_by: 'test',
    });
    expect(await levelOf('need', ids.restrictedNeed)).toMatchObject({ version: 1, updated_by: 'test' });
  });

  it('shows a source link to the application role only with the record it names', async () => {
    const source = randomUUID();
    await sql`INSERT INTO source (id, title, publisher, kind, owner_org_id, classification, created_by, updated_by)
      VALUES (${source}, 'Report', 'Ministry', 'primary', ${ids.org}, 'public', 'test', 'test')`.execute(db);
    await sql`INSERT INTO source_link (source_id, entity_type, entity_id, created_by)
      VALUES (${source}, 'need', ${ids.restrictedNeed}, 'test'), (${source}, 'need', ${ids.publicNeed}, 'test')`.execute(
      db,
    );
    const linksAs = (clearance: string) =>
      db.transaction().execute(async (trx) => {
        await sql`SET LOCAL ROLE aidgrid_app`.execute(trx);
        await sql`SELECT set_config('aidgrid.clearance', ${clearance}, true)`.execute(trx);
        const result = await sql<{ entity_id: string }>`
          SELECT entity_id FROM source_link WHERE source_id = ${source} ORDER BY entity_id`.execute(trx);
        return result.rows.map((row) => row.entity_id);
      });
    expect(await linksAs('public')).toEqual([ids.publicNeed]);
    expect(await linksAs('restricted')).toEqual([ids.publicNeed, ids.restrictedNeed].sort());
  });

  it('drops the per-email login counts and keeps the per-address ones', async () => {
    const rows = await db
      .selectFrom('login_throttle')
      .select(['scope', 'key', 'failures'])
      .orderBy('key')
      .execute();
    expect(rows).toEqual([{ scope: 'ip', key: '192.0.2.1', failures: 7 }]);
  });
});
