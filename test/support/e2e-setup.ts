import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { BROWSER_ADMIN_URL } from './browser-database.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The name of this run's demo template database (test/support/browser-database.ts). */
    demoTemplate: string;
  }
}

let templateName: string | undefined;

/**
 * Names one demo template database for the whole e2e run. The first browser world makes it (migrated,
 * demo loaded); every world after clones it, which takes a fraction of a second instead of a load.
 */
export function setup(project: TestProject): void {
  templateName = `aidgrid_demo_tpl_${randomBytes(6).toString('hex')}`;
  project.provide('demoTemplate', templateName);
}

export async function teardown(): Promise<void> {
  if (!templateName) return;
  const client = new pg.Client({ connectionString: BROWSER_ADMIN_URL });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
