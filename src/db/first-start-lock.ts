import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';

/** Advisory lock key of the first start (migrations use their own, MIGRATION_LOCK_KEY). */
const FIRST_START_LOCK_KEY = 7_283_104_611;

/**
 * Runs the first-start work (migrate, then load the demo into an empty database) while holding a
 * session advisory lock, so that several processes starting at once on one database take turns:
 * the second waits, then finds the work done and goes on to serve. The lock lives on one pooled
 * connection for the duration; the work uses others.
 */
export async function withFirstStartLock<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${FIRST_START_LOCK_KEY})`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${FIRST_START_LOCK_KEY})`
        .execute(connection)
        .catch(() => undefined);
    }
  });
}
