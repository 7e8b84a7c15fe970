import type { Kysely } from 'kysely';
import { type Executor, findExistingIds } from '../../db/repositories/record.repository.js';
import {
  aggregateVerification,
  type VerificationRow,
} from '../../db/repositories/verification.repository.js';
import type { Database } from '../../db/schema.js';
import { currentReader, type Reader, visibilityCondition } from '../auth/visibility.js';
import { NotFound } from '../errors.js';
import type { VerifiableEntity, Verification, VerificationStatus } from './verification.schema.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The status of a record from what its sources say: confirmed when a party to the record put
 * out a primary source, corroborated when two or more publishers report it, single_source when
 * one publisher does, unverified without a source.
 */
export function verificationOf(
  entityType: VerifiableEntity,
  entityId: string,
  row: VerificationRow | undefined,
): Verification {
  const base = { entity_type: entityType, entity_id: entityId };
  if (!row) {
    return { ...base, status: 'unverified', sources: 0, publishers: [], reason: 'no source is attached' };
  }
  const sources = Number(row.sources);
  const publishers = row.publishers;
  const reported =
    publishers.length === 1
      ? `${plural(sources, 'source')}, all published by ${publishers[0]}`
      : `${plural(sources, 'source')} from ${publishers.length} independent publishers: ${publishers.join(', ')}`;
  let status: VerificationStatus;
  let reason: string;
  if (row.confirming_source_id !== null) {
    status = 'confirmed';
    reason = `the primary source "${row.confirming_title}" was recorded by ${row.confirming_org_name}, the ${entityType}'s ${row.confirming_role}; ${reported}`;
  } else if (publishers.length >= 2) {
    status = 'corroborated';
    reason = reported;
  } else {
    status = 'single_source';
    reason = sources === 1 ? `1 source, published by ${publishers[0]}` : reported;
  }
  return { ...base, status, sources, publishers, reason };
}

/**
 * Verification of many records of one kind in one query, for lists; records without sources
 * (and ids that do not exist) are unverified. Keys are the given ids.
 */
export async function verificationStatuses(
  db: Executor,
  entityType: VerifiableEntity,
  ids: readonly string[],
  reader: Reader | null = currentReader(),
): Promise<Map<string, Verification>> {
  const unique = [...new Set(ids)];
  const rows = new Map(
    (await aggregateVerification(db, entityType, unique, reader)).map((r) => [r.entity_id, r]),
  );
  return new Map(unique.map((id) => [id, verificationOf(entityType, id, rows.get(id))]));
}

export type VerificationService = ReturnType<typeof createVerificationService>;

/** Verification status of records, derived from their sources on every read; never stored. */
export function createVerificationService(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  return {
    async verification(entityType: VerifiableEntity, entityId: string): Promise<Verification> {
      const reader = currentReader();
      const found = await findExistingIds(
        db,
        entityType,
        [entityId],
        visibilityCondition(entityType, reader),
      );
      if (!found.has(entityId)) throw NotFound(entityType, entityId);
      const statuses = await verificationStatuses(db, entityType, [entityId], reader);
      return statuses.get(entityId) ?? verificationOf(entityType, entityId, undefined);
    },
  };
}
