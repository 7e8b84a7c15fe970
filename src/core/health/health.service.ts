import { type Kysely, sql } from 'kysely';
import { readMigrationStatus } from '../../db/migrate.js';
import type { Database } from '../../db/schema.js';
import type { SupervisionStatus } from '../../db/supervisor.js';

export type HealthStatus = 'pass' | 'warn' | 'fail';

/** One measurement of one component (draft-inadvertent-health-check `checks` entry). */
export interface HealthCheck {
  componentType: 'datastore' | 'component';
  status: HealthStatus;
  time: string;
  observedValue?: number;
  observedUnit?: string;
  output?: string;
}

/** The health document (application/health+json, draft-inadvertent-health-check). */
export interface Health {
  status: HealthStatus;
  /** The health document's major version; `releaseId` is aidgrid's. */
  version: '1';
  releaseId: string;
  serviceId: 'aidgrid';
  description: string;
  output?: string;
  checks: Record<string, HealthCheck[]>;
}

export type HealthService = ReturnType<typeof createHealthService>;

/** A restart of the embedded PostgreSQL is reported as a warning for this long. */
const RESTART_WARNING_MS = 60 * 60 * 1000;

/**
 * Whether the database answers and carries every migration this version ships; with the embedded
 * server, also whether it is being restarted (fail) or was restarted within the hour (warn).
 */
export function createHealthService(deps: {
  db: Kysely<Database>;
  version: string;
  supervision?: (() => SupervisionStatus) | undefined;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());

  async function databaseChecks(time: string): Promise<Record<string, HealthCheck[]>> {
    try {
      await sql`SELECT 1`.execute(deps.db);
    } catch {
      // Never the driver's message: it may name hosts, users or the database.
      return {
        'postgresql:connection': [
          { componentType: 'datastore', status: 'fail', time, output: 'unreachable' },
        ],
      };
    }
    const migrations = await readMigrationStatus(deps.db);
    const pending = migrations.pending.length;
    return {
      'postgresql:connection': [{ componentType: 'datastore', status: 'pass', time }],
      'postgresql:migrations': [
        {
          componentType: 'datastore',
          status: pending === 0 ? 'pass' : 'fail',
          time,
          observedValue: pending,
          observedUnit: 'pending migrations',
          ...(pending > 0 ? { output: `pending: ${migrations.pending.join(', ')}` } : {}),
        },
      ],
    };
  }

  function supervisionCheck(time: string): HealthCheck[] | undefined {
    const status = deps.supervision?.();
    if (!status) return undefined;
    const recent =
      status.lastRestartAt !== null && now().getTime() - status.lastRestartAt.getTime() < RESTART_WARNING_MS;
    const check: HealthCheck = {
      componentType: 'component',
      status: status.state === 'up' ? (recent ? 'warn' : 'pass') : 'fail',
      time,
      observedValue: status.restarts,
      observedUnit: 'restarts',
    };
    if (status.state === 'restarting') {
      check.output = `PostgreSQL stopped; restarting (attempt ${Math.max(status.attempt, 1)} of ${status.maxAttempts})`;
    } else if (status.state === 'failed') {
      check.output = 'PostgreSQL stopped and could not be restarted';
    } else if (recent && status.lastRestartAt) {
      check.output = `PostgreSQL was restarted after a crash at ${status.lastRestartAt.toISOString()}; see postgres.log`;
    }
    return [check];
  }

  return {
    async check(): Promise<Health> {
      const time = now().toISOString();
      const checks = await databaseChecks(time);
      const supervision = supervisionCheck(time);
      if (supervision) checks['postgresql:process'] = supervision;
      const all = Object.values(checks).flat();
      const status: HealthStatus = all.some((c) => c.status === 'fail')
        ? 'fail'
        : all.some((c) => c.status === 'warn')
          ? 'warn'
          : 'pass';
      const failing = all.filter((c) => c.status !== 'pass' && c.output).map((c) => c.output);
      return {
        status,
        version: '1',
        releaseId: deps.version,
        serviceId: 'aidgrid',
        description: 'aidgrid API: database reachable, schema current, embedded PostgreSQL running',
        ...(failing.length > 0 ? { output: failing.join('; ') } : {}),
        checks,
      };
    },
  };
}
