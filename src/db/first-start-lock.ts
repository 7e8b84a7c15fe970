import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/** Advisory lock key of the first start (migrations use their own, MIGRATION_LOCK_KEY). */
const FIRST_START_LOCK_KEY = 7_283_104_611;
const RETRY_MS = 250;

export interface FirstStartLock {
  /** Settles once the lock is held; rejects if release() came first or the database failed. */
  readonly acquired: Promise<void>;
  /** Gives the lock (or the wait for it) up and returns its connection to the pool; idempotent. */
  release(): Promise<void>;
}

/**
 * A session advisory lock for the first-start work (migrate, then load the demo into an empty
 * database), so that several processes starting at once on one database take turns: the second
 * waits, then finds the work done and goes on to serve. It is held on one pooled connection; the
 * work uses others. The wait polls (pg_try_advisory_lock) so that a shutdown can end it at once.
 */
export function takeFirstStartLock(db: Kysely<Database>): FirstStartLock {
  let releasing = false;
  let wake: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    wake = resolve;
  });
  let onAcquired: () => void = () => undefined;
  let onFailed: (error: unknown) => void = () => undefined;
  const acquired = new Promise<void>((resolve, reject) => {
    onAcquired = resolve;
    onFailed = reject;
  });
  const held = db
    .connection()
    .execute(async (connection) => {
      for (;;) {
        if (releasing) throw new Error('stopped waiting for the first-start lock');
        const { rows } = await sql<{
          locked: boolean;
        }>`SELECT pg_try_advisory_lock(${FIRST_START_LOCK_KEY}) AS locked`.execute(connection);
        if (rows[0]?.locked) break;
        await Promise.race([released, new Promise((resolve) => setTimeout(resolve, RETRY_MS))]);
      }
      onAcquired();
      await released;
      await sql`SELECT pg_advisory_unlock(${FIRST_START_LOCK_KEY})`.execute(connection);
    })
    // Before the lock: the caller hears of it through `acquired`. After: closing the connection releases the lock anyway.
    .catch(onFailed);
  // A release before the lock rejects `acquired`; that is news only to whoever awaits it.
  acquired.catch(() => undefined);
  return {
    acquired,
    async release() {
      releasing = true;
      wake();
      await held;
    },
  };
}
