import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';

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
