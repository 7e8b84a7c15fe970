import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { type EmbeddedServer, openEmbedded } from '../../src/db/embedded.js';

let server: EmbeddedServer | undefined;
let dataDir: string | undefined;

/** One embedded PostgreSQL for the whole run; each test file makes its own database on it. */
export async function setup(project: TestProject): Promise<void> {
  dataDir = await mkdtemp(path.join(tmpdir(), 'aidgrid-test-pg-'));
  // mkdtemp makes the folder private; as root, PostgreSQL runs as another user and must enter it.
  await chmod(dataDir, 0o755);
  server = await openEmbedded({ dataDir, mode: 'serve', label: 'vitest' });
  project.provide('embeddedAdminUrl', server.adminUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}
