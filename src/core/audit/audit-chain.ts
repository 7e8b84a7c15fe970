import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** The previous hash of the first entry: there is nothing before it. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One audit entry as the chain sees it. `seq` is a decimal string (bigint), `at` the UTC time at
 * microsecond precision as PostgreSQL stores it ('2026-11-29T05:44:18.123456Z'), `before` and
 * `after` JSON data exactly as they read back from storage (jsonb before migration 0043, json since).
 */
export interface ChainEntry {
  readonly seq: string;
  readonly at: string;
  readonly actor: string;
  readonly org_id: string | null;
  readonly action: string;
  readonly entity_type: string;
  readonly entity_id: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly prev_hash: string | null;
  readonly hash: string | null;
}

/** The head of the chain written to a file outside the database. */
export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
  /** When the entry at `seq` was written. */
  readonly at: string;
  /** When the checkpoint was taken. */
  readonly written_at: string;
}

export type ChainBreakReason =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'sequence_gap'
  | 'checkpoint_mismatch'
  | 'checkpoint_beyond_head';

export interface ChainBreak {
  /** The first bad entry (for a gap or deleted entries: the first missing seq). */
  readonly seq: string;
  readonly reason: ChainBreakReason;
  readonly detail: string;
}

export interface ChainHead {
  readonly seq: string;
  readonly hash: string;
  readonly at: string;
}

export interface ChainVerification {
  readonly ok: boolean;
  /** Entries checked before the first break (all of them when ok). */
  readonly entries: number;
  /** The last entry that verified. */
  readonly head: ChainHead | null;
  readonly checkpoint: { readonly seq: number; readonly hash: string; readonly matched: boolean } | null;
  readonly break: ChainBreak | null;
  /** One line for people: "audit chain intact: …" or "audit chain broken at seq …: …". */
  readonly summary: string;
}

/** SHA-256 (hex) over the canonical JSON of every field of the entry but its own hash. */
export function hashAuditEntry(entry: Omit<ChainEntry, 'hash'>): string {
  const payload = {
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    org_id: entry.org_id,
    action: entry.action,
    entity_type: entry.entity_type,
    entity_id: entry.entity_id,
    before: entry.before ?? null,
    after: entry.after ?? null,
    prev_hash: entry.prev_hash,
  };
  return createHash('sha256').update(canonicalJson(payload), 'utf8').digest('hex');
}

/**
 * hashAuditEntry for an entry whose `before` and `after` are already canonical JSON texts (null for
 * no value): the same payload text, put together around them instead of walking them again.
 */
