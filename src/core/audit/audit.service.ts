import type { Kysely } from 'kysely';
import { listAuditChainPage } from '../../db/repositories/audit.repository.js';
import type { Database } from '../../db/schema.js';
import { Conflict } from '../errors.js';
import { type ChainVerification, ChainVerifier, type Checkpoint } from './audit-chain.js';

export interface AuditServiceDeps {
  readonly db: Kysely<Database>;
  /** Entries read per query while verifying; memory stays bounded by one page. */
  readonly pageSize?: number;
  readonly clock?: () => Date;
}

export interface AuditService {
  /** Recomputes the whole chain in seq order, page by page, and checks it against the checkpoint. */
  verify(checkpoint?: Pick<Checkpoint, 'seq' | 'hash'>): Promise<ChainVerification>;
  /**
   * The head of the chain to keep outside the database, once the chain verifies (against the
   * previous checkpoint when given): a checkpoint of a tampered chain would bless the tampering.
   */
  checkpoint(previous?: Pick<Checkpoint, 'seq' | 'hash'>): Promise<Checkpoint>;
}

/** Verification of the tamper-evident audit chain and checkpoints of its head. */
export function createAuditService({
  db,
  pageSize = 2000,
  clock = () => new Date(),
}: AuditServiceDeps): AuditService {
  async function verify(checkpoint?: Pick<Checkpoint, 'seq' | 'hash'>): Promise<ChainVerification> {
    // One snapshot for the whole walk: entries appended meanwhile are simply not looked at.
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const verifier = new ChainVerifier(checkpoint);
        let afterSeq = '0';
        for (;;) {
          const page = await listAuditChainPage(trx, afterSeq, pageSize);
          if (page.length === 0) break;
          for (const entry of page) if (!verifier.push(entry)) return verifier.finish();
          afterSeq = page[page.length - 1]?.seq ?? afterSeq;
          if (page.length < pageSize) break;
        }
        return verifier.finish();
      });
  }

  return {
    verify,

    async checkpoint(previous) {
      const result = await verify(previous);
      if (!result.ok) throw Conflict('audit_chain_broken', `not checkpointing: ${result.summary}`);
      if (!result.head) throw Conflict('audit_log_empty', 'the audit log is empty: nothing to checkpoint');
      // The head of the verified snapshot; a later head has not been verified yet.
      const head = result.head;
      return {
        seq: Number(head.seq),
        hash: head.hash,
        at: head.at,
        written_at: clock().toISOString(),
      };
    },
  };
}
