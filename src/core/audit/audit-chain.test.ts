import { describe, expect, it } from 'vitest';
import {
  type ChainEntry,
  ChainVerifier,
  GENESIS_HASH,
  hashAuditEntry,
  hashAuditEntryText,
  parseCheckpoint,
  verifyAuditChain,
} from './audit-chain.js';
import { canonicalJson } from './canonical-json.js';

/** A chain of n entries, hashed and linked as the writer does. */
function buildChain(n: number): ChainEntry[] {
  const entries: ChainEntry[] = [];
  let previous = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const unhashed = {
      seq: String(seq),
      at: `2026-11-29T05:44:${String(seq % 60).padStart(2, '0')}.123456Z`,
      actor: seq % 2 ? 'cli' : 'user-1',
      org_id: seq % 2 ? null : '0190c3a0-0000-7000-8000-000000000001',
      action: 'update',
      entity_type: 'need',
      entity_id: '0190c3a0-0000-7000-8000-0000000000aa',
      before: { quantity: seq, note: 'Київ' },
      after: { quantity: seq + 1, note: 'Київ', tags: ['a', { b: null }] },
      prev_hash: previous,
    };
    const hash = hashAuditEntry(unhashed);
    entries.push({ ...unhashed, hash });
    previous = hash;
  }
  return entries;
}

/** What an attacker with write access does after editing: recompute every hash from `from` on. */
function rechain(entries: ChainEntry[], from: number): ChainEntry[] {
  const out = entries.slice(0, from);
  let previous = out.at(-1)?.hash ?? GENESIS_HASH;
  for (const entry of entries.slice(from)) {
    const hash = hashAuditEntry({ ...entry, prev_hash: previous });
    out.push({ ...entry, prev_hash: previous, hash });
    previous = hash;
  }
  return out;
}

describe('hashAuditEntry', () => {
  it('is SHA-256 hex of the canonical JSON, independent of key order in before/after', () => {
    const [entry] = buildChain(1) as [ChainEntry];
    expect(entry.hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = { ...entry, after: { tags: ['a', { b: null }], note: 'Київ', quantity: 2 } };
    expect(hashAuditEntry(reordered)).toBe(entry.hash);
  });

  it('changes with every field, including org_id, at and prev_hash', () => {
    const [entry] = buildChain(1) as [ChainEntry];
    const variants: Partial<ChainEntry>[] = [
      { seq: '2' },
      { at: '2026-11-29T05:44:01.123457Z' },
      { actor: 'someone' },
      { org_id: '0190c3a0-0000-7000-8000-000000000002' },
      { action: 'delete' },
      { entity_type: 'pledge' },
      { entity_id: null },
      { before: null },
      { after: { quantity: '2', note: 'Київ', tags: ['a', { b: null }] } },
      { prev_hash: 'f'.repeat(64) },
    ];
    const hashes = new Set(variants.map((change) => hashAuditEntry({ ...entry, ...change })));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(entry.hash as string)).toBe(false);
  });

  it('treats absent before/after as null', () => {
    const [entry] = buildChain(1) as [ChainEntry];
    expect(hashAuditEntry({ ...entry, before: undefined })).toBe(hashAuditEntry({ ...entry, before: null }));
  });
});

