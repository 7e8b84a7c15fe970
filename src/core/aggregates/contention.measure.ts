/**
 * Eight concurrent writers on one aggregate cell (docs/figures.md, "Concurrent writers"): each
 * transaction inserts one need of the same item, region and ISO week — so every trigger adds to
 * the same cell key — and then holds its transaction open for `--hold-ms` (the rest of a request's
 * work: audit entry, other rows) before committing. Measured with the cells sharded 8 ways (the
 * default), with one shard (one hot row per key), and with the cell triggers disabled (the floor).
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx src/core/aggregates/contention.measure.ts
 *
 * Creates and drops a scratch database next to DATABASE_URL's. Prints throughput; not a test.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { connectDatabase } from '../../db/connection.js';
import { migrateToLatest } from '../../db/migrate.js';

const WRITERS = 8;
const SECONDS = Number(process.env.SECONDS ?? 8);
const HOLD_MS = Number(/--hold-ms=(\d+)/.exec(process.argv.join(' '))?.[1] ?? 2);

async function main() {
  const admin = process.env.DATABASE_URL;
  if (!admin) throw new Error('set DATABASE_URL to a server where a scratch database may be created');
  const name = `aidgrid_contention_${randomBytes(4).toString('hex')}`;
  const root = new pg.Client({ connectionString: admin });
  await root.connect();
  await root.query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const handle = connectDatabase(url.toString(), { max: 2 });
  try {
    await migrateToLatest(handle.db);
    const seed = new pg.Client({ connectionString: url.toString() });
    await seed.connect();
    const org = randomUUID();
    const region = randomUUID();
    const item = randomUUID();
    const audit = `'contention', 'contention'`;
    await seed.query(
      `INSERT INTO organisation (id, name, kind, created_by, updated_by) VALUES ($1, 'Org', 'state', ${audit})`,
      [org],
    );
    await seed.query(
      `INSERT INTO region (id, code, name, country_code, created_by, updated_by) VALUES ($1, 'UA-CT', 'Region', 'UA', ${audit})`,
      [region],
    );
    await seed.query(
      `INSERT INTO item (id, code, name, category, unit, reference_price_amount, reference_price_currency, created_by, updated_by)
       VALUES ($1, 'CT-1', 'Item', 'energy/generator', 'unit', 10, 'EUR', ${audit})`,
      [item],
    );

    const run = async (label: string, setup: string) => {
      const clients = await Promise.all(
        Array.from({ length: WRITERS }, async () => {
          const client = new pg.Client({ connectionString: url.toString() });
          await client.connect();
          await client.query(setup);
          return client;
        }),
      );
      let done = 0;
      const until = Date.now() + SECONDS * 1000;
      await Promise.all(
        clients.map(async (client) => {
          while (Date.now() < until) {
            await client.query('BEGIN');
            await client.query(
              `INSERT INTO need (id, recipient_org_id, region_id, item_id, quantity, priority, needed_by,
                                 owner_org_id, classification, created_by, updated_by)
               VALUES ($1, $2, $3, $4, 1, 'high', '2022-11-23', $2, 'public', ${audit})`,
              [randomUUID(), org, region, item],
            );
            if (HOLD_MS > 0) await client.query(`SELECT pg_sleep(${HOLD_MS / 1000})`);
            await client.query('COMMIT');
            done++;
          }
        }),
      );
      await Promise.all(clients.map((client) => client.end()));
      const perSecond = done / SECONDS;
      console.log(
        `${label.padEnd(34)} ${perSecond.toFixed(0).padStart(6)} needs/s  (${done} in ${SECONDS} s)`,
      );
      return perSecond;
    };

    console.log(
      `${WRITERS} writers, one cell key, ${HOLD_MS} ms held after the insert; ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}, ${new Date().toISOString()}`,
    );
    const sharded = await run('cells sharded 8 ways (default)', "SET aidgrid.aggregate_shards = '8'");
    const single = await run('cells in one shard (hot row)', "SET aidgrid.aggregate_shards = '1'");
    await seed.query('ALTER TABLE need DISABLE TRIGGER aggregate_ins');
    const none = await run('no cell maintenance (floor)', 'SELECT 1');
    await seed.query('ALTER TABLE need ENABLE TRIGGER aggregate_ins');
    await seed.query('SELECT aidgrid_aggregate_rebuild()');
    console.log(
      `sharded / one shard: ${(sharded / single).toFixed(2)}×; sharded / no maintenance: ${(sharded / none).toFixed(2)}×`,
    );
    const check = await seed.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM aidgrid_aggregate_differences()',
    );
    console.log(`aggregates verify after the runs: ${check.rows[0]?.n} differing cells`);
    await seed.end();
  } finally {
    await handle.close();
    await root.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await root.end();
  }
}

await main();
