import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { migrateToLatest, readMigrations } from '../../db/migrate.js';
import { insertAuditEntry, listAuditChainPage } from '../../db/repositories/audit.repository.js';
import type { Database } from '../../db/schema.js';
import { createAuditService } from './audit.service.js';
import { GENESIS_HASH } from './audit-chain.js';

// A database created by an aidgrid before the audit chain (migrations up to 0004), with audit
// entries whose seq has gaps from rolled-back transactions, upgraded to the latest schema.

let database: TestDatabase;
let db: Kysely<Database>;

async function migrateUpTo(last: string): Promise<void> {
  await sql`CREATE TABLE schema_migration (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  for (const migration of await readMigrations()) {
    if (migration.name > last) break;
    await db.transaction().execute(async (trx) => {
      await sql.raw(migration.sql).execute(trx);
      await trx
        .insertInto('schema_migration')
        .values({ name: migration.name, checksum: migration.checksum })
        .execute();
    });
  }
}

async function insertLegacy(trx: Kysely<Database>, actor: string, at: string, after: string): Promise<void> {
  await sql`INSERT INTO audit_entry (at, actor, action, entity_type, entity_id, before, after)
            VALUES (${at}::timestamptz, ${actor}, 'create', 'need', gen_random_uuid(), NULL, ${after}::jsonb)`.execute(
    trx,
  );
}

beforeAll(async () => {
  database = await createTestDatabase({ migrate: false });
  db = database.db;
  await migrateUpTo('0004_capacity.sql');
  await insertLegacy(
    db,
    'legacy-1',
    '2022-11-16 10:00:00.123456+02',
    '{"quantity": 1.50, "name": "Київ 😀"}',
  );
  await insertLegacy(
    db,
    'legacy-2',
    '2022-11-16 10:00:01+00',
    '{"big": 12345678901234567890123, "e": 1e21, "z": -0}',
  );
  // A rolled-back transaction burns seq 3 and 4.
  await db
    .transaction()
    .execute(async (trx) => {
      await insertLegacy(trx, 'doomed', '2022-11-16 10:00:02+00', '{}');
      await insertLegacy(trx, 'doomed', '2022-11-16 10:00:03+00', '{}');
      throw new Error('rolled back');
    })
    .catch(() => undefined);
  await insertLegacy(
    db,
    'legacy-3',
    '2022-11-17 23:59:59.999999-05',
    '{"nested": {"b": [1, {"a": null}], "a": "x"}}',
  );
  await insertLegacy(db, 'legacy-4', '2022-11-18 00:00:00+00', '{"tiny": 0.0000001, "s": "85000.00"}');
}, 60_000);
afterAll(async () => database?.drop());

describe('upgrading a database with audit entries from before the chain', () => {
  it('starts with the gap a rollback left', async () => {
    const seqs = await sql<{ seq: string }>`SELECT seq FROM audit_entry ORDER BY seq`.execute(db);
    expect(seqs.rows.map((row) => row.seq)).toEqual(['1', '2', '5', '6']);
  });

  it('renumbers and seals the old entries in their order, so the chain verifies', async () => {
    await migrateToLatest(db);
    const chain = await listAuditChainPage(db, '0', 100);
    expect(chain.map((entry) => [entry.seq, entry.actor])).toEqual([
      ['1', 'legacy-1'],
      ['2', 'legacy-2'],
      ['3', 'legacy-3'],
      ['4', 'legacy-4'],
    ]);
    expect(chain[0]).toMatchObject({
      at: '2022-11-16T08:00:00.123456Z',
      org_id: null,
      prev_hash: GENESIS_HASH,
    });
    expect(chain[2]?.at).toBe('2022-11-18T04:59:59.999999Z');
    const result = await createAuditService({ db, pageSize: 3 }).verify();
    expect(result).toMatchObject({ ok: true, entries: 4, head: { seq: '4' } });
  });

  it('appends new entries after the sealed ones', async () => {
    const head = (await listAuditChainPage(db, '3', 1))[0];
    await insertAuditEntry(db, {
      actor: 'cli',
      action: 'update',
      entity_type: 'need',
      entity_id: null,
      before: null,
      after: { quantity: 2 },
    });
    const [entry] = await listAuditChainPage(db, '4', 10);
    expect(entry).toMatchObject({ seq: '5', prev_hash: head?.hash });
    expect((await createAuditService({ db }).verify()).ok).toBe(true);
  });

  it('seals once: migrating again changes nothing', async () => {
    const before = await listAuditChainPage(db, '0', 100);
    expect(await migrateToLatest(db)).toEqual([]);
    expect(await listAuditChainPage(db, '0', 100)).toEqual(before);
  });

  it('refuses entries that arrive unhashed, or a seq from the old sequence', async () => {
    await expect(insertLegacy(db, 'old-code', '2022-11-19 00:00:00+00', '{}')).rejects.toThrow(
      /null value in column "seq"|audit_entry_chained/,
    );
    await expect(
      sql`INSERT INTO audit_entry (seq, actor, action, entity_type) VALUES (99, 'old-code', 'load', 'demo')`.execute(
        db,
      ),
    ).rejects.toThrow(/audit_entry_chained/);
  });
});