export function hashAuditEntryText(
  entry: Omit<ChainEntry, 'hash' | 'before' | 'after'>,
  before: string | null,
  after: string | null,
): string {
  const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
  // The payload's keys in canonical (sorted) order.
  const payload =
    `{"action":${text(entry.action)},"actor":${text(entry.actor)},"after":${after ?? 'null'},` +
    `"at":${text(entry.at)},"before":${before ?? 'null'},"entity_id":${text(entry.entity_id)},` +
    `"entity_type":${text(entry.entity_type)},"org_id":${text(entry.org_id)},` +
    `"prev_hash":${text(entry.prev_hash)},"seq":${text(entry.seq)}}`;
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

const REASON_TEXT: Record<ChainBreakReason, string> = {
  hash_mismatch: 'hash mismatch',
  prev_hash_mismatch: 'previous-hash mismatch',
  sequence_gap: 'sequence gap',
  checkpoint_mismatch: 'checkpoint mismatch',
  checkpoint_beyond_head: 'checkpoint beyond head',
};

/**
 * Checks a chain entry by entry, in seq order, holding only the previous entry: feed it pages of
 * any size and ask for the result at the end. It stops at the first break.
 */
export class ChainVerifier {
  private expectedSeq = 1n;
  private previousHash = GENESIS_HASH;
  private head: ChainHead | null = null;
  private count = 0;
  private checkpointMatched = false;
  private broken: ChainBreak | null = null;

  constructor(private readonly checkpoint?: Pick<Checkpoint, 'seq' | 'hash'>) {}

  /** Checks the next entry; false once the chain is broken (later entries are not looked at). */
  push(entry: ChainEntry): boolean {
    if (this.broken) return false;
    const seq = BigInt(entry.seq);
    if (seq !== this.expectedSeq) {
      const missing =
        seq > this.expectedSeq
          ? `${seq - this.expectedSeq === 1n ? `entry ${this.expectedSeq}` : `entries ${this.expectedSeq}–${seq - 1n}`} missing before seq ${seq}: deleted`
          : `seq ${seq} where ${this.expectedSeq} was expected: renumbered`;
      return this.fail(String(this.expectedSeq), 'sequence_gap', missing);
    }
    if (entry.hash !== hashAuditEntry(entry)) {
      return this.fail(entry.seq, 'hash_mismatch', 'entry edited');
    }
    if (entry.prev_hash !== this.previousHash) {
      return this.fail(entry.seq, 'prev_hash_mismatch', 'does not follow the entry before it: re-chained');
    }
    if (this.checkpoint && BigInt(this.checkpoint.seq) === seq) {
      if (entry.hash !== this.checkpoint.hash) {
        return this.fail(
          entry.seq,
          'checkpoint_mismatch',
          `the checkpoint has hash ${this.checkpoint.hash.slice(0, 12)}…, the chain ${entry.hash.slice(0, 12)}…: entries up to here were rewritten`,
        );
      }
      this.checkpointMatched = true;
    }
    this.count++;
    this.expectedSeq = seq + 1n;
    this.previousHash = entry.hash;
    this.head = { seq: entry.seq, hash: entry.hash, at: entry.at };
    return true;
  }

  /** The verdict once every entry has been pushed. */
  finish(): ChainVerification {
    if (!this.broken && this.checkpoint && !this.checkpointMatched) {
      const headSeq = this.head?.seq ?? '0';
      this.fail(
        String(this.expectedSeq),
        'checkpoint_beyond_head',
        `the checkpoint names seq ${this.checkpoint.seq}, the chain ends at seq ${headSeq}: the last entries were deleted`,
      );
    }
    const checkpoint = this.checkpoint
      ? { seq: this.checkpoint.seq, hash: this.checkpoint.hash, matched: this.checkpointMatched }
      : null;
    return {
      ok: this.broken === null,
      entries: this.count,
      head: this.head,
      checkpoint,
      break: this.broken,
      summary: this.summary(),
    };
  }

  private summary(): string {
    if (this.broken) {
      const { seq, reason, detail } = this.broken;
      return `audit chain broken at seq ${seq}: ${REASON_TEXT[reason]} (${detail})`;
    }
    const head = this.head ? `head seq ${this.head.seq} hash ${this.head.hash}` : 'no head';
    const checkpoint = this.checkpoint
      ? `checkpoint seq ${this.checkpoint.seq} matches`
      : 'no checkpoint given';
    return `audit chain intact: ${this.count} entries, ${head} (${checkpoint})`;
  }

  private fail(seq: string, reason: ChainBreakReason, detail: string): false {
    this.broken = { seq, reason, detail };
    return false;
  }
}

/** Verifies a whole chain held in memory (tests, small logs); the service streams instead. */
export function verifyAuditChain(
  entries: Iterable<ChainEntry>,
  checkpoint?: Pick<Checkpoint, 'seq' | 'hash'>,
): ChainVerification {
  const verifier = new ChainVerifier(checkpoint);
  for (const entry of entries) if (!verifier.push(entry)) break;
  return verifier.finish();
}

/** Reads a checkpoint file's text; throws a one-line error when it is not one. */
export function parseCheckpoint(text: string, source: string): Checkpoint {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${source} is not a checkpoint: not JSON`);
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { seq, hash, at, written_at } = record;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 1) {
    throw new Error(`${source} is not a checkpoint: seq must be a positive integer`);
  }
  if (typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) {
    throw new Error(`${source} is not a checkpoint: hash must be 64 lowercase hex digits`);
  }
  if (typeof at !== 'string' || typeof written_at !== 'string') {
    throw new Error(`${source} is not a checkpoint: at and written_at must be timestamps`);
  }
  return { seq, hash, at, written_at };
}
