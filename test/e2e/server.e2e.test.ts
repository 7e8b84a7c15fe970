import { access, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eSandbox, linesOf, readPostmasterPid, runCli } from '../support/cli.js';

const sandbox = new E2eSandbox();
afterEach(() => sandbox.cleanup());

const timeout = { timeout: 180_000 };

interface Need {
  id: string;
  quantity: number;
  version: number;
  [field: string]: unknown;
}

const needFields = [
  'id',
  'reference',
  'recipient_org_id',
  'region_id',
  'item_id',
  'quantity',
  'priority',
  'needed_by',
  'useful_until',
  'justification',
  'status',
  'stages',
  'incident_id',
  'rule_id',
  'rule_version',
  'derivation',
  'needs_review',
  'review_reason',
  'owner_org_id',
  'classification',
  'embargo_until',
  'synthetic',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'version',
];

async function getJson<T>(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { headers });
  return { status: response.status, body: (await response.json()) as T };
}

async function postJson<T>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

async function create(
  baseUrl: string,
  resource: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<string> {
  const { status, body: created } = await postJson<{ id: string }>(
    `${baseUrl}/api/v1/${resource}`,
    body,
    headers,
  );
  expect(status, `POST /api/v1/${resource}: ${JSON.stringify(created)}`).toBe(201);
  return created.id;
}

/** A coordinator token made with the CLI beside the running server, as a script would: the Authorization header. */
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
    '--expires',
    '1d',
    '--json',
  ]);
  expect(result.code, result.stderr).toBe(0);
  const created = JSON.parse(result.stdout) as { token: string; role: string };
  expect(created.role).toBe('coordinator');
  return { authorization: `Bearer ${created.token}` };
}

