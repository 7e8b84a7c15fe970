import { cp, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eSandbox, linesOf, readPostmasterPid, removeDataDir, runCli } from '../support/cli.js';

const sandbox = new E2eSandbox();
afterEach(() => sandbox.cleanup());

const timeout = { timeout: 300_000 };

interface Need {
  id: string;
  quantity: number;
}

async function postJson<T>(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: T }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function create(
  base: string,
  kind: string,
  body: unknown,
  auth: Record<string, string>,
): Promise<string> {
  const { status, body: created } = await postJson<{ id: string }>(`${base}/api/v1/${kind}`, body, auth);
  expect(status, JSON.stringify(created)).toBe(201);
  return created.id;
}

async function coordinatorToken(
  dataDir: string,
  env: Record<string, string>,
): Promise<Record<string, string>> {
  const result = await runCli(
    [
      '--data-dir',
      dataDir,
      'token',
      'create',
      '--org',
      'E2E cell',
      '--create-org',
      '--role',
      'coordinator',
      '--json',
    ],
    { env },
  );
  expect(result.code, result.stderr).toBe(0);
  return { authorization: `Bearer ${(JSON.parse(result.stdout) as { token: string }).token}` };
}

async function listNeedIds(base: string, auth: Record<string, string>): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await fetch(`${base}/api/v1/needs?limit=200${query}`, { headers: auth });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { items: Need[]; next_cursor: string | null };
    for (const need of page.items) ids.add(need.id);
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('backup and point-in-time restore', () => {
  it(
    'restores to T after the disk is lost: every write acknowledged before T, none after, audit chain intact',
    timeout,
    async () => {
      const work = await sandbox.dataDir();
      const dataDir = path.join(work, 'data');
      const env = {
        AIDGRID_WAL_ARCHIVE_DIR: path.join(work, 'wal'),
        AIDGRID_BACKUP_DIR: path.join(work, 'backups'),
      };
      const server = await sandbox.serve(dataDir, ['--no-demo'], env);
      const auth = await coordinatorToken(dataDir, env);
      const refs = {
        recipient_org_id: await create(
          server.url,
          'organisations',
          { name: 'Ministry of Energy', kind: 'ministry', country_code: 'UA' },
          auth,
        ),
        region_id: await create(
          server.url,
          'regions',
          { code: 'UA-32', name: 'Kyiv Oblast', population: 1782700 },
          auth,
        ),
        item_id: await create(
          server.url,
          'items',
          { code: 'GEN-100KVA', name: 'Generator 100 kVA', category: 'energy/generator', unit: 'unit' },
          auth,
        ),
      };

      const acknowledged: { id: string; phase: 'before' | 'after' }[] = [];
      let sent = 0;
      // 8 writers until `until` resolves; every 201 is an acknowledged write.
      const write = async (phase: 'before' | 'after', until: () => boolean) => {
        const worker = async () => {
          while (!until()) {
            const n = ++sent;
            const { status, body } = await postJson<Need>(
              `${server.url}/api/v1/needs`,
              { ...refs, quantity: n, priority: 'high', needed_by: '2023-01-15' },
              auth,
            );
            expect(status, JSON.stringify(body)).toBe(201);
            acknowledged.push({ id: body.id, phase });
          }
        };
        await Promise.all(Array.from({ length: 8 }, worker));
      };

      // A base backup taken while the 8 writers write.
      let backupDone = false;
      const backingUp = runCli(['--data-dir', dataDir, 'backup', '--json'], { env }).finally(() => {
        backupDone = true;
      });
      await write('before', () => backupDone);
      const backup = await backingUp;
      expect(backup.code, backup.stderr).toBe(0);
      const backupPath = (JSON.parse(backup.stdout) as { path: string }).path;

      // More writes, then T, then more writes.
      const more = sent + 80;
      await write('before', () => sent >= more);
      await sleep(200);
      const t = new Date();
      await sleep(200);
      const last = sent + 80;
      await write('after', () => sent >= last);
      const flushed = await runCli(['--data-dir', dataDir, 'backup', 'flush-wal'], { env });
      expect(flushed.code, flushed.stderr).toBe(0);

      // The disk is lost.
      await server.kill9();
      await removeDataDir(dataDir);

      const restored = await runCli(
        ['--data-dir', dataDir, 'restore', backupPath, '--to', t.toISOString(), '--json'],
        {
          env,
        },
      );
      expect(restored.code, restored.stderr).toBe(0);
      const report = JSON.parse(restored.stdout) as { ok: boolean; checks: { name: string; ok: boolean }[] };
      expect(report.ok).toBe(true);
      expect(report.checks.map((check) => [check.name, check.ok])).toContainEqual(['audit verify', true]);

      const again = await sandbox.serve(dataDir, ['--no-demo'], env);
      const stored = await listNeedIds(again.url, auth);
      const before = acknowledged.filter((write) => write.phase === 'before').map((write) => write.id);
      const after = acknowledged.filter((write) => write.phase === 'after').map((write) => write.id);
      expect(before.length).toBeGreaterThan(80);
      expect(before.filter((id) => !stored.has(id))).toEqual([]);
      expect(after.filter((id) => stored.has(id))).toEqual([]);
      expect(stored.size).toBe(before.length);

      const audit = await runCli(['--data-dir', dataDir, 'audit', 'verify'], { env });
      expect(audit.code, audit.stderr).toBe(0);
      expect(audit.stdout).toMatch(/^audit chain intact/);
    },
  );
});

