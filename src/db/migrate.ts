import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Kysely, sql } from 'kysely';
import { sealAuditEntries } from './repositories/audit.repository.js';
import type { Database } from './schema.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Arbitrary constant: serialises concurrent migrators (two aidgrid processes, parallel tests). */
const MIGRATION_LOCK_KEY = 7_346_512_001;

export interface Migration {
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

export interface MigrationStatus {
  readonly applied: string[];
  readonly pending: string[];
  readonly latest: string | null;
}

export class MigrationError extends Error {
  readonly code = 'migration_failed';
}

/** Reads the frozen SQL migrations shipped with this version, in name order. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name)).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(`${dir}/${name}`, 'utf8');
      return { name, sql: text, checksum: createHash('sha256').update(text).digest('hex') };
    }),
  );
}

async function ensureMigrationTable(db: Kysely<Database>): Promise<void> {
  await sql`CREATE TABLE IF NOT EXISTS schema_migration (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}

/**
 * Applies every pending migration (up to and including `through`, when given: a logical dump is
 * loaded at its own level), each in its own transaction; refuses edited or unknown ones.
 */
export async function migrateToLatest(
  db: Kysely<Database>,
  options: { through?: string } = {},
): Promise<string[]> {
  const migrations = await readMigrations();
  const through = options.through;
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      await ensureMigrationTable(conn);
      const applied = await conn.selectFrom('schema_migration').selectAll().orderBy('name').execute();
      checkAppliedMatch(applied, migrations);
      const done = new Set(applied.map((row) => row.name));
      const newlyApplied: string[] = [];
      for (const migration of migrations) {
        if (done.has(migration.name) || (through !== undefined && migration.name > through)) continue;
        try {
          await conn.transaction().execute(async (trx) => {
            await sql.raw(migration.sql).execute(trx);
            await trx
              .insertInto('schema_migration')
              .values({ name: migration.name, checksum: migration.checksum })
              .execute();
          });
        } catch (error) {
          throw new MigrationError(`migration ${migration.name} failed: ${(error as Error).message}`);
        }
        newlyApplied.push(migration.name);
      }
      // Audit entries written before the chain existed (0007) are hashed and linked once.
      await sealAuditEntries(conn);
      return newlyApplied;
    } finally {
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

function checkAppliedMatch(
  applied: { name: string; checksum: string }[],
  migrations: readonly Migration[],
): void {
  const known = new Map(migrations.map((m) => [m.name, m.checksum]));
  for (const row of applied) {
    const checksum = known.get(row.name);
    if (checksum === undefined) {
      throw new MigrationError(
        `the database has migration ${row.name}, which this version of aidgrid does not know (is it older than the database?)`,
      );
    }
    if (checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.name} was edited after it was applied; migrations are frozen`,
      );
    }
  }
}

/** Which migrations are applied and which are pending, without changing anything. */
export async function readMigrationStatus(db: Kysely<Database>): Promise<MigrationStatus> {
  const migrations = await readMigrations();
  const exists = await sql<{
    present: boolean;
  }>`SELECT to_regclass('schema_migration') IS NOT NULL AS present`.execute(db);
  const applied = exists.rows[0]?.present
    ? (await db.selectFrom('schema_migration').select('name').orderBy('name').execute()).map((r) => r.name)
    : [];
  const done = new Set(applied);
  return {
    applied,
    pending: migrations.filter((m) => !done.has(m.name)).map((m) => m.name),
    latest: migrations.at(-1)?.name ?? null,
  };
}