describe('verifyAuditChain', () => {
  it('accepts an intact chain and summarises its head', () => {
    const chain = buildChain(5);
    const result = verifyAuditChain(chain, { seq: 3, hash: chain[2]?.hash as string });
    expect(result).toMatchObject({
      ok: true,
      entries: 5,
      break: null,
      checkpoint: { seq: 3, matched: true },
    });
    expect(result.head?.seq).toBe('5');
    expect(result.summary).toBe(
      `audit chain intact: 5 entries, head seq 5 hash ${chain[4]?.hash} (checkpoint seq 3 matches)`,
    );
  });

  it('accepts an empty log without a checkpoint', () => {
    expect(verifyAuditChain([]).summary).toBe('audit chain intact: 0 entries, no head (no checkpoint given)');
  });

  it('names an edited entry: hash mismatch', () => {
    const chain = buildChain(6);
    chain[3] = { ...(chain[3] as ChainEntry), after: { quantity: 999 } };
    const result = verifyAuditChain(chain);
    expect(result.ok).toBe(false);
    expect(result.break).toMatchObject({ seq: '4', reason: 'hash_mismatch' });
    expect(result.entries).toBe(3);
    expect(result.head?.seq).toBe('3');
    expect(result.summary).toBe('audit chain broken at seq 4: hash mismatch (entry edited)');
  });

  it('names an entry whose own hash was recomputed but which no longer follows its predecessor', () => {
    const chain = buildChain(4);
    const edited = { ...(chain[2] as ChainEntry), prev_hash: 'a'.repeat(64) };
    chain[2] = { ...edited, hash: hashAuditEntry(edited) };
    expect(verifyAuditChain(chain).break).toMatchObject({ seq: '3', reason: 'prev_hash_mismatch' });
  });

  it('cannot see an edited and re-chained tail alone, but the checkpoint can', () => {
    const chain = buildChain(8);
    const checkpoint = { seq: 6, hash: chain[5]?.hash as string };
    chain[3] = { ...(chain[3] as ChainEntry), after: { quantity: 999 } };
    const forged = rechain(chain, 3);
    expect(verifyAuditChain(forged).ok).toBe(true);
    const result = verifyAuditChain(forged, checkpoint);
    expect(result.break).toMatchObject({ seq: '6', reason: 'checkpoint_mismatch' });
    expect(result.summary).toMatch(
      /^audit chain broken at seq 6: checkpoint mismatch \(the checkpoint has hash /,
    );
  });

  it('by design cannot see an edit re-chained after the checkpoint', () => {
    const chain = buildChain(8);
    const checkpoint = { seq: 4, hash: chain[3]?.hash as string };
    chain[6] = { ...(chain[6] as ChainEntry), after: { quantity: 999 } };
    expect(verifyAuditChain(rechain(chain, 6), checkpoint).ok).toBe(true);
  });

  it('sees deleted last entries only with a checkpoint', () => {
    const chain = buildChain(8);
    const checkpoint = { seq: 8, hash: chain[7]?.hash as string };
    const truncated = chain.slice(0, 6);
    expect(verifyAuditChain(truncated).ok).toBe(true);
    const result = verifyAuditChain(truncated, checkpoint);
    expect(result.break).toMatchObject({ seq: '7', reason: 'checkpoint_beyond_head' });
    expect(result.entries).toBe(6);
    expect(result.summary).toBe(
      'audit chain broken at seq 7: checkpoint beyond head (the checkpoint names seq 8, the chain ends at seq 6: the last entries were deleted)',
    );
    expect(verifyAuditChain([], checkpoint).break).toMatchObject({
      seq: '1',
      reason: 'checkpoint_beyond_head',
    });
  });

  it('names the first missing seq when entries in the middle are deleted, re-chained or not', () => {
    const chain = buildChain(8);
    const gap = [...chain.slice(0, 3), ...chain.slice(5)];
    expect(verifyAuditChain(gap).summary).toBe(
      'audit chain broken at seq 4: sequence gap (entries 4–5 missing before seq 6: deleted)',
    );
    expect(verifyAuditChain(rechain(gap, 3)).break).toMatchObject({ seq: '4', reason: 'sequence_gap' });
    expect(verifyAuditChain(chain.slice(1)).summary).toBe(
      'audit chain broken at seq 1: sequence gap (entry 1 missing before seq 2: deleted)',
    );
  });

  it('stops at the first break and ignores what follows', () => {
    const chain = buildChain(5);
    const verifier = new ChainVerifier();
    expect(verifier.push(chain[0] as ChainEntry)).toBe(true);
    expect(verifier.push(chain[2] as ChainEntry)).toBe(false);
    expect(verifier.push(chain[1] as ChainEntry)).toBe(false);
    expect(verifier.finish().break?.seq).toBe('2');
  });
});

describe('parseCheckpoint', () => {
  const valid = {
    seq: 12,
    hash: 'ab'.repeat(32),
    at: '2026-11-29T05:44:18.123456Z',
    written_at: '2026-11-29T06:00:00.000Z',
  };

  it('reads what the checkpoint command writes', () => {
    expect(parseCheckpoint(JSON.stringify(valid), 'cp.json')).toEqual(valid);
  });

  it('refuses anything else with a one-line reason naming the file', () => {
    expect(() => parseCheckpoint('nope', 'cp.json')).toThrow('cp.json is not a checkpoint: not JSON');
    expect(() => parseCheckpoint(JSON.stringify({ ...valid, seq: '12' }), 'cp.json')).toThrow('seq must be');
    expect(() => parseCheckpoint(JSON.stringify({ ...valid, seq: 0 }), 'cp.json')).toThrow('seq must be');
    expect(() => parseCheckpoint(JSON.stringify({ ...valid, hash: 'AB'.repeat(32) }), 'cp.json')).toThrow(
      'hash must be 64 lowercase hex digits',
    );
    expect(() => parseCheckpoint(JSON.stringify({ ...valid, at: undefined }), 'cp.json')).toThrow(
      'timestamps',
    );
    expect(() => parseCheckpoint('null', 'cp.json')).toThrow('seq must be');
  });
});

describe('hashAuditEntryText', () => {
  it('hashes an entry given its before and after as canonical text as hashAuditEntry hashes it', () => {
    for (const entry of buildChain(3)) {
      const { before, after, hash: _hash, ...fields } = entry;
      expect(hashAuditEntryText(fields, canonicalJson(before), canonicalJson(after))).toBe(
        hashAuditEntry(entry),
      );
    }
    const created = { ...(buildChain(1)[0] as ChainEntry), before: null, org_id: null, entity_id: null };
    const { before: _b, after, hash: _h, ...fields } = created;
    expect(hashAuditEntryText(fields, null, canonicalJson(after))).toBe(hashAuditEntry(created));
  });
});
