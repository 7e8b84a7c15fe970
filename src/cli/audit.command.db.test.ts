import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { linesOf, runCli } from '../../test/support/cli.js';
import { buildItem, buildOrganisation } from '../../test/support/factories.js';

let t: TestApp;
let dir: string;
let file: string;
/** Entries in the log when the checkpoint is taken. */
let n: number;

const aidgrid = (...args: string[]) => runCli(['--database-url', t.database.url, 'audit', ...args]);

beforeAll(async () => {
  t = await createTestApp();
  await buildOrganisation(t.app);
  await Promise.all(Array.from({ length: 5 }, () => buildItem(t.app)));
  dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-audit-'));
  file = path.join(dir, 'checkpoint.json');
  const count = await sql<{ n: string }>`SELECT count(*) AS n FROM audit_entry`.execute(t.database.db);
  n = Number(count.rows[0]?.n);
}, 60_000);
afterAll(async () => {
  await t?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Each command is a process of its own (several seconds on a busy machine): they run in parallel where they can.
describe('aidgrid audit', () => {
  it('checkpoint writes the head to the file, verify then passes; tampering makes verify exit 1', async () => {
    const checkpoint = await aidgrid('checkpoint', '--out', file);
    expect(checkpoint.code, checkpoint.stderr).toBe(0);
    const written = JSON.parse(await readFile(file, 'utf8'));
    expect(written).toEqual({
      seq: n,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/),
      written_at: expect.any(String),
    });
    expect(linesOf(checkpoint.stdout)).toEqual([
      `audit checkpoint written to ${file}: head seq ${n} hash ${written.hash} (entry at ${written.at})`,
    ]);
    // Written through a temporary file renamed over it: nothing else is left behind.
    expect(await readdir(dir)).toEqual(['checkpoint.json']);

    const [intact, intactJson] = await Promise.all([
      aidgrid('verify', '--checkpoint', file),
      aidgrid('verify', '--checkpoint', file, '--json'),
    ]);
    expect(intact.code, intact.stderr).toBe(0);
    expect(linesOf(intact.stdout)).toEqual([
      `audit chain intact: ${n} entries, head seq ${n} hash ${written.hash} (checkpoint seq ${n} matches)`,
    ]);
    expect(intactJson.code).toBe(0);
    expect(JSON.parse(intactJson.stdout)).toMatchObject({
      ok: true,
      entries: n,
      checkpoint: { seq: n, matched: true },
    });

    await sql`UPDATE audit_entry SET after = jsonb_set(after::jsonb, '{name}', '"Forged"')::json WHERE seq = 3`.execute(
      t.database.db,
    );
    const [broken, brokenJson, refused] = await Promise.all([
      aidgrid('verify', '--checkpoint', file),
      aidgrid('verify', '--checkpoint', file, '--json'),
      aidgrid('checkpoint', '--out', file),
    ]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('');
    expect(linesOf(broken.stderr)).toEqual([
      'aidgrid: audit chain broken at seq 3: hash mismatch (entry edited)',
    ]);
    expect(brokenJson.code).toBe(1);
    expect(JSON.parse(brokenJson.stdout)).toMatchObject({
      ok: false,
      break: { seq: '3', reason: 'hash_mismatch' },
      summary: 'audit chain broken at seq 3: hash mismatch (entry edited)',
    });
    // A checkpoint of a tampered chain would bless the tampering: refused (exit 4, the data conflicts
    // with the request), the old one kept.
    expect(refused.code).toBe(4);
    expect(refused.stderr).toContain('not checkpointing: audit chain broken at seq 3');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(written);
  }, 300_000);

  it('detects deleted last entries only against the checkpoint', async () => {
    await sql`DELETE FROM audit_entry WHERE seq >= 3`.execute(t.database.db);
    const [alone, against, missing] = await Promise.all([
      aidgrid('verify'),
      aidgrid('verify', '--checkpoint', file),
      aidgrid('verify', '--checkpoint', path.join(dir, 'nope.json')),
    ]);
    expect(alone.code, alone.stderr).toBe(0);
    expect(alone.stdout).toMatch(
      /^audit chain intact: 2 entries, head seq 2 hash [0-9a-f]{64} \(no checkpoint given\)\n$/,
    );
    expect(against.code).toBe(1);
    expect(linesOf(against.stderr)).toEqual([
      `aidgrid: audit chain broken at seq 3: checkpoint beyond head (the checkpoint names seq ${n}, the chain ends at seq 2: the last entries were deleted)`,
    ]);
    // A checkpoint file that cannot be read is a one-line error too.
    expect(missing.code).toBe(1);
    expect(linesOf(missing.stderr)).toHaveLength(1);
    expect(missing.stderr).toMatch(/^aidgrid: cannot read the checkpoint .*nope\.json: ENOENT/);
  }, 300_000);
});
