import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/database.js';
import { connectDatabase } from './connection.js';

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
