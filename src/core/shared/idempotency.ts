import { createHash } from 'node:crypto';
import {
  findStoredResponse,
  lockIdempotencyKey,
  storeResponse,
} from '../../db/repositories/idempotency.repository.js';
import type { Executor } from '../../db/repositories/record.repository.js';
import type { Actor } from '../auth/actor.js';
import { DomainError } from '../errors.js';

export interface CreateResult<Entity> {
  readonly entity: Entity;
  /** True when an earlier request with the same Idempotency-Key already created it. */
  readonly replayed: boolean;
}

/**
 * Runs a create inside `trx` at most once per Idempotency-Key: the same key and body answer the
 * stored response, the same key with another body is refused. The response is stored in the
 * create's own transaction, so a crash can never separate the record from its key.
 */
export async function createOnce<Entity>(
  trx: Executor,
  scope: string,
  actor: Actor,
  key: string | undefined,
  body: unknown,
  create: () => Promise<Entity>,
): Promise<CreateResult<Entity>> {
  if (key === undefined) return { entity: await create(), replayed: false };
  // Keys are per caller: a key another actor used must never replay its response to someone else.
  const callerScope = actor.kind === 'system' ? scope : `${scope}@${actor.id}`;
  const bodyHash = createHash('sha256').update(stableStringify(body)).digest('hex');
  await lockIdempotencyKey(trx, callerScope, key);
  const stored = await findStoredResponse(trx, callerScope, key);
  if (stored) {
    if (stored.body_hash !== bodyHash) {
      throw new DomainError(
        'idempotency_key_reused',
        422,
        'this Idempotency-Key was already used with a different request body',
      );
    }
    return { entity: stored.response as Entity, replayed: true };
  }
  const entity = await create();
  await storeResponse(trx, callerScope, key, { body_hash: bodyHash, status_code: 201, response: entity });
  return { entity, replayed: false };
}

/** JSON with sorted keys, so that the same body written in another key order hashes the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
