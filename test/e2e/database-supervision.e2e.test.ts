import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openEmbedded } from '../../src/db/embedded.js';
import { E2eSandbox, isAlive, readPostmasterPid, runCli } from '../support/cli.js';

// Issue 13, holes 5 and 6: the embedded PostgreSQL dying under load, and two processes starting
// at once on one empty database.

const sandbox = new E2eSandbox();
afterEach(() => sandbox.cleanup());

const timeout = { timeout: 180_000 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function create(
  url: string,
  auth: Record<string, string>,
  resource: string,
  body: unknown,
): Promise<string> {
  const response = await fetch(`${url}/api/v1/${resource}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify(body),
  });
  const created = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(created)).toBe(201);
  return created.id;
}

async function coordinatorToken(dataDir: string): Promise<Record<string, string>> {
  const result = await runCli([
    '--data-dir',
    dataDir,
    'token',
    'create',
    '--org',
    'E2E coordination cell',
    '--create-org',
    '--role',
    'coordinator',
    '--json',
  ]);
  expect(result.code, result.stderr).toBe(0);
  return { authorization: `Bearer ${(JSON.parse(result.stdout) as { token: string }).token}` };
}

describe('database supervision', () => {
  it(
    'survives kill -9 of the embedded postmaster under 8 writers: 503 while down, back by itself, no acknowledged write lost',
    timeout,
    async () => {
      const dataDir = await sandbox.dataDir();
      const server = await sandbox.serve(dataDir, ['--no-demo']);
      const auth = await coordinatorToken(dataDir);
      const refs = {
        recipient_org_id: await create(server.url, auth, 'organisations', {
          name: 'Ministry of Energy',
          kind: 'ministry',
          country_code: 'UA',
        }),
        region_id: await create(server.url, auth, 'regions', { code: 'UA-32', name: 'Kyiv Oblast' }),
        item_id: await create(server.url, auth, 'items', {
          code: 'GEN-100KVA',
          name: 'Generator 100 kVA',
          category: 'energy/generator',
          unit: 'unit',
        }),
      };

      const acknowledged = new Map<number, string>(); // quantity → id of a create answered 201
      const unexpected: string[] = [];
      let unavailable = 0;
      let sent = 0;
      let writing = true;
      const writer = async () => {
        while (writing) {
          const n = ++sent;
          try {
            const response = await fetch(`${server.url}/api/v1/needs`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': `sup-${n}`, ...auth },
              body: JSON.stringify({ ...refs, quantity: n, priority: 'high', needed_by: '2023-01-15' }),
            });
            const body = (await response.json()) as { id?: string; code?: string };
            if (response.status === 201 && body.id) {
              acknowledged.set(n, body.id);
            } else if (
              response.status === 503 &&
              body.code === 'database_unavailable' &&
              response.headers.get('content-type')?.startsWith('application/problem+json') &&
              Number(response.headers.get('retry-after')) > 0
            ) {
              unavailable++;
              await sleep(50);
            } else {
              unexpected.push(`${response.status} ${JSON.stringify(body)}`);
            }
          } catch (error) {
            unexpected.push(`no answer: ${(error as Error).message}`);
          }
        }
      };
      const writers = Array.from({ length: 8 }, writer);

      while (acknowledged.size < 80 && unexpected.length === 0) await sleep(20);
      const postmaster = await readPostmasterPid(dataDir);
      expect(postmaster).toBeDefined();
      process.kill(postmaster as number, 'SIGKILL');
      const killedAt = acknowledged.size;

      // Health says fail (503, health+json) while PostgreSQL is down, then pass again on its own.
      const healthStatuses = new Set<string>();
      const deadline = Date.now() + 30_000;
      let healthy = false;
      while (!healthy && Date.now() < deadline) {
        await sleep(200);
        const response = await fetch(`${server.url}/api/health`);
        const body = (await response.json()) as { status: string };
        expect(response.headers.get('content-type')).toMatch(/^application\/health\+json/);
        healthStatuses.add(`${response.status} ${body.status}`);
        healthy = response.status === 200 && acknowledged.size > killedAt;
      }
      expect(healthy, `not healthy within 30 s; seen ${[...healthStatuses].join(', ')}`).toBe(true);
      const recovered = acknowledged.size;
      while (acknowledged.size < recovered + 40 && unexpected.length === 0) await sleep(20);
      writing = false;
      await Promise.all(writers);

      expect(unexpected).toEqual([]);
      expect(unavailable).toBeGreaterThan(0);
      expect(healthStatuses).toContain('503 fail');
      expect(server.child.exitCode).toBeNull();
      const restarted = await readPostmasterPid(dataDir);
      expect(restarted).toBeDefined();
      expect(restarted).not.toBe(postmaster);
      expect(isAlive(restarted as number)).toBe(true);
      expect(server.output().stderr).toMatch(/aidgrid: PostgreSQL restarted/);
      const health = (await (await fetch(`${server.url}/api/health`)).json()) as {
        status: string;
        checks: Record<string, { observedValue?: number }[]>;
      };
      expect(health.status).toBe('warn');
      expect(health.checks['postgresql:process']?.[0]?.observedValue).toBe(1);

      // Every acknowledged create is there, unchanged.
      const missing: string[] = [];
      for (const [quantity, id] of acknowledged) {
        const response = await fetch(`${server.url}/api/v1/needs/${id}`, { headers: auth });
        const need = (await response.json()) as { quantity?: number };
        if (response.status !== 200 || need.quantity !== quantity) missing.push(`${id}: ${response.status}`);
      }
      expect(missing).toEqual([]);
      console.info(
        `kill -9 of the postmaster: ${sent} creates sent, ${acknowledged.size} acknowledged ` +
          `(${killedAt} before the kill), ${unavailable} answered 503; health seen: ${[...healthStatuses].join(', ')}`,
      );
    },
  );

  it('lets two processes started at the same moment on an empty database both serve', timeout, async () => {
    const pgDir = await mkdtemp(path.join(tmpdir(), 'aidgrid-e2e-shared-'));
    await chmod(pgDir, 0o755);
    const postgres = await openEmbedded({ dataDir: pgDir, mode: 'serve', label: 'e2e shared server' });
    try {
      const env = { DATABASE_URL: postgres.url };
      const [first, second] = await Promise.all([
        sandbox.serve(await sandbox.dataDir(), [], env),
        sandbox.serve(await sandbox.dataDir(), [], env),
      ]);
      for (const server of [first, second]) {
        const response = await fetch(`${server.url}/api/health`);
        expect(response.status).toBe(200);
        expect(((await response.json()) as { status: string }).status).toBe('pass');
      }
      // One of them loaded the demo; the other waited, found it loaded, and did not try again.
      const loads = [first, second].filter((server) =>
        server.output().stderr.includes('empty database: loading the synthetic demo scenario'),
      );
      expect(loads).toHaveLength(1);
      const regions = (await (await fetch(`${second.url}/api/v1/regions?limit=1`)).json()) as {
        items: unknown[];
      };
      expect(regions.items).toHaveLength(1);
      await Promise.all([first.stop(), second.stop()]);
    } finally {
      await postgres.stop();
      await rm(pgDir, { recursive: true, force: true });
    }
  });
});
