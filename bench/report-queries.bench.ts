/**
 * Report queries with and without PostgreSQL's JIT compiler, on a PostgreSQL server that has it
 * (the Debian packages do; the embedded server's build does not). The same service calls as the
 * "bare" column of bench:reports — the gap report by every dimension, the weekly series, the event
 * and donor reports — as an admin, a donor and an anonymous reader, each timed with `jit=on` and
 * `jit=off` (the product's setting, src/db/connection.ts), alternating, in the same run.
 *
 *   npm run bench:report-queries                      # 100,000 needs and pledges on 127.0.0.1:5432
 *   DATABASE_URL=postgres://… AIDGRID_BENCH_ROWS=… AIDGRID_BENCH_RUNS=3
 *   AIDGRID_BENCH_REUSE=1                             # keep a database loaded by an earlier run
 *
 * Writes bench/results/report-queries.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import type { Actor } from '../src/core/auth/actor.js';
import { createDemoService } from '../src/core/demo/demo.service.js';
import { createGapService } from '../src/core/gaps/gap.service.js';
import { createConversionService } from '../src/core/reports/conversion.service.js';
import { runAsActor } from '../src/db/actor-context.js';
import { connectDatabase, type DatabaseHandle } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadReportsWorld } from './reports-load.js';

const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const NAME = 'aidgrid_bench_report_queries';
const ROWS = Number(process.env.AIDGRID_BENCH_ROWS ?? '100000');
const RUNS = Number(process.env.AIDGRID_BENCH_RUNS ?? '2');
const REUSE = process.env.AIDGRID_BENCH_REUSE === '1';

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim().split(' ').slice(0, 3).join(', ');
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const log = (line: string) => process.stderr.write(`${line}\n`);

function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The bench database: loaded now, or kept from an earlier run when asked and present. */
async function prepare(): Promise<{ loaded: string }> {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [NAME]);
  if (REUSE && exists.rowCount) {
    await admin.end();
    return { loaded: 'kept from an earlier run (AIDGRID_BENCH_REUSE=1)' };
  }
  await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${NAME}`);
  await admin.end();
  const handle = connectDatabase(databaseUrl(NAME), { max: 4 });
  try {
    await migrateToLatest(handle.db);
    await createDemoService({ db: handle.db }).load();
    const counts = await loadReportsWorld(handle, ROWS);
    await sql`SELECT aidgrid_aggregate_rebuild()`.execute(handle.db);
    await sql`ANALYZE`.execute(handle.db);
    return {
      loaded: `demo + ${counts.needs.toLocaleString('en')} needs, ${counts.pledges.toLocaleString('en')} pledges, ${counts.allocations.toLocaleString('en')} accepted allocations, ${counts.shipments.toLocaleString('en')} shipments, ${counts.receipts.toLocaleString('en')} receipts (bench/reports-load.ts), cells rebuilt`,
    };
  } finally {
    await handle.close();
  }
}

async function readers(handle: DatabaseHandle): Promise<Array<[string, Actor]>> {
  const donor = await sql<{ id: string }>`
    SELECT donor_org_id AS id FROM pledge WHERE created_by = 'bench'
     GROUP BY donor_org_id ORDER BY count(*) DESC LIMIT 1`.execute(handle.db);
  const cell = await sql<{ id: string }>`
    SELECT id FROM organisation WHERE kind = 'international_organisation' ORDER BY name LIMIT 1`.execute(
    handle.db,
  );
  return [
    [
      'admin',
      {
        id: 'bench-admin',
        kind: 'token',
        orgId: cell.rows[0]?.id ?? null,
        role: 'admin',
        clearance: 'restricted',
      },
    ],
    [
      'donor',
      {
        id: 'bench-donor',
        kind: 'token',
        orgId: donor.rows[0]?.id ?? null,
        role: 'donor',
        clearance: 'coalition',
      },
    ],
    ['anonymous', { id: 'anonymous', kind: 'anonymous', orgId: null, role: null, clearance: 'public' }],
  ] as Array<[string, Actor]>;
}

function calls(handle: DatabaseHandle): Array<[string, () => Promise<unknown>]> {
  const gaps = createGapService({ db: handle.db });
  const conversion = createConversionService({ db: handle.db });
  return [
    ['gaps?by=category', () => gaps.report('category')],
    ['gaps?by=item', () => gaps.report('item')],
    ['gaps?by=region', () => gaps.report('region')],
    ['gaps?by=donor', () => gaps.report('donor')],
    ['gaps/weekly', () => gaps.weekly({})],
    ['reports/events', () => conversion.events({})],
    ['reports/donors', () => conversion.donors({})],
  ];
}

async function timed(actor: Actor, call: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await runAsActor(actor, call);
  return performance.now() - start;
}

async function main(): Promise<void> {
  const started = new Date();
  const loadBefore = loadavg();
  const { loaded } = await prepare();
  const on = connectDatabase(databaseUrl(NAME), { max: 10, jit: true });
  const off = connectDatabase(databaseUrl(NAME), { max: 10 });
  const version = await sql<{ v: string; jit: string }>`
    SELECT version() AS v, pg_jit_available()::text AS jit`.execute(on.db);
  const rows: string[] = [];
  try {
    const who = await readers(off);
    const [withJit, without] = [calls(on), calls(off)];
    for (const [index, [path]] of without.entries()) {
      for (const [reader, actor] of who) {
        const onCall = withJit[index]?.[1] as () => Promise<unknown>;
        const offCall = without[index]?.[1] as () => Promise<unknown>;
        // One warm-up each (plans and caches), then RUNS alternating pairs.
        await timed(actor, onCall);
        await timed(actor, offCall);
        const times = { on: [] as number[], off: [] as number[] };
        for (let run = 0; run < RUNS; run++) {
          times.on.push(await timed(actor, onCall));
          times.off.push(await timed(actor, offCall));
        }
        const [a, b] = [median(times.on), median(times.off)];
        const row = `| \`${path}\` | ${reader} | ${Math.round(a)} | ${Math.round(b)} | ${(a / b).toFixed(2)}× |`;
        rows.push(row);
        log(row);
      }
    }
  } finally {
    await on.close();
    await off.close();
  }
  const text = [
    '# Report queries with and without the JIT compiler (bench/report-queries.bench.ts)',
    '',
    `Date: ${started.toISOString()} → ${new Date().toISOString()} · Node ${process.version} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}) · ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    `Load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadavg()}.`,
    `Server: ${version.rows[0]?.v.split(' on ')[0]} at ${new URL(ADMIN_URL).host}; JIT available: ${version.rows[0]?.jit}.`,
    `Data: ${loaded}.`,
    '',
    `Each cell: the service call alone (no HTTP, no figures cache), wall ms, median of ${RUNS} after one warm-up, the two settings alternating in the same run. "on" is PostgreSQL's default (jit=on, jit_above_cost 100,000); "off" is what aidgrid sets on every connection (src/db/connection.ts).`,
    '',
    '| call | reader | jit=on (ms) | jit=off (ms) | on / off |',
    '|---|---|---:|---:|---:|',
    ...rows,
    '',
  ].join('\n');
  process.stdout.write(`${text}\n`);
  if (process.env.BENCH_WRITE !== '0') {
    writeFileSync(new URL('./results/report-queries.md', import.meta.url), text);
  }
}

await main();
