import { type Kysely, sql } from 'kysely';
import { readMigrationStatus } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  database: { reachable: boolean; error?: string };
  migrations: { current: boolean; applied: number; pending: string[]; latest: string | null };
}

export type HealthService = ReturnType<typeof createHealthService>;

/** Whether the database answers and carries every migration this version ships. */
export function createHealthService(deps: { db: Kysely<Database>; version: string }) {
  return {
    async check(): Promise<Health> {
      try {
        await sql`SELECT 1`.execute(deps.db);
        const status = await readMigrationStatus(deps.db);
        const current = status.pending.length === 0;
        return {
          status: current ? 'ok' : 'degraded',
          version: deps.version,
          database: { reachable: true },
          migrations: {
            current,
            applied: status.applied.length,
            pending: status.pending,
            latest: status.latest,
          },
        };
      } catch (error) {
        return {
          status: 'degraded',
          version: deps.version,
          database: { reachable: false, error: (error as Error).message.split('\n')[0] ?? 'unreachable' },
          migrations: { current: false, applied: 0, pending: [], latest: null },
        };
      }
    },
  };
}
