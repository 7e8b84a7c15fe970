import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { createAggregateService } from '../../src/core/aggregates/aggregate.service.js';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/schema.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Maintenance URL of the embedded PostgreSQL started by test/support/global-setup.ts. */
    embeddedAdminUrl: string;
  }
}

export type DatabaseTarget = 'embedded' | 'server';

/** Which server this test project runs against; set per Vitest project in vitest.config.ts. */
export function databaseTarget(): DatabaseTarget {
  return process.env.AIDGRID_TEST_TARGET === 'server' ? 'server' : 'embedded';
}

function adminUrl(): string {
  if (databaseTarget() === 'server') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('the server test target needs DATABASE_URL');
    return url;
  }
  return inject('embeddedAdminUrl');
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export interface TestDatabase extends DatabaseHandle {
  readonly name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `aidgrid_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const handle = connectDatabase(withDatabase(admin, name), { max: 5 });
  if (options.migrate ?? true) await migrateToLatest(handle.db);
  return {
    ...handle,
    name,
    async drop() {
      // Every test file that wrote leaves cells that equal a recomputation from its rows.
      if (options.migrate ?? true) await assertCellsExact(handle.db);
      await handle.close();
      const dropper = new pg.Client({ connectionString: admin });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * Runs `aggregates verify` on a test database and throws with the first differing cell. Skipped
 * when the file's database has no aggregate cells table (a test of an older migration level).
 */
export async function assertCellsExact(db: Kysely<Database>): Promise<void> {
  const present = await sql<{
    present: boolean;
  }>`SELECT to_regproc('aidgrid_aggregate_differences') IS NOT NULL AS present`.execute(db);
  if (!present.rows[0]?.present) return;
  const result = await createAggregateService({ db }).verify();
  if (!result.ok) throw new Error(result.summary);
}
