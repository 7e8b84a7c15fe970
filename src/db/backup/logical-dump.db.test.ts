import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoordinationCell } from '../../../test/support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { runPostRestoreChecks } from '../../core/backup/post-restore-checks.js';
import { DumpError, dependencyOrder, exportDump, importDump } from './logical-dump.js';

let source: TestDatabase;
const fresh: TestDatabase[] = [];
let dir: string;

beforeAll(async () => {
  source = await createTestDatabase();
  await createCoordinationCell(source.db);
  dir = await mkdtemp(join(tmpdir(), 'aidgrid-dump-test-'));
}, 300_000);
afterAll(async () => {
  await Promise.all([source?.drop(), ...fresh.map((db) => db.drop())]);
  await rm(dir, { recursive: true, force: true });
});

async function freshDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({ migrate: false });
  fresh.push(database);
  return database;
}

async function tableCount(database: TestDatabase): Promise<number> {
  const result = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`.execute(database.db);
  return result.rows[0]?.n ?? -1;
}

describe('logical dump', () => {
  it('imports into a fresh database row for row: same table checksums, audit head and sequences', async () => {
    const file = join(dir, 'a.tar.gz');
    const dumped = await exportDump({ url: source.url, outFile: file, aidgridVersion: 'test' });
    expect(dumped.summary.audit_head).not.toBeNull();
    expect(dumped.summary.tables.find((table) => table.name === 'organisation')?.rows).toBeGreaterThan(0);

    const target = await freshDatabase();
    const imported = await importDump({ url: target.url, db: target.db, file });
    expect(imported.rows).toBe(dumped.summary.tables.reduce((sum, table) => sum + table.rows, 0));
    const checks = await runPostRestoreChecks(target.db, { auditHead: imported.summary.audit_head });
    expect(checks.ok, JSON.stringify(checks)).toBe(true);

    const again = await exportDump({
      url: target.url,
      outFile: join(dir, 'b.tar.gz'),
      aidgridVersion: 'test',
    });
    expect(again.summary).toEqual(dumped.summary);
    expect(again.header.sequences).toEqual(dumped.header.sequences);
  });

  it('refuses a database that holds tables, and a damaged dump before creating anything', async () => {
    const file = join(dir, 'c.tar.gz');
    await exportDump({ url: source.url, outFile: file, aidgridVersion: 'test' });
    await expect(importDump({ url: source.url, db: source.db, file })).rejects.toMatchObject({
      code: 'database_not_empty',
    });

    const bytes = await readFile(file);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] as number) ^ 0xff;
    const damaged = join(dir, 'damaged.tar.gz');
    await writeFile(damaged, bytes);
    const target = await freshDatabase();
    const refused = await importDump({ url: target.url, db: target.db, file: damaged }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DumpError);
    expect((refused as DumpError).code).toBe('dump_damaged');
    expect((refused as DumpError).message).toMatch(/damaged.*nothing imported$/);
    expect(await tableCount(target)).toBe(0);
  });

  it('orders tables after the tables they reference', () => {
    expect(
      dependencyOrder(
        ['pledge', 'need', 'allocation', 'organisation'],
        [
          ['allocation', 'pledge'],
          ['allocation', 'need'],
          ['need', 'organisation'],
          ['pledge', 'organisation'],
        ],
      ),
    ).toEqual(['organisation', 'need', 'pledge', 'allocation']);
  });
});
