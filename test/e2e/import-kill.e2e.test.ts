import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eSandbox, repoRoot, runCli } from '../support/cli.js';

/**
 * kill -9 of the process applying an import: the import's one transaction never commits, so none
 * of its rows exist, and the import reads `interrupted` once anyone looks at it (its runner lock
 * is free), never `applying` for ever.
 */
const sandbox = new E2eSandbox();
afterEach(() => sandbox.cleanup());

async function connect(dataDir: string): Promise<pg.Client> {
  const { password, port } = JSON.parse(await readFile(path.join(dataDir, 'credentials.json'), 'utf8')) as {
    password: string;
    port: number;
  };
  const client = new pg.Client({
    connectionString: `postgres://aidgrid:${encodeURIComponent(password)}@127.0.0.1:${port}/aidgrid`,
  });
  await client.connect();
  return client;
}

describe('an import whose process is killed while applying', () => {
  it('leaves none of its rows and shows interrupted', { timeout: 300_000 }, async () => {
    const dataDir = await sandbox.dataDir();
    await sandbox.serve(dataDir);
    const db = await connect(dataDir);
    try {
      const donors = (
        await db.query<{ name: string }>(
          "SELECT name FROM organisation WHERE kind = 'state' ORDER BY name LIMIT 5",
        )
      ).rows;
      const items = (await db.query<{ code: string }>('SELECT code FROM item ORDER BY code LIMIT 5')).rows;
      expect(donors.length).toBeGreaterThan(0);
      const lines = ['external_id,donor,item_code,quantity,announced_on'];
      for (let i = 0; i < 150_000; i++) {
        const donor = donors[i % donors.length]?.name ?? '';
        const item = items[i % items.length]?.code ?? '';
        lines.push(
          `e2e-${i},"${donor}",${item},${1 + (i % 997)},2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
        );
      }
      const file = path.join(dataDir, 'pledges.csv');
      await writeFile(file, `${lines.join('\n')}\n`);
      const before = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM pledge')).rows[0]?.n);

      const child = spawn(
        process.execPath,
        ['bin/aidgrid.js', '--data-dir', dataDir, 'import', file, '--apply'],
        {
          cwd: repoRoot,
          env: { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn', DATABASE_URL: undefined },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
        child.once('exit', (code, signal) => resolve({ code, signal })),
      );
      let id: string | undefined;
      for (let i = 0; i < 6000 && id === undefined; i++) {
        const run = await db.query<{ id: string }>("SELECT id FROM import_run WHERE status = 'applying'");
        id = run.rows[0]?.id;
        if (id === undefined) {
          if (child.exitCode !== null) throw new Error(`the import ended before applying: ${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      }
      expect(id, stderr).toBeDefined();
      child.kill('SIGKILL');
      expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });

      let shown = { status: 'applying', error: '' };
      for (let i = 0; i < 30 && shown.status === 'applying'; i++) {
        const result = await runCli(['--data-dir', dataDir, 'import', '--show', id as string, '--json']);
        expect(result.code, result.stderr).toBe(0);
        shown = JSON.parse(result.stdout) as { status: string; error: string };
        if (shown.status === 'applying') await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      expect(shown.status).toBe('interrupted');
      expect(shown.error).toMatch(/stopped; nothing of it was written/);
      const after = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM pledge')).rows[0]?.n);
      expect(after).toBe(before);
      const ofImport = await db.query<{ n: string }>(
        'SELECT count(*) AS n FROM pledge WHERE import_id = $1',
        [id],
      );
      expect(ofImport.rows[0]?.n).toBe('0');
      const audit = await db.query<{ n: string }>(
        "SELECT count(*) AS n FROM audit_entry WHERE entity_type = 'import' AND entity_id = $1",
        [id],
      );
      expect(audit.rows[0]?.n).toBe('0');
      const tables = await db.query(
        "SELECT tablename FROM pg_tables WHERE tablename ~ '^import_(stage|checked|map)_'",
      );
      expect(tables.rows).toEqual([]);
    } finally {
      await db.end();
    }
  });
});
