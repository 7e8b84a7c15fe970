import type { Kysely } from 'kysely';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import {
  type DuplicateCandidateRow,
  type DuplicateFlagRow,
  findDuplicateCandidates,
  findDuplicateFlag,
  insertDuplicateFlags,
  listDuplicateFlags,
  type PledgeKeyFields,
  reviewDuplicateFlag,
} from '../../db/repositories/duplicate.repository.js';
import type { Executor } from '../../db/repositories/record.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader, type Reader, readerOf } from '../auth/visibility.js';
import { Conflict, NotFound } from '../errors.js';
import { Decimal } from '../money/decimal.js';
import {
  cursorValue,
  decodeCursor as decodeSharedCursor,
  encodeCursor as encodeSharedCursor,
} from '../shared/cursor.js';
import { newId } from '../shared/ids.js';
import type { Actor } from '../shared/record.service.js';
import { moneyOf, quantityFromColumn, timestamp } from '../shared/values.js';
import type { DuplicateFlag, DuplicatePage, DuplicateQuery } from './duplicate.schema.js';

/** Two pledges of one donor and item this close in time and size may be one promise counted twice. */
export const DUPLICATE_MAX_DAYS = 14;
export const DUPLICATE_MAX_QUANTITY_SHARE = '0.1';

const plain = (value: string) => Decimal.parse(value).normalise().toString();

/** The rule that matched and the figures compared, in words a reviewer can check. */
export function duplicateReason(pair: DuplicateCandidateRow): string {
  const a = Decimal.parse(pair.entity_quantity);
  const b = Decimal.parse(pair.other_quantity);
  const larger = a.compare(b) >= 0 ? a : b;
  const difference = a.subtract(b).abs();
  const percent = difference.multiply(Decimal.fromInteger(100)).divide(larger, 1);
  const share = Decimal.parse(DUPLICATE_MAX_QUANTITY_SHARE).multiply(Decimal.fromInteger(100)).normalise();
  const days = pair.days_apart;
  return (
    `same donor and item; announced ${pair.entity_announced_on} and ${pair.other_announced_on}, ` +
    `${days} day${days === 1 ? '' : 's'} apart (rule: at most ${DUPLICATE_MAX_DAYS}); ` +
    `quantities ${plain(pair.entity_quantity)} and ${plain(pair.other_quantity)}, differing by ` +
    `${difference.normalise()} = ${percent}% of the larger (rule: at most ${share}%)`
  );
}

/**
 * Flags every other non-cancelled pledge of the same donor and item announced within 14 days
 * whose quantity is within 10% of this one's (|a − b| ≤ 0.1 × max(a, b)) as a possible duplicate,
 * once per pair (stored in id order). Never merges or changes a pledge; a pair already flagged,
 * reviewed or not, is not flagged again. Answers the number of new flags.
 */
export async function flagPossibleDuplicates(trx: Executor, pledgeId: string): Promise<number> {
  const candidates = await findDuplicateCandidates(trx, pledgeId, {
    maxDays: DUPLICATE_MAX_DAYS,
    maxQuantityShare: DUPLICATE_MAX_QUANTITY_SHARE,
  });
  return insertDuplicateFlags(
    trx,
    candidates.map((pair) => ({
      id: newId(),
      entity_id: pair.entity_id,
      other_id: pair.other_id,
      reason: duplicateReason(pair),
    })),
  );
}

function toPledge(fields: PledgeKeyFields): DuplicateFlag['pledge'] {
  return {
    id: fields.id,
    donor_org_id: fields.donor_org_id,
    donor_name: fields.donor_name,
    item_id: fields.item_id,
    item_code: fields.item_code,
    item_name: fields.item_name,
    quantity: quantityFromColumn(fields.quantity),
    announced_on: fields.announced_on,
    event_id: fields.event_id,
    value: moneyOf(fields.value_amount, fields.value_currency),
    status: fields.status,
  };
}

function toFlag(row: DuplicateFlagRow): DuplicateFlag {
  return {
    id: row.id,
    entity_type: 'pledge',
    status: row.status as DuplicateFlag['status'],
    reason: row.reason,
    created_at: timestamp(row.created_at),
    reviewed_at: row.reviewed_at ? timestamp(row.reviewed_at) : null,
    reviewed_by: row.reviewed_by,
    pledge: toPledge(row.pledge),
    other_pledge: toPledge(row.other_pledge),
  };
}

function encodeCursor(id: string): string {
  return encodeSharedCursor(['duplicate', id]);
}

function decodeCursor(cursor: string): string {
  return decodeSharedCursor(cursor, ['duplicate', cursorValue.uuid])[1] as string;
}

export type DuplicateService = ReturnType<typeof createDuplicateService>;

/** Possible duplicate pledges: listed for review, dismissed or confirmed by a person. */
export function createDuplicateService(deps: { db: Kysely<Database> }) {
  const { db } = deps;

  /** The flag as `reader` sees it: both its pledges visible, or it does not exist (visibility.ts). */
  async function read(trx: Executor, id: string, reader: Reader | null): Promise<DuplicateFlag> {
    const [row] = await listDuplicateFlags(trx, { id, limit: 1 }, reader);
    if (!row) throw NotFound('duplicate flag', id);
    return toFlag(row);
  }

  /** Records the judgement once; the same judgement again is harmless, a different one is a 409. */
  async function review(id: string, status: 'dismissed' | 'confirmed', actor: Actor): Promise<DuplicateFlag> {
    const reader = readerOf(actor);
    return db.transaction().execute(async (trx) => {
      const current = await findDuplicateFlag(trx, id, true);
      if (!current) throw NotFound('duplicate flag', id);
      const before = await read(trx, id, reader);
      if (current.status === status) return before;
      if (current.status !== 'open') {
        throw Conflict(
          'already_reviewed',
          `duplicate flag ${id} was already ${current.status} by ${current.reviewed_by ?? 'someone'}; it cannot be ${status} as well`,
        );
      }
      await reviewDuplicateFlag(trx, id, status, actor.id);
      const after = await read(trx, id, reader);
      await insertAuditEntry(trx, {
        actor: actor.id,
        action: 'update',
        entity_type: 'duplicate_flag',
        entity_id: id,
        before: { status: before.status },
        after: { status: after.status, reviewed_at: after.reviewed_at, reviewed_by: after.reviewed_by },
      });
      return after;
    });
  }

  return {
    async list(query: DuplicateQuery): Promise<DuplicatePage> {
      const limit = query.limit ?? 50;
      const rows = await listDuplicateFlags(
        db,
        {
          status: query.status,
          after: query.cursor ? decodeCursor(query.cursor) : undefined,
          limit: limit + 1,
        },
        currentReader(),
      );
      const items = rows.slice(0, limit).map(toFlag);
      const last = items.at(-1);
      return { items, next_cursor: rows.length > limit && last ? encodeCursor(last.id) : null };
    },
    get: (id: string) => read(db, id, currentReader()),
    dismiss: (id: string, actor: Actor) => review(id, 'dismissed', actor),
    confirm: (id: string, actor: Actor) => review(id, 'confirmed', actor),
  };
}
