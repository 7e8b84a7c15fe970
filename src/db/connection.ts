import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { readerOf } from '../core/auth/visibility.js';
import { currentActor } from './actor-context.js';
import type { Database } from './schema.js';

// Dates stay 'YYYY-MM-DD' strings: a JavaScript Date would shift them by the local time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// bigint (count, sum of integers) as string; the service decides how to present it.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);

/** The role requests run as (migration 0008): no BYPASSRLS, so row-level security applies. */
export const APP_ROLE = 'aidgrid_app';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The statement that fits a checked-out connection to the actor of the current async context, in
 * one round trip. A request's actor (anything but the system) reads as the application's role
 * with its organisation and clearance set, so PostgreSQL's row-level security applies; the system
 * (CLI, demo loader, migrations, or no context at all) reads as the session user, which owns the
 * tables and is not subject to the policies.
 *
 * The settings are session-level (set_config(..., false)), not transaction-local: Kysely checks a
 * connection out for every single query and once for a whole transaction, and every checkout
 * makes the connection carry the settings of the actor checking it out (actorPool), so each
 * statement runs as that actor and a connection returned to the pool can never carry one
 * request's reader into another's work. That is what SET LOCAL would give, without wrapping every
 * single-statement read in a transaction. They are set outside any transaction, so no rollback
 * undoes them.
 */
export function actorSettings(): { text: string; values: string[] } {
  const reader = readerOf(currentActor());
  if (reader === null) {
    return {
      text: "SELECT set_config('role', 'none', false), set_config('aidgrid.org_id', '', false), set_config('aidgrid.clearance', '', false)",
      values: [],
    };
  }
  return {
    text: "SELECT set_config('role', $1, false), set_config('aidgrid.org_id', $2, false), set_config('aidgrid.clearance', $3, false)",
    values: [APP_ROLE, reader.orgId ?? '', reader.clearance],
  };
}

/**
 * The pool Kysely sees: every checkout is fitted to the current actor before Kysely uses it. The
 * settings a connection last received are remembered, so a checkout for the same reader (or the
 * system again) costs nothing; a connection that cannot be fitted is destroyed, never handed out
 * with another actor's settings.
 */
function actorPool(pool: pg.Pool): PostgresPool {
  const fitted = new WeakMap<pg.PoolClient, string>();
  const guarded = new WeakSet<pg.PoolClient>();
  return {
    async connect() {
      const settings = actorSettings();
      const key = settings.values.join('\u0000');
      const client = await pool.connect();
      // pg-pool listens for 'error' only while a client is idle: a checked-out client whose server
      // goes away (57P01, a crash) would emit an unhandled 'error' and take the process down. The
      // query in flight fails on its own (503 database_unavailable) and the broken client is
      // dropped by the pool when released, so the event itself needs nothing more.
      if (!guarded.has(client)) {
        client.on('error', () => undefined);
        guarded.add(client);
      }
      if (fitted.get(client) === key) return client;
      try {
        fitted.delete(client);
        await client.query(settings.text, settings.values);
        fitted.set(client, key);
      } catch (error) {
        client.release(true);
        throw error;
      }
      return client;
    },
    end: () => pool.end(),
  };
}

/** The actor-fitting pool behind each Kysely opened by connectDatabase (for withConnection). */
const fittingPools = new WeakMap<Kysely<Database>, PostgresPool>();

/**
 * Runs `work` on one connection of `db`'s pool, fitted to the current actor as every checkout is:
 * `client` for what Kysely cannot send (COPY … FROM STDIN), `single` (Kysely on that same
 * connection) for the rest, so both run in one session and one transaction when `work` opens it
 * on `single`. A connection left in an error is closed, not reused. `db` must come from
 * connectDatabase.
 */
export async function withConnection<T>(
  db: Kysely<Database>,
  work: (client: pg.PoolClient, single: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const fitting = fittingPools.get(db);
  if (!fitting) throw new Error('withConnection needs a database opened by connectDatabase');
  const client = (await fitting.connect()) as pg.PoolClient;
  // Kysely releases its connection after every query or transaction: here the connection stays ours.
  const held = { query: client.query.bind(client), release: () => undefined };
  const single = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: { connect: async () => held, end: async () => undefined } }),
  });
  try {
    const result = await work(client, single);
    client.release();
    return result;
  } catch (error) {
    client.release(error instanceof Error ? error : true);
    throw error;
  }
}

/**
 * Opens a Kysely pool on a PostgreSQL URL; the caller owns closing it. `jit` is for measuring only
 * (bench/report-queries.bench.ts): the product runs without PostgreSQL's JIT compiler.
 */
export function connectDatabase(url: string, options: { max?: number; jit?: boolean } = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // No JIT: compiling a report's plan took 2.3–7.2 s per query on PostgreSQL 15 (auto_explain,
    // 100,000 needs and pledges) where running it took less (bench/results/report-queries.md).
    options: `-c jit=${options.jit ? 'on' : 'off'}`,
  });
  // An idle client losing its connection (server restart) must not crash the process.
  pool.on('error', () => undefined);
  const fitting = actorPool(pool);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: fitting }) });
  fittingPools.set(db, fitting);
  let closed: Promise<void> | undefined;
  return {
    db,
    url,
    close: () => {
      closed ??= db.destroy();
      return closed;
    },
  };
}
