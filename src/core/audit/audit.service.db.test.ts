import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/app.js';
import { buildItem, buildNeed, buildOrganisation, buildRegion } from '../../../test/support/factories.js';
import { runAsActor } from '../../db/actor-context.js';
import { insertAuditEntry, listAuditChainPage } from '../../db/repositories/audit.repository.js';
import type { Database } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import { createNeedService } from '../needs/need.service.js';
import { createAuditService } from './audit.service.js';
import { type ChainEntry, type Checkpoint, GENESIS_HASH, hashAuditEntry } from './audit-chain.js';

let t: TestApp;
let refs: { recipient_org_id: string; region_id: string; item_id: string };

beforeAll(async () => {
  t = await createTestApp();
  const [org, region, item] = await Promise.all([
    buildOrganisation(t.app),
    buildRegion(t.app),
    buildItem(t.app),
  ]);
  refs = { recipient_org_id: org.id, region_id: region.id, item_id: item.id };
}, 60_000);
afterAll(async () => t?.close());

// Small pages, so that verification crosses page boundaries.
const audit = () => createAuditService({ db: t.database.db, pageSize: 7 });

async function readChain(): Promise<ChainEntry[]> {
  return listAuditChainPage(t.database.db, '0', 100_000);
}

async function patchNeed(id: string, version: number, body: Record<string, unknown>) {
  const response = await t.app.inject({
    method: 'PATCH',
    url: `/api/v1/needs/${id}`,
    headers: { 'if-match': `"${version}"` },
    payload: body,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { id: string; version: number };
}

/** Runs `work` as a superuser would, straight on the table, as an attacker with database access. */
async function tamper(statement: ReturnType<typeof sql>) {
  await statement.execute(t.database.db);
}

describe('the audit chain written by the services', () => {
  it('links every create, update and delete, numbered 1..n without gaps', async () => {
    const need = await buildNeed(t.app, refs);
    const updated = await patchNeed(need.id, need.version, {
      quantity: 250,
      justification: 'Київ, 😀, "quoted"\n',
    });
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/needs/${need.id}`,
      headers: { 'if-match': `"${updated.version}"` },
    });
    expect(deleted.statusCode, deleted.body).toBe(204);

    const chain = await readChain();
    expect(chain.map((entry) => entry.seq)).toEqual(chain.map((_, index) => String(index + 1)));
    expect(chain[0]?.prev_hash).toBe(GENESIS_HASH);
    for (const [index, entry] of chain.entries()) {
      if (index > 0) expect(entry.prev_hash).toBe(chain[index - 1]?.hash);
      // Re-read from the database, before/after and at hash to what was written.
      expect(hashAuditEntry(entry)).toBe(entry.hash);
      expect(entry.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    }
    expect(chain.slice(-3).map((entry) => [entry.action, entry.entity_id])).toEqual([
      ['create', need.id],
      ['update', need.id],
      ['delete', need.id],
    ]);

    const result = await audit().verify();
    expect(result).toMatchObject({ ok: true, entries: chain.length, break: null });
    expect(result.head).toEqual({ seq: chain.at(-1)?.seq, hash: chain.at(-1)?.hash, at: chain.at(-1)?.at });
  });

  it('keeps the history the API shows', async () => {
    const need = await buildNeed(t.app, refs);
    await patchNeed(need.id, need.version, { quantity: 7 });
    const history = await t.app.inject({ method: 'GET', url: `/api/v1/needs/${need.id}/history` });
    expect(history.statusCode).toBe(200);
    expect(JSON.stringify(history.json())).toContain('"action":"update"');
  });

  it('records the organisation of the request actor, and none for system actors', async () => {
    const actor: Actor = {
      id: 'user-7',
      kind: 'user',
      orgId: refs.recipient_org_id,
      role: 'recipient',
      clearance: 'coalition',
    };
    const needs = createNeedService({ db: t.database.db });
    const created = await runAsActor(actor, () =>
      needs.create({ ...refs, quantity: 3, priority: 'low', needed_by: '2023-01-10' }, actor),
    );
    const entry = (await readChain()).find((row) => row.entity_id === created.entity.id);
    expect(entry).toMatchObject({ actor: 'user-7', org_id: refs.recipient_org_id, action: 'create' });
    expect((await readChain())[0]?.org_id).toBeNull();
    expect((await audit().verify()).ok).toBe(true);
  });

  it('stays gap-free and valid under 20 concurrent creates', async () => {
    const before = (await readChain()).length;
    await Promise.all(Array.from({ length: 20 }, () => buildItem(t.app)));
    const chain = await readChain();
    expect(chain).toHaveLength(before + 20);
    const result = await audit().verify();
    expect(result).toMatchObject({ ok: true, entries: before + 20 });
  });

  it('appends from the pool (not in a transaction) under the same lock', async () => {
    const before = (await readChain()).length;
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        insertAuditEntry(t.database.db, {
          actor: 'cli',
          action: 'load',
          entity_type: 'test',
          entity_id: null,
          before: null,
          after: {
            index,
            big: 2 ** 64,
            huge: 1.5e300,
            tiny: 1e-7,
            fraction: 0.1 + 0.2,
            negativeZero: -0,
            amount: '85000.00',
          },
        }),
      ),
    );
    expect(await readChain()).toHaveLength(before + 10);
    expect((await audit().verify()).ok).toBe(true);
  });

  it('leaves no gap behind a rolled-back transaction', async () => {
    const before = await readChain();
    await expect(
      t.database.db.transaction().execute(async (trx) => {
        await insertAuditEntry(trx, {
          actor: 'cli',
          action: 'create',
          entity_type: 'test',
          entity_id: null,
          before: null,
          after: { doomed: true },
        });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const item = await buildItem(t.app);
    const chain = await readChain();
    expect(chain).toHaveLength(before.length + 1);
    expect(chain.at(-1)).toMatchObject({ seq: String(before.length + 1), entity_id: item.id });
    expect((await audit().verify()).ok).toBe(true);
  });

  it('lets the application role append to the chain but not change it', async () => {
    const asApp = (work: (trx: Transaction<Database>) => Promise<unknown>) =>
      t.database.db.transaction().execute(async (trx) => {
        await sql`SET LOCAL ROLE aidgrid_app`.execute(trx);
        await work(trx);
      });
    const before = (await readChain()).length;
    await asApp((trx) =>
      insertAuditEntry(trx, {
        actor: 'user-9',
        action: 'link',
        entity_type: 'test',
        entity_id: null,
        before: null,
        after: { by: 'app role' },
      }),
    );
    expect(await readChain()).toHaveLength(before + 1);
    for (const statement of [
      sql`UPDATE audit_entry SET actor = 'forger' WHERE seq = 1`,
      sql`DELETE FROM audit_entry WHERE seq = ${before + 1}`,
      sql`TRUNCATE audit_entry`,
    ]) {
      await expect(asApp((trx) => statement.execute(trx))).rejects.toThrow(/permission denied/);
    }
    expect((await audit().verify()).ok).toBe(true);
  });

  it('checkpoints the verified head', async () => {
    const chain = await readChain();
    const checkpoint = await createAuditService({
      db: t.database.db,
      clock: () => new Date('2026-11-29T06:00:00Z'),
    }).checkpoint();
    expect(checkpoint).toEqual({
      seq: chain.length,
      hash: chain.at(-1)?.hash,
      at: chain.at(-1)?.at,
      written_at: '2026-11-29T06:00:00.000Z',
    });
    expect((await audit().verify(checkpoint)).summary).toBe(
      `audit chain intact: ${chain.length} entries, head seq ${chain.length} hash ${checkpoint.hash} (checkpoint seq ${chain.length} matches)`,
    );
  });
});

describe('tampering, each time after a checkpoint', () => {
  let checkpoint: Checkpoint;
  let length: number;

  // Every test starts from the same intact chain: a copy taken once, put back before each test.
  beforeAll(async () => {
    await Promise.all(Array.from({ length: 5 }, () => buildItem(t.app)));
    await sql`CREATE TABLE audit_entry_intact AS SELECT * FROM audit_entry`.execute(t.database.db);
  });
  beforeEach(async () => {
    await t.database.db.transaction().execute(async (trx) => {
      await sql`DELETE FROM audit_entry`.execute(trx);
      await sql`INSERT INTO audit_entry SELECT * FROM audit_entry_intact`.execute(trx);
    });
    checkpoint = await audit().checkpoint();
    length = checkpoint.seq;
  });

  it('(a) an edited payload: verify names the entry, with or without the checkpoint', async () => {
    const seq = length - 4;
    await tamper(
      sql`UPDATE audit_entry SET after = jsonb_set(after::jsonb, '{name}', '"Forged"')::json WHERE seq = ${seq}`,
    );
    for (const result of [await audit().verify(checkpoint), await audit().verify()]) {
      expect(result.ok).toBe(false);
      expect(result.break).toMatchObject({ seq: String(seq), reason: 'hash_mismatch' });
      expect(result.summary).toBe(`audit chain broken at seq ${seq}: hash mismatch (entry edited)`);
    }
  });

  it('(a) an edited time or actor is an edit too', async () => {
    await tamper(sql`UPDATE audit_entry SET at = at + interval '1 microsecond' WHERE seq = 3`);
    expect((await audit().verify(checkpoint)).break).toMatchObject({ seq: '3', reason: 'hash_mismatch' });
  });

  it('(b) an edit with the tail re-chained is caught by the checkpoint only', async () => {
    const seq = length - 4;
    await tamper(
      sql`UPDATE audit_entry SET after = jsonb_set(after::jsonb, '{name}', '"Forged"')::json WHERE seq = ${seq}`,
    );
    await rechainFrom(seq);
    expect((await audit().verify()).ok).toBe(true);
    const result = await audit().verify(checkpoint);
    expect(result.break).toMatchObject({ seq: String(length), reason: 'checkpoint_mismatch' });
    expect(result.summary).toMatch(new RegExp(`^audit chain broken at seq ${length}: checkpoint mismatch`));
  });

  it('(b) by design, an edit re-chained after the checkpoint is not caught by that checkpoint', async () => {
    await Promise.all(Array.from({ length: 3 }, () => buildItem(t.app)));
    await tamper(
      sql`UPDATE audit_entry SET after = jsonb_set(after::jsonb, '{name}', '"Forged"')::json WHERE seq = ${length + 2}`,
    );
    await rechainFrom(length + 2);
    expect((await audit().verify(checkpoint)).ok).toBe(true);
    // Not re-chained, the same edit is seen as always.
    await tamper(sql`UPDATE audit_entry SET actor = 'someone else' WHERE seq = ${length + 2}`);
    expect((await audit().verify(checkpoint)).break).toMatchObject({
      seq: String(length + 2),
      reason: 'hash_mismatch',
    });
  });

  it('(c) the last entries deleted: the checkpoint is beyond the head', async () => {
    await tamper(sql`DELETE FROM audit_entry WHERE seq > ${length - 2}`);
    expect((await audit().verify()).ok).toBe(true);
    const result = await audit().verify(checkpoint);
    expect(result.break).toMatchObject({ seq: String(length - 1), reason: 'checkpoint_beyond_head' });
    expect(result.summary).toBe(
      `audit chain broken at seq ${length - 1}: checkpoint beyond head (the checkpoint names seq ${length}, the chain ends at seq ${length - 2}: the last entries were deleted)`,
    );
  });

  it('(d) an entry in the middle deleted: a sequence gap', async () => {
    await tamper(sql`DELETE FROM audit_entry WHERE seq = 4`);
    const result = await audit().verify(checkpoint);
    expect(result.break).toMatchObject({ seq: '4', reason: 'sequence_gap' });
    expect(result.summary).toBe(
      'audit chain broken at seq 4: sequence gap (entry 4 missing before seq 5: deleted)',
    );
  });

  it('refuses to checkpoint a broken chain', async () => {
    await tamper(sql`UPDATE audit_entry SET after = '{}' WHERE seq = 2`);
    await expect(audit().checkpoint()).rejects.toThrow(
      'not checkpointing: audit chain broken at seq 2: hash mismatch (entry edited)',
    );
  });
});

/** The attacker's move: recompute prev_hash and hash of every entry from `seq` on. */
async function rechainFrom(seq: number): Promise<void> {
  const chain = await readChain();
  let previous = chain[seq - 2]?.hash ?? GENESIS_HASH;
  for (const entry of chain.slice(seq - 1)) {
    const hash = hashAuditEntry({ ...entry, prev_hash: previous });
    await tamper(
      sql`UPDATE audit_entry SET prev_hash = ${previous}, hash = ${hash} WHERE seq = ${entry.seq}`,
    );
    previous = hash;
  }
}
