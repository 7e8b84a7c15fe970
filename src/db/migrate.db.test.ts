import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { MigrationError, migrateToLatest, readMigrationStatus, readMigrations } from './migrate.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});
afterAll(async () => database?.drop());

describe('migrations', () => {
  it('apply once, in order, and are then current', async () => {
    const all = (await readMigrations()).map((m) => m.name);
    expect(await migrateToLatest(database.db)).toEqual(all);
    expect(await migrateToLatest(database.db)).toEqual([]);
    expect(await readMigrationStatus(database.db)).toMatchObject({ applied: all, pending: [] });
  });

  it('run safely when two migrators start together', async () => {
    const other = await createTestDatabase({ migrate: false });
    try {
      const [a, b] = await Promise.all([migrateToLatest(other.db), migrateToLatest(other.db)]);
      expect([...a, ...b].sort()).toEqual((await readMigrations()).map((m) => m.name).sort());
    } finally {
      await other.drop();
    }
  });

  it('refuse a database whose applied migration was edited afterwards', async () => {
    await sql`UPDATE schema_migration SET checksum = 'edited' WHERE name = '0001_foundation.sql'`.execute(
      database.db,
    );
    await expect(migrateToLatest(database.db)).rejects.toBeInstanceOf(MigrationError);
    await expect(migrateToLatest(database.db)).rejects.toThrow(/frozen/);
  });
});