describe('backup files and data directories', () => {
  it('names the damaged file of a backup with one flipped byte', timeout, async () => {
    const work = await sandbox.dataDir();
    const dataDir = path.join(work, 'data');
    const env = { AIDGRID_BACKUP_DIR: path.join(work, 'backups') };
    // Alone: no server runs, so the command starts PostgreSQL for the backup and stops it.
    const backup = await runCli(['--data-dir', dataDir, 'backup', '--json'], { env });
    expect(backup.code, backup.stderr).toBe(0);
    const backupPath = (JSON.parse(backup.stdout) as { path: string }).path;
    expect(await readPostmasterPid(dataDir)).toBeUndefined();

    const intact = await runCli(['backup', 'verify', backupPath], { env });
    expect(intact.code, intact.stderr).toBe(0);

    const archive = path.join(backupPath, 'base.tar.gz');
    const bytes = await readFile(archive);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    await writeFile(archive, bytes);
    const damaged = await runCli(['backup', 'verify', backupPath], { env });
    expect(damaged.code).toBe(1);
    expect(linesOf(damaged.stderr)).toHaveLength(1);
    expect(damaged.stderr).toMatch(
      /^aidgrid: backup .* is damaged: base\.tar\.gz \(SHA-256 differs from the manifest\); base\.tar\.gz:\S+/,
    );
  });

  it(
    'refuses to start a data directory of another PostgreSQL major, with the upgrade in one line',
    timeout,
    async () => {
      const work = await sandbox.dataDir();
      const dataDir = path.join(work, 'data');
      const made = await runCli(['--data-dir', dataDir, 'migrate']);
      expect(made.code, made.stderr).toBe(0);

      const copy = path.join(work, 'copy');
      await cp(dataDir, copy, { recursive: true, preserveTimestamps: true });
      const versionFile = path.join(copy, 'pg', 'PG_VERSION');
      const major = (await readFile(versionFile, 'utf8')).trim();
      const other = String(Number(major) - 1);
      await writeFile(versionFile, `${other}\n`);
      const before = (await stat(path.join(copy, 'postgres.log')).catch(() => undefined))?.size ?? 0;

      const refused = await runCli(['--data-dir', copy, 'migrate']);
      expect(refused.code).toBe(1);
      expect(linesOf(refused.stderr)).toHaveLength(1);
      expect(refused.stderr).toContain(
        `holds a PostgreSQL ${other} cluster but this aidgrid runs PostgreSQL ${major}`,
      );
      expect(refused.stderr).toContain('aidgrid export-dump');
      // Never half-started: no postmaster, nothing written to the server log.
      expect(await readPostmasterPid(copy)).toBeUndefined();
      expect((await stat(path.join(copy, 'postgres.log')).catch(() => undefined))?.size ?? 0).toBe(before);
    },
  );
});