/** Port of the running PostgreSQL, from line 4 of postmaster.pid. */
async function postgresPort(dataDir: string): Promise<number> {
  const content = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
  return Number.parseInt(content.split('\n')[3] ?? '', 10);
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** Runs `work` over `inputs` with at most `concurrency` at a time, keeping the order of results. */
async function mapConcurrently<T, R>(
  inputs: readonly T[],
  concurrency: number,
  work: (input: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(inputs.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < inputs.length; index = next++) {
      results[index] = await work(inputs[index] as T);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

describe('aidgrid serve', () => {
  it(
    'starts on a fresh data dir, answers health and OpenAPI, and stops PostgreSQL on SIGTERM',
    timeout,
    async () => {
      const dataDir = await sandbox.dataDir();
      const server = await sandbox.serve(dataDir, ['--no-demo']);

      const health = await getJson<{ status: string; checks: Record<string, { status: string }[]> }>(
        `${server.url}/api/health`,
      );
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('pass');
      expect(health.body.checks['postgresql:migrations']?.[0]?.status).toBe('pass');

      const openapi = await fetch(`${server.url}/api/openapi.json`);
      expect(openapi.status).toBe(200);
      expect(openapi.headers.get('content-type')).toMatch(/application\/json/);
      const document = (await openapi.json()) as { openapi?: string; paths?: Record<string, unknown> };
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.paths ?? {})).toContain('/api/v1/needs');

      const port = await postgresPort(dataDir);
      expect(await refusesConnections(port)).toBe(false);

      const exit = await server.stop();
      expect(exit, server.output().stderr).toEqual({ code: 0, signal: null });
      expect(await readPostmasterPid(dataDir)).toBeUndefined();
      expect(await refusesConnections(port)).toBe(true);
      expect(await exists(path.join(dataDir, 'aidgrid.lock'))).toBe(false);
    },
  );

  it(
    'refuses a second serve on the same data dir with one line, and the first keeps serving',
    timeout,
    async () => {
      const dataDir = await sandbox.dataDir();
      const first = await sandbox.serve(dataDir, ['--no-demo']);

      const second = await runCli(['--data-dir', dataDir, 'serve', '--port', '0'], { timeoutMs: 60_000 });
      expect(second.signal, 'the second serve hung and was killed').toBeNull();
      expect(second.code).not.toBe(0);
      const lines = linesOf(second.stderr);
      expect(lines, second.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^aidgrid: .*already running/);
      expect(second.stdout).not.toMatch(/listening on/);

      const health = await getJson<{ status: string }>(`${first.url}/api/health`);
      expect(health.status).toBe(200);
      expect(health.body.status).toBe('pass');
    },
  );

  it(
    'lets migrate run next to a running serve, and on its own leaves no PostgreSQL behind',
    timeout,
    async () => {
      const dataDir = await sandbox.dataDir();
      const server = await sandbox.serve(dataDir, ['--no-demo']);
      const postmaster = await readPostmasterPid(dataDir);

      const beside = await runCli(['--data-dir', dataDir, 'migrate', '--json']);
      expect(beside.code, beside.stderr).toBe(0);
      const status = JSON.parse(beside.stdout) as { pending: string[]; applied: string[] };
      expect(status.pending).toEqual([]);
      expect(status.applied.length).toBeGreaterThan(0);

      // The borrowed PostgreSQL is the server's own and still runs; so does the server.
      expect(await readPostmasterPid(dataDir)).toBe(postmaster);
      const health = await getJson<{ status: string }>(`${server.url}/api/health`);
      expect(health.status).toBe(200);
      expect(server.child.exitCode).toBeNull();

      const freshDir = await sandbox.dataDir();
      const alone = await runCli(['--data-dir', freshDir, 'migrate', '--json']);
      expect(alone.code, alone.stderr).toBe(0);
      const fresh = JSON.parse(alone.stdout) as { pending: string[]; applied: string[] };
      expect(fresh.pending).toEqual([]);
      expect(fresh.applied.length).toBeGreaterThan(0);
      expect(await exists(path.join(freshDir, 'pg', 'PG_VERSION'))).toBe(true);
      expect(await readPostmasterPid(freshDir)).toBeUndefined();
      expect(await exists(path.join(freshDir, 'aidgrid.lock'))).toBe(false);
    },
  );

  it('keeps every acknowledged create, and nothing half-written, across kill -9', timeout, async () => {
    const dataDir = await sandbox.dataDir();
    const first = await sandbox.serve(dataDir, ['--no-demo']);
    const auth = await coordinatorToken(dataDir);

    const refs = {
      recipient_org_id: await create(
        first.url,
        'organisations',
        {
          name: 'Ministry of Energy',
          kind: 'ministry',
          country_code: 'UA',
        },
        auth,
      ),
      region_id: await create(
        first.url,
        'regions',
        {
          code: 'UA-32',
          name: 'Kyiv Oblast',
          population: 1782700,
        },
        auth,
      ),
      item_id: await create(
        first.url,
        'items',
        {
          code: 'GEN-100KVA',
          name: 'Generator 100 kVA',
          category: 'energy/generator',
          unit: 'unit',
        },
        auth,
      ),
    };
    const bodyOf = (n: number) => ({ ...refs, quantity: n, priority: 'high', needed_by: '2023-01-15' });
    const keyOf = (n: number) => `e2e-kill9-${n}`;

    const killAfter = 200;
    const concurrency = 8;
    const acknowledged = new Map<number, string>(); // quantity → id of a create answered 201
    const refused: string[] = [];
    let sent = 0;
    let answered = 0;
    let inFlight = 0;
    let inFlightAtKill = 0;
    let killed = false;

    const worker = async () => {
      while (!killed) {
        const n = ++sent;
        inFlight++;
        try {
          const { status, body } = await postJson<Need>(`${first.url}/api/v1/needs`, bodyOf(n), {
            ...auth,
            'Idempotency-Key': keyOf(n),
          });
          answered++;
          if (status === 201) acknowledged.set(n, body.id);
          else refused.push(`${status} ${JSON.stringify(body)}`);
        } catch {
          // The server died with this request in flight (or while sending its body): unknown outcome.
          return;
        } finally {
          inFlight--;
        }
        if (answered >= killAfter && !killed) {
          killed = true;
          inFlightAtKill = inFlight;
          process.kill(first.pid, 'SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(refused).toEqual([]);
    expect(inFlightAtKill).toBeGreaterThan(0);
    // The killed server could not stop its PostgreSQL: the restart must deal with the orphan.
    const orphan = await readPostmasterPid(dataDir);
    expect(orphan).toBeDefined();

    const second = await sandbox.serve(dataDir, ['--no-demo']);
    expect(await readPostmasterPid(dataDir)).not.toBe(orphan);

    // Every acknowledged create survived, unchanged.
    const found = await mapConcurrently([...acknowledged], 8, async ([quantity, id]) => {
      const { status, body } = await getJson<Need>(`${second.url}/api/v1/needs/${id}`, auth);
      return status === 200 && body.quantity === quantity ? 'ok' : `${id}: ${status} ${JSON.stringify(body)}`;
    });
    expect(found.filter((result) => result !== 'ok')).toEqual([]);

    // Nothing half-written: every stored need is whole, at version 1, and from a distinct request.
    const listAll = async () => {
      const needs: Need[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page = await getJson<{ items: Need[]; next_cursor: string | null }>(
          `${second.url}/api/v1/needs?limit=500${query}`,
          auth,
        );
        expect(page.status).toBe(200);
        needs.push(...page.body.items);
        cursor = page.body.next_cursor;
      } while (cursor);
      return needs;
    };
    const stored = await listAll();
    expect(stored.length).toBeGreaterThanOrEqual(acknowledged.size);
    expect(stored.length).toBeLessThanOrEqual(sent);
    for (const need of stored) {
      expect(Object.keys(need).sort()).toEqual([...needFields].sort());
      expect(need).toMatchObject({ ...refs, priority: 'high', needed_by: '2023-01-15', version: 1 });
      expect(need.quantity).toBeGreaterThan(0);
    }
    expect(new Set(stored.map((need) => need.quantity)).size).toBe(stored.length);
    const storedIds = new Set(stored.map((need) => need.id));
    expect([...acknowledged.values()].filter((id) => !storedIds.has(id))).toEqual([]);

    // The audit entry is written with the need: one create each.
    const sample = [...acknowledged.values()].filter((_, index) => index % 50 === 0);
    for (const id of sample) {
      const history = await getJson<{ items: { action: string }[] }>(
        `${second.url}/api/v1/needs/${id}/history`,
        auth,
      );
      expect(history.status).toBe(200);
      expect(history.body.items.filter((entry) => entry.action === 'create')).toHaveLength(1);
    }

    // The idempotency record is written with the need too: retrying every key yields one need per key.
    const retried = await mapConcurrently(
      Array.from({ length: sent }, (_, index) => index + 1),
      8,
      async (n) => {
        const { status, body, headers } = await postJson<Need>(`${second.url}/api/v1/needs`, bodyOf(n), {
          ...auth,
          'Idempotency-Key': keyOf(n),
        });
        const expectedId = acknowledged.get(n);
        if (status !== 201) return `${n}: ${status} ${JSON.stringify(body)}`;
        if (expectedId && (body.id !== expectedId || headers.get('idempotent-replayed') !== 'true')) {
          return `${n}: acknowledged as ${expectedId}, retried as ${body.id}`;
        }
        return 'ok';
      },
    );
    expect(retried.filter((result) => result !== 'ok')).toEqual([]);
    expect(await listAll()).toHaveLength(sent);

    console.info(
      `kill -9: ${sent} creates sent, ${answered} answered (${acknowledged.size} with 201), ` +
        `${inFlightAtKill} in flight at the kill; ${stored.length} needs found after the restart`,
    );
  });
});

describe('aidgrid configuration and usage errors', () => {
  it('names every configuration problem on one line', timeout, async () => {
    const dataDir = await sandbox.dataDir();
    const result = await runCli(['--data-dir', dataDir, 'serve', '--no-demo'], {
      env: { PORT: 'abc', LOG_LEVEL: 'loud' },
    });
    expect(result.code).not.toBe(0);
    expect(result.signal).toBeNull();
    const lines = linesOf(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^aidgrid: /);
    expect(lines[0]).toMatch(/PORT/);
    expect(lines[0]).toMatch(/LOG_LEVEL/);
    expect(lines[0]).toMatch(/abc/);
    expect(lines[0]).toMatch(/loud/);
    expect(await readPostmasterPid(dataDir)).toBeUndefined();

    const badUrl = await runCli(['--data-dir', dataDir, '--database-url', 'notaurl', 'migrate']);
    expect(badUrl.code).not.toBe(0);
    expect(badUrl.signal).toBeNull();
    const urlLines = linesOf(badUrl.stderr);
    expect(urlLines, badUrl.stderr).toHaveLength(1);
    expect(urlLines[0]).toMatch(/^aidgrid: .*DATABASE_URL/);
  });

  it('exits non-zero with one line when migrate cannot reach its database', timeout, async () => {
    const result = await runCli(['migrate', '--database-url', 'postgres://postgres@127.0.0.1:1/nothing']);
    expect(result.code).not.toBe(0);
    expect(result.signal).toBeNull();
    const lines = linesOf(result.stderr);
    expect(lines, result.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(/^aidgrid: \S/);
    expect(result.stdout).toBe('');
  });

  it('prints help listing the commands', timeout, async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['serve', 'migrate', 'demo']) {
      expect(result.stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    }
  });
});
