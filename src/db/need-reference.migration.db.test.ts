import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { createResolver } from '../core/shared/resolve.js';
import { migrateToLatest, readMigrations } from './migrate.js';
import type { Database } from './schema.js';

// Migration 0021 on a database that already holds needs: each gets a reference in the order it was
// created, and new needs continue the numbering (N-000004 after three), unique, never cut short.

let database: TestDatabase;
let db: Kysely<Database>;
const ids = { org: randomUUID(), region: randomUUID(), item: randomUUID() };
const needs = [randomUUID(), randomUUID(), randomUUID()];

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

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  db = database.db;
  await migrateUpTo('0020');
  await sql`INSERT INTO organisation (id, name, kind, created_by, updated_by)
      VALUES (${ids.org}, 'Org', 'state', 'test', 'test')`.execute(db);
  await sql`INSERT INTO region (id, code, name, country_code, created_by, updated_by)
      VALUES (${ids.region}, 'UA-30', 'Kyiv City', 'UA', 'test', 'test')`.execute(db);
  await sql`INSERT INTO item (id, code, name, category, unit, created_by, updated_by)
      VALUES (${ids.item}, 'GEN', 'Generator', 'energy', 'unit', 'test', 'test')`.execute(db);
  // Created in the order 2, 0, 1 (by created_at): the references follow creation, not the ids.
  const createdAt = ['2022-10-02T00:00:00Z', '2022-10-03T00:00:00Z', '2022-10-01T00:00:00Z'];
  for (const [at, id] of needs.entries()) {
    await sql`INSERT INTO need (id, recipient_org_id, region_id, item_id, quantity, priority, needed_by,
        owner_org_id, created_at, created_by, updated_by)
      VALUES (${id}, ${ids.org}, ${ids.region}, ${ids.item}, 10, 'high', ${`2022-12-0${at + 1}`},
        ${ids.org}, ${createdAt[at]}, 'test', 'test')`.execute(db);
  }
  await migrateToLatest(db);
}, 120_000);
afterAll(async () => database?.drop());

const referenceOf = async (id: string) =>
  (await db.selectFrom('need').select('reference').where('id', '=', id).executeTakeFirstOrThrow()).reference;

describe('migration 0021: need references', () => {
  it('numbers the needs already stored in the order they were created', async () => {
    expect(await referenceOf(needs[2] as string)).toBe('N-000001');
    expect(await referenceOf(needs[0] as string)).toBe('N-000002');
    expect(await referenceOf(needs[1] as string)).toBe('N-000003');
  });

  it('gives a new need the next number, and never cuts a long number short', async () => {
    const id = randomUUID();
    await sql`INSERT INTO need (id, recipient_org_id, region_id, item_id, quantity, priority, needed_by,
        owner_org_id, created_by, updated_by)
      VALUES (${id}, ${ids.org}, ${ids.region}, ${ids.item}, 5, 'low', '2023-01-01', ${ids.org}, 'test', 'test')`.execute(
      db,
    );
    expect(await referenceOf(id)).toBe('N-000004');
    const long = await sql<{ ref: string }>`SELECT aidgrid_need_reference(1234567) AS ref`.execute(db);
    expect(long.rows[0]?.ref).toBe('N-1234567');
  });

  it('refuses a second need with the same reference', async () => {
    await expect(
      sql`UPDATE need SET reference = 'N-000001' WHERE id = ${needs[0] as string}`.execute(db),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('lets the resolver find a need by its reference, in any case, and say which need it is', async () => {
    const resolver = createResolver({ db });
    expect(await resolver.resolve('need', 'n-000002')).toEqual({
      id: needs[0],
      name: 'GEN in UA-30 by 2022-12-01',
    });
    expect(await resolver.nameOf('need', needs[0] as string)).toBe('N-000002 (GEN in UA-30 by 2022-12-01)');
    await expect(resolver.resolve('need', 'N-000099')).rejects.toMatchObject({
      code: 'unknown_name',
      message: expect.stringMatching(/^no need has the reference N-000099/),
    });
  });
});
