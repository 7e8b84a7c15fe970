import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { E2eSandbox, runCli } from '../support/cli.js';

const sandbox = new E2eSandbox();
afterEach(() => sandbox.cleanup());

// The PostgreSQL server on 127.0.0.1:5432 (CI sets DATABASE_URL for every project).
const serverUrl = process.env.DATABASE_URL;

function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function onServer(base: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function cli(args: string[]): Promise<string> {
  const result = await runCli(args);
  expect(result.code, `aidgrid ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

describe('logical export and import', () => {
  it.skipIf(!serverUrl)(
    'carries the demo from the embedded server to the PostgreSQL server and back: gap report and audit chain identical',
    { timeout: 400_000 },
    async () => {
      const work = await sandbox.dataDir();
      const source = path.join(work, 'source');
      const target = path.join(work, 'target');
      const name = `aidgrid_e2e_dump_${randomBytes(5).toString('hex')}`;
      const server = databaseUrl(serverUrl as string, name);
      await onServer(serverUrl as string, `CREATE DATABASE ${name}`);
      try {
        await cli(['--data-dir', source, 'demo', 'load']);
        const first = path.join(work, 'first.tar.gz');
        await cli(['--data-dir', source, 'export-dump', '--out', first]);

        const intoServer = JSON.parse(
          await cli(['--database-url', server, 'import-dump', first, '--json']),
        ) as {
          ok: boolean;
          rows: number;
        };
        expect(intoServer.ok).toBe(true);
        expect(intoServer.rows).toBeGreaterThan(10_000);
        const second = path.join(work, 'second.tar.gz');
        await cli(['--database-url', server, 'export-dump', '--out', second]);
        const back = JSON.parse(await cli(['--data-dir', target, 'import-dump', second, '--json'])) as {
          ok: boolean;
        };
        expect(back.ok).toBe(true);

        const gaps = (dir: string) =>
          cli(['--data-dir', dir, 'report', 'gaps', '--by', 'item', '--format', 'json']);
        const [sourceGaps, targetGaps] = [await gaps(source), await gaps(target)];
        expect(JSON.parse(targetGaps)).toEqual(JSON.parse(sourceGaps));
        expect((JSON.parse(sourceGaps) as { groups: unknown[] }).groups.length).toBeGreaterThan(10);

        const audit = async (dir: string) =>
          JSON.parse(await cli(['--data-dir', dir, 'audit', 'verify', '--json'])) as {
            ok: boolean;
            head: unknown;
            summary: string;
          };
        const [sourceAudit, targetAudit] = [await audit(source), await audit(target)];
        expect(sourceAudit.ok).toBe(true);
        expect(targetAudit).toEqual(sourceAudit);
        expect(sourceAudit.head).not.toBeNull();
      } finally {
        await onServer(serverUrl as string, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }
    },
  );
});
