import { sql } from 'kysely';
import type { Executor } from './record.repository.js';

export interface StoredResponse {
  readonly body_hash: string;
  readonly status_code: number;
  readonly response: unknown;
}

/** Serialises requests that carry the same key until the transaction ends. */
export async function lockIdempotencyKey(db: Executor, scope: string, key: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`${scope}:${key}`}, 0))`.execute(db);
}

export async function findStoredResponse(
  db: Executor,
  scope: string,
  key: string,
): Promise<StoredResponse | undefined> {
  return db
    .selectFrom('idempotency_key')
    .select(['body_hash', 'status_code', 'response'])
    .where('scope', '=', scope)
    .where('key', '=', key)
    .executeTakeFirst();
}

export async function storeResponse(
  db: Executor,
  scope: string,
  key: string,
  stored: StoredResponse,
): Promise<void> {
  await db
    .insertInto('idempotency_key')
    .values({ scope, key, ...stored, response: JSON.stringify(stored.response) })
    .execute();
}
