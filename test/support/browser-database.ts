import pg from 'pg';
import { inject } from 'vitest';
import { createDemoService } from '../../src/core/demo/demo.service.js';
import { connectDatabase } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/** The PostgreSQL server the browser tests run on (the machine's, 127.0.0.1:5432). */
export const BROWSER_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** The password of every demo account in the browser tests (the demo loader sets it). */
export const DEMO_PASSWORD = 'browser-test-demo-2026';

export function browserDatabaseUrl(name: string): string {
  const url = new URL(BROWSER_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BROWSER_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates `name`, migrates it and loads the demo into it; the pool is closed when it returns. */
async function loadDemoDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`CREATE DATABASE ${name}`);
  const database = connectDatabase(browserDatabaseUrl(name), { max: 5 });
  try {
    await migrateToLatest(database.db);
    await createDemoService({ db: database.db, demoPassword: DEMO_PASSWORD }).load({});
  } finally {
    await database.close();
  }
}

/** The run's template name, when the e2e project's global set-up made one (test/support/e2e-setup.ts). */
function templateName(): string | undefined {
  try {
    return inject('demoTemplate');
  } catch {
    return undefined;
  }
}

/**
 * A new database `name` holding the migrated demo. Within an e2e run it is a copy of the run's demo
 * template, which the first call makes (under an advisory lock, so concurrent callers wait for it);
 * elsewhere the demo is loaded into it directly.
 */
export async function createDemoDatabase(name: string): Promise<void> {
  const template = templateName();
  await withAdmin(async (client) => {
    if (!template) {
      await loadDemoDatabase(client, name);
      return;
    }
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (exists.rowCount === 0) {
        try {
          await loadDemoDatabase(client, template);
        } catch (error) {
          await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
          throw error;
        }
      }
      await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
}
