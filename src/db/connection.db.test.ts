import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { connectDatabase, withConnection } from './connection.js';
import { copyField, copyRows } from './copy-rows.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
});

afterAll(async () => {
  await database?.drop();
});

describe('connectDatabase', () => {
  it('runs without the JIT compiler, which cost seconds per report query', async () => {
    const result = await sql<{ jit: string }>`SELECT current_setting('jit') AS jit`.execute(database.db);
    expect(result.rows[0]?.jit).toBe('off');
  });

  it('turns it on only when asked (benchmarks compare both)', async () => {
    const withJit = connectDatabase(database.url, { max: 1, jit: true });
    try {
      const result = await sql<{ jit: string }>`SELECT current_setting('jit') AS jit`.execute(withJit.db);
      expect(result.rows[0]?.jit).toBe('on');
    } finally {
      await withJit.close();
    }
  });
});

describe('withConnection and copyRows', () => {
  const awkward = [
    [1, 'back\\slash and "quotes"', 0.1, true, { a: 'tab\there', b: ['line\nbreak'] }],
    [2, 'tab\tnew\nline\rreturn \\N', 1e-7, false, { ü: 'Київ' }],
    [3, null, 123456789.123, null, null],
  ] as const;

  it('copies awkward values exactly, in the transaction Kysely opened on the same connection', async () => {
    await sql`CREATE TABLE copy_probe (id integer PRIMARY KEY, t text, n numeric, b boolean, j jsonb)`.execute(
      database.db,
    );
    const seen = await withConnection(database.db, (client, single) =>
      single.transaction().execute(async (trx) => {
        await copyRows(client, 'copy_probe', ['id', 't', 'n', 'b', 'j'], awkward);
        return (await sql<{ n: string }>`SELECT count(*)::text AS n FROM copy_probe`.execute(trx)).rows[0]?.n;
      }),
    );
    expect(seen).toBe('3');
    const rows = await sql<{ id: number; t: string | null; n: string; b: boolean | null; j: unknown }>`
      SELECT id, t, n::text AS n, b, j FROM copy_probe ORDER BY id`.execute(database.db);
    expect(rows.rows).toEqual([
      { id: 1, t: awkward[0][1], n: '0.1', b: true, j: awkward[0][4] },
      { id: 2, t: awkward[1][1], n: '0.0000001', b: false, j: awkward[1][4] },
      { id: 3, t: null, n: '123456789.123', b: null, j: null },
    ]);
  });

  it('rolls the whole COPY back with its transaction when a row is refused', async () => {
    await sql`CREATE TABLE copy_refused (id integer PRIMARY KEY)`.execute(database.db);
    await expect(
      withConnection(database.db, (client, single) =>
        single.transaction().execute(() => copyRows(client, 'copy_refused', ['id'], [[1], [2], ['two']])),
      ),
    ).rejects.toThrow(/integer/);
    const left = await sql<{ n: string }>`SELECT count(*)::text AS n FROM copy_refused`.execute(database.db);
    expect(left.rows[0]?.n).toBe('0');
  });

  it('refuses a number COPY would store as NaN', () => {
    expect(() => copyField(Number.NaN)).toThrow(/finite/);
    expect(copyField(new Date('2026-12-07T10:00:00Z'))).toBe('2026-12-07T10:00:00.000Z');
  });
});
