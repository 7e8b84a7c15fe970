/**
 * Benchmark: the figures at a million records (issue 12). The demo data set plus 1,000,000 needs
 * and 1,000,000 pledges with allocations, shipments and receipts for a realistic share of them
 * (bench/reports-load.ts, set-based), on an embedded PostgreSQL started here. Then, against the
 * real HTTP server on loopback, a fixed-rate load with autocannon (500 requests/s for 30 s per
 * endpoint × reader) on the gap report by category, item, region and donor, the weekly series and
 * the report by event, as an admin (token), a donor organisation's user (token) and anonymous:
 * p50/p99/max, errors and non-2xx, beside the bare query time (the service call alone, uncached,
 * median of 5 after one warm-up). Then the cost on writes: a pledge create and an allocation
 * accept through the services, median of 1,000 each, with the aggregate triggers enabled and
 * disabled in the same run (alternating blocks of 100).
 *
 * Targets: p99 ≤ 50 ms with 0 errors and 0 non-2xx; writes with cell maintenance within 20 % of
 * writes without.
 *
 *   npm run bench:reports                              # the full million; writes bench/results/reports.md
 *   AIDGRID_BENCH_SCALE=0.05 npm run bench:reports     # 50,000 needs and pledges (development)
 *   AIDGRID_BENCH_DURATION=5 AIDGRID_BENCH_RATE=500    # seconds per endpoint × reader; requests/s
 *   AIDGRID_BENCH_CACHE=0                              # the server without its figures cache
 *   AIDGRID_BENCH_ONLY='category.*anonymous'         # only the endpoint × reader pairs matching
 *   AIDGRID_BENCH_BARE_RUNS=5                          # timed runs of each bare query
 *   BENCH_WRITE=0                                      # prints only
 *   BENCH_OUT=reports-small.md                         # another result file name
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/api/app.js';
import { createFiguresCache } from '../src/api/figures-cache.js';
import { createAllocationService } from '../src/core/allocations/allocation.service.js';
import type { Actor } from '../src/core/auth/actor.js';
import { systemActor } from '../src/core/auth/actor.js';
import { createTokenService } from '../src/core/auth/token.service.js';
import { createDemoService } from '../src/core/demo/demo.service.js';
import { createGapService } from '../src/core/gaps/gap.service.js';
import { createPledgeService } from '../src/core/pledges/pledge.service.js';
import { createConversionService } from '../src/core/reports/conversion.service.js';
import { newId } from '../src/core/shared/ids.js';
import { runAsActor } from '../src/db/actor-context.js';
import { connectDatabase, type DatabaseHandle } from '../src/db/connection.js';
import { openEmbedded } from '../src/db/embedded.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { loadReportsWorld } from './reports-load.js';

const run = promisify(execFile);
const SCALE = Number(process.env.AIDGRID_BENCH_SCALE ?? '1');
const ROWS = Math.round(1_000_000 * SCALE);
const DURATION = Number(process.env.AIDGRID_BENCH_DURATION ?? '30');
const RATE = Number(process.env.AIDGRID_BENCH_RATE ?? '500');
const CACHE = process.env.AIDGRID_BENCH_CACHE !== '0';
const WRITES = Number(process.env.AIDGRID_BENCH_WRITES ?? '1000');
/** Triggers that keep the aggregate cells (and tell listeners); disabled for the "without" half. */
const TRIGGER_PATTERN = process.env.AIDGRID_BENCH_TRIGGERS ?? '(aggregate|cell|figures)';
const P99_TARGET_MS = 50;
/** Readers whose bare time is measured (a full-scale run may leave some out to keep within time). */
const BARE_READERS = new RegExp(process.env.AIDGRID_BENCH_BARE_READERS ?? '.');
/** Timed runs of each bare query (after one warm-up). */
const BARE_RUNS = Number(process.env.AIDGRID_BENCH_BARE_RUNS ?? '5');

const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').trim();

interface Server {
  adminUrl: string;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aidgrid-bench-pg-'));
  execFileSync('chmod', ['755', dataDir]);
  const server = await openEmbedded({ dataDir, mode: 'serve', label: 'bench reports' });
  return {
    adminUrl: server.adminUrl,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function freshDatabase(adminUrl: string, name: string): Promise<DatabaseHandle> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = connectDatabase(url.toString(), { max: 10 });
  await migrateToLatest(handle.db);
  return handle;
}

interface Reader {
  name: string;
  actor: Actor;
  authorization?: string;
}

async function readers(
  handle: DatabaseHandle,
): Promise<{ readers: Reader[]; donorOrg: string; adminOrg: string }> {
  const { db } = handle;
  const donor = await sql<{ id: string }>`
    SELECT donor_org_id AS id FROM pledge WHERE created_by = 'bench' GROUP BY donor_org_id ORDER BY count(*) DESC LIMIT 1`.execute(
    db,
  );
  const donorOrg = donor.rows[0]?.id as string;
  const adminOrg = newId();
  await db
    .insertInto('organisation')
    .values({
      id: adminOrg,
      name: 'Bench coordination cell (synthetic)',
      kind: 'international_organisation',
      synthetic: true,
      created_by: 'bench',
      updated_by: 'bench',
    })
    .execute();
  const tokens = createTokenService({ db });
  const admin = await tokens.create(
    { name: 'bench admin', orgId: adminOrg, role: 'admin', clearance: 'restricted', expiresInDays: 1 },
    systemActor('bench'),
  );
  const donorToken = await tokens.create(
    { name: 'bench donor', orgId: donorOrg, role: 'donor', clearance: 'coalition', expiresInDays: 1 },
    systemActor('bench'),
  );
  return {
    donorOrg,
    adminOrg,
    readers: [
      {
        name: 'admin',
        actor: { id: 'bench-admin', kind: 'token', orgId: adminOrg, role: 'admin', clearance: 'restricted' },
        authorization: `Bearer ${admin.token}`,
      },
      {
        name: 'donor',
        actor: { id: 'bench-donor', kind: 'token', orgId: donorOrg, role: 'donor', clearance: 'coalition' },
        authorization: `Bearer ${donorToken.token}`,
      },
      {
        name: 'anonymous',
        actor: { id: 'anonymous', kind: 'anonymous', orgId: null, role: null, clearance: 'public' },
      },
    ],
  };
}

interface Endpoint {
  path: string;
  bare: () => Promise<unknown>;
}

function endpoints(handle: DatabaseHandle): Endpoint[] {
  const gaps = createGapService({ db: handle.db });
  const conversion = createConversionService({ db: handle.db });
  const by = (dimension: 'category' | 'item' | 'region' | 'donor'): Endpoint => ({
    path: `/api/v1/gaps?by=${dimension}`,
    bare: () => gaps.report(dimension),
  });
  return [
    by('category'),
    by('item'),
    by('region'),
    by('donor'),
    { path: '/api/v1/gaps/weekly', bare: () => gaps.weekly({}) },
    { path: '/api/v1/reports/events', bare: () => conversion.events({}) },
  ];
}

interface Load {
  p50: number;
  p99: number;
  max: number;
  rps: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  bytes: number;
}

async function autocannon(url: string, authorization: string | undefined): Promise<Load> {
  const bin = path.resolve('node_modules/.bin/autocannon');
  const args = ['-j', '-c', '64', '-R', String(RATE), '-d', String(DURATION), '-t', '10'];
  if (authorization) args.push('-H', `authorization=${authorization}`);
  args.push(url);
  const { stdout } = await run(bin, args, { maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  return {
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    rps: r.requests.average,
    requests: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    bytes: r.throughput?.total ?? 0,
  };
}

async function bareTime(reader: Reader, endpoint: Endpoint): Promise<number> {
  // One run alone is the cold time; more runs are timed after a warm-up.
  if (BARE_RUNS > 1) await runAsActor(reader.actor, endpoint.bare);
  const times: number[] = [];
  for (let i = 0; i < BARE_RUNS; i++) {
    const t = performance.now();
    await runAsActor(reader.actor, endpoint.bare);
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Aggregate triggers on or off for the whole database, by name (TRIGGER_PATTERN). */
async function setTriggers(
  handle: DatabaseHandle,
  enabled: boolean,
  pattern = TRIGGER_PATTERN,
): Promise<string[]> {
  const { rows } = await sql<{ tbl: string; name: string }>`
    SELECT c.relname AS tbl, t.tgname AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE NOT t.tgisinternal AND t.tgname ~ ${pattern} ORDER BY 1, 2`.execute(handle.db);
  for (const row of rows) {
    await sql
      .raw(
        `ALTER TABLE ${pg.escapeIdentifier(row.tbl)} ${enabled ? 'ENABLE' : 'DISABLE'} TRIGGER ${pg.escapeIdentifier(row.name)}`,
      )
      .execute(handle.db);
  }
  return rows.map((r) => `${r.tbl}.${r.name}`);
}

interface WriteCost {
  triggers: string[];
  pledgeWith: number;
  pledgeWithout: number;
  acceptWith: number;
  acceptWithout: number;
}

async function writeCost(handle: DatabaseHandle, donorOrg: string, adminOrg: string): Promise<WriteCost> {
  const { db } = handle;
  const pledges = createPledgeService({ db });
  const allocations = createAllocationService({ db });
  const donorActor: Actor = {
    id: 'bench-donor',
    kind: 'token',
    orgId: donorOrg,
    role: 'donor',
    clearance: 'coalition',
  };
  const coordinator: Actor = {
    id: 'bench-admin',
    kind: 'token',
    orgId: adminOrg,
    role: 'admin',
    clearance: 'restricted',
  };
  const item = await sql<{ id: string }>`
    SELECT item_id AS id FROM pledge WHERE created_by = 'bench' GROUP BY item_id ORDER BY count(*) DESC LIMIT 1`.execute(
    db,
  );
  const itemId = item.rows[0]?.id as string;
  // Proposed allocations of 1 unit from committed, unallocated bench pledges to needs with room.
  const proposed = await sql<{ id: string }>`
    INSERT INTO allocation (id, pledge_id, need_id, quantity, week, status, owner_org_id, classification,
                            synthetic, created_by, updated_by)
    SELECT gen_random_uuid(), p.id, p.need_id, 1, '2024-W20', 'proposed', p.donor_org_id,
           GREATEST(p.classification, nd.classification), true, 'bench', 'bench'
      FROM (SELECT DISTINCT ON (p.need_id) p.* FROM pledge p
             WHERE p.created_by = 'bench' AND p.status = 'committed' AND p.need_id IS NOT NULL
               AND p.committed_quantity - p.allocated_quantity >= 1
             ORDER BY p.need_id, p.id) p
      JOIN need nd ON nd.id = p.need_id AND nd.quantity - nd.allocated_quantity >= 1 AND nd.status <> 'cancelled'
     LIMIT ${2 * WRITES}
    RETURNING id`.execute(db);
  const ids = proposed.rows.map((r) => r.id);
  if (ids.length < 2 * WRITES)
    throw new Error(`only ${ids.length} allocations to accept, ${2 * WRITES} wanted`);
  const times = {
    pledgeWith: [] as number[],
    pledgeWithout: [] as number[],
    acceptWith: [] as number[],
    acceptWithout: [] as number[],
  };
  let triggers: string[] = [];
  const BLOCK = Math.min(100, WRITES);
  let next = 0;
  // Warm-up (not counted): the first writes of a connection plan their statements.
  for (let i = 0; i < 20; i++) {
    await runAsActor(donorActor, () =>
      pledges.create(
        {
          donor_org_id: donorOrg,
          item_id: itemId,
          quantity: 10,
          announced_on: '2024-05-02',
          classification: 'coalition',
          synthetic: true,
        } as never,
        donorActor,
      ),
    );
  }
  for (let block = 0; block < (2 * WRITES) / BLOCK; block++) {
    const enabled = block % 2 === 0;
    triggers = await setTriggers(handle, enabled);
    for (let i = 0; i < BLOCK; i++) {
      let t = performance.now();
      await runAsActor(donorActor, () =>
        pledges.create(
          {
            donor_org_id: donorOrg,
            item_id: itemId,
            quantity: 10,
            announced_on: '2024-05-02',
            classification: 'coalition',
            synthetic: true,
          } as never,
          donorActor,
        ),
      );
      (enabled ? times.pledgeWith : times.pledgeWithout).push(performance.now() - t);
      const id = ids[next++] as string;
      t = performance.now();
      await runAsActor(coordinator, () => allocations.accept(id, {}, coordinator));
      (enabled ? times.acceptWith : times.acceptWithout).push(performance.now() - t);
    }
  }
  await setTriggers(handle, true);
  return {
    triggers,
    pledgeWith: median(times.pledgeWith),
    pledgeWithout: median(times.pledgeWithout),
    acceptWith: median(times.acceptWith),
    acceptWithout: median(times.acceptWithout),
  };
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const started = new Date();
  const server = await startServer();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void server.stop().finally(() => process.exit(130));
    });
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const handle = await freshDatabase(server.adminUrl, 'aidgrid_bench_reports');
    let t = performance.now();
    await createDemoService({ db: handle.db }).load();
    const demoMs = performance.now() - t;
    log(`demo loaded in ${Math.round(demoMs)} ms; loading ${ROWS.toLocaleString('en')} needs and pledges…`);
    // The cells: kept by their statement-level triggers during the bulk load (AIDGRID_BENCH_CELLS=
    // triggers), or built once afterwards by the rebuild (default: much faster for a million rows
    // in one go, and the same result — the rebuild is the recomputation verify compares with).
    const viaTriggers = process.env.AIDGRID_BENCH_CELLS === 'triggers';
    const hasCells = await cellsExist(handle);
    if (hasCells && !viaTriggers) await setTriggers(handle, false, 'aggregate');
    const loaded = await loadReportsWorld(handle, ROWS);
    log(`loaded in ${Math.round(loaded.ms)} ms: ${JSON.stringify(loaded)}`);
    t = performance.now();
    if (hasCells && !viaTriggers) {
      await setTriggers(handle, true, 'aggregate');
      await sql`SELECT aidgrid_aggregate_rebuild()`.execute(handle.db);
      await sql`ANALYZE`.execute(handle.db);
    }
    const rebuildMs = performance.now() - t;
    const rebuilt = hasCells && !viaTriggers;
    log(
      `cells ${rebuilt ? `rebuilt in ${Math.round(rebuildMs)} ms` : viaTriggers ? 'kept by triggers' : 'none'}`,
    );
    if (process.env.AIDGRID_BENCH_LOAD_ONLY === '1') return;
    const { readers: who, donorOrg, adminOrg } = await readers(handle);
    const eps = endpoints(handle);
    const rows: string[] = [];
    let met = 0;
    let total = 0;
    let writes: WriteCost | undefined;
    const ratio = (withT: number, without: number) => `${((withT / without - 1) * 100).toFixed(1)} %`;
    // The result file is rewritten after every step, so a run cut short still leaves what it measured.
    const render = (done: boolean) =>
      [
        '# Figures at a million records (bench/reports.bench.ts)',
        '',
        `Date: ${started.toISOString()} → ${new Date().toISOString()}${done ? '' : ' (RUN NOT FINISHED: the figures below are those measured so far)'} · Node ${process.version} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}) · ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
        `Load (/proc/loadavg) before: ${loadBefore}; at this writing: ${loadavg()} — the machine is shared with other engineers' builds and tests.`,
        `Database: ${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'}, one server process (Fastify on loopback) with its figures cache ${CACHE ? 'on' : 'OFF'}; autocannon ${autocannonVersion()} in a child process, 64 connections, ${RATE} requests/s for ${DURATION} s per row.`,
        `Scale: ${SCALE === 1 ? 'full' : `AIDGRID_BENCH_SCALE=${SCALE}`} — demo + ${loaded.needs.toLocaleString('en')} needs, ${loaded.pledges.toLocaleString('en')} pledges, ${loaded.allocations.toLocaleString('en')} accepted allocations, ${loaded.shipments.toLocaleString('en')} shipments (one line each), ${loaded.receipts.toLocaleString('en')} receipts; loaded set-based in ${(loaded.ms / 1000).toFixed(1)} s (demo ${(demoMs / 1000).toFixed(1)} s)${rebuilt ? `, with the aggregate triggers off; the cells then rebuilt in ${(rebuildMs / 1000).toFixed(1)} s` : viaTriggers ? ', the cells kept by their triggers during the load' : ''}.`,
        '',
        `## Writes: median of ${WRITES} each, aggregate triggers enabled vs disabled (alternating blocks of 100, same run)`,
        '',
        ...(writes
          ? [
              `Triggers toggled: ${writes.triggers.length ? writes.triggers.map((x) => `\`${x}\``).join(', ') : '(none found: both columns measure the same thing)'}.`,
              '',
              '| write (through the service) | with cells | without | cost | target |',
              '|---|---|---|---|---|',
              `| pledge create | ${ms(writes.pledgeWith)} | ${ms(writes.pledgeWithout)} | ${ratio(writes.pledgeWith, writes.pledgeWithout)} | ≤ 20 % |`,
              `| allocation accept | ${ms(writes.acceptWith)} | ${ms(writes.acceptWithout)} | ${ratio(writes.acceptWith, writes.acceptWithout)} | ≤ 20 % |`,
            ]
          : ['(not measured)']),
        '',
        `## Reads: ${met} of ${total} endpoint × reader pairs meet p99 ≤ ${P99_TARGET_MS} ms with 0 errors`,
        '',
        `Latencies in ms. "bare" is the service call alone (no HTTP, no cache) — ${BARE_RUNS === 0 ? 'not measured in this run (AIDGRID_BENCH_BARE_RUNS=0)' : BARE_RUNS === 1 ? 'one cold run' : `median of ${BARE_RUNS} after a warm-up`}${process.env.AIDGRID_BENCH_BARE_READERS ? `, for the readers matching /${process.env.AIDGRID_BENCH_BARE_READERS}/ only` : ''} —; "first request" is the first HTTP request of the reader after the previous load, which computes the answer (the cache is empty for that reader and question): the cold time every reader waits for after a write. Both are the baseline the cached figures are compared with, in the same run. "server CPU" is the server process's CPU time during the load divided by the requests answered.`,
        '',
        '| endpoint | reader | bare | first request | p50 | p99 | max | req/s | errors | non-2xx | server CPU ms/req | target |',
        '|---|---|---|---|---|---|---|---|---|---|---|---|',
        ...rows,
        '',
      ].join('\n');
    const save = (done: boolean) => {
      const text = render(done);
      if (done) process.stdout.write(`${text}\n`);
      if (process.env.BENCH_WRITE !== '0') writeResult(text);
    };
    log('writes…');
    writes = await writeCost(handle, donorOrg, adminOrg);
    log(
      JSON.stringify(writes.triggers.length) +
        ' triggers; ' +
        JSON.stringify({ ...writes, triggers: undefined }),
    );
    save(false);

    const figures = createFiguresCache({ url: CACHE ? handle.url : undefined, today: () => 'bench' });
    await figures.ready();
    const app = await buildApp({
      db: handle.db,
      logger: false,
      auth: { rateLimit: { perMinute: 100_000_000, tokenPerMinute: 100_000_000 } },
      figures,
    });
    let inFlight = 0;
    app.addHook('onRequest', async () => {
      inFlight += 1;
    });
    app.addHook('onResponse', async () => {
      inFlight -= 1;
    });
    // Requests still running after the load (their clients gone) finish before the next bare
    // timing; an aborted request may never reach onResponse, so the wait is bounded.
    const drained = async () => {
      const until = Date.now() + 60_000;
      while (inFlight > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      inFlight = 0;
    };
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const only = process.env.AIDGRID_BENCH_ONLY ? new RegExp(process.env.AIDGRID_BENCH_ONLY) : undefined;
    for (const endpoint of eps) {
      for (const reader of who) {
        if (only && !only.test(`${endpoint.path} ${reader.name}`)) continue;
        await drained();
        const bare =
          BARE_RUNS > 0 && BARE_READERS.test(reader.name) ? await bareTime(reader, endpoint) : Number.NaN;
        if (DURATION <= 0) {
          rows.push(
            `| \`${endpoint.path.replace('/api/v1', '')}\` | ${reader.name} | ${ms(bare)} | – | – | – | – | – | – | – |`,
          );
          log(rows[rows.length - 1] as string);
          continue;
        }
        // One request first, as any reader before the measured load would have made: the cold
        // computation is the "bare" column, the load measures what readers get afterwards.
        const coldStart = performance.now();
        const warm = await fetch(`${address}${endpoint.path}`, {
          headers: reader.authorization ? { authorization: reader.authorization } : {},
        });
        await warm.arrayBuffer();
        const cold = performance.now() - coldStart;
        const cpu = process.cpuUsage();
        const load = await autocannon(`${address}${endpoint.path}`, reader.authorization);
        const used = process.cpuUsage(cpu);
        const cpuPerRequest = load.requests > 0 ? (used.user + used.system) / 1000 / load.requests : 0;
        const ok =
          load.p99 <= P99_TARGET_MS &&
          load.errors === 0 &&
          load.non2xx === 0 &&
          load.timeouts === 0 &&
          load.requests >= 0.95 * RATE * DURATION;
        total += 1;
        if (ok) met += 1;
        const row = `| \`${endpoint.path.replace('/api/v1', '')}\` | ${reader.name} | ${Number.isNaN(bare) ? '–' : ms(bare)} | ${ms(cold)} | ${load.p50} | **${load.p99}** | ${load.max} | ${Math.round(load.rps)} | ${load.errors + load.timeouts} | ${load.non2xx} | ${cpuPerRequest.toFixed(2)} | ${ok ? 'yes' : 'NO'} |`;
        if (!warm.ok) log(`warm-up answered ${warm.status}`);
        log(
          `  cache: ${JSON.stringify({ ...figures.stats, generation: figures.generation, listening: figures.listening })}`,
        );
        rows.push(row);
        log(row);
        save(false);
      }
    }
    await app.close();
    await figures.close();
    save(true);
    await handle.close();
  } finally {
    await server.stop();
  }
}

/** Writes the result file, keeping the hand-written analysis below the measured figures. */
function writeResult(text: string): void {
  const file = new URL(`./results/${process.env.BENCH_OUT ?? 'reports.md'}`, import.meta.url);
  let analysis = '';
  try {
    const previous = readFileSync(file, 'utf8');
    const at = previous.indexOf('\n## Analysis');
    if (at >= 0) analysis = previous.slice(at);
  } catch {
    // no earlier result
  }
  writeFileSync(file, text + analysis);
}

function autocannonVersion(): string {
  return JSON.parse(readFileSync(path.resolve('node_modules/autocannon/package.json'), 'utf8')).version;
}

/** True when the schema has the aggregate cells (migration 0018) and their rebuild. */
async function cellsExist(handle: DatabaseHandle): Promise<boolean> {
  const { rows } = await sql<{ name: string }>`
    SELECT p.proname AS name FROM pg_proc p WHERE p.proname = 'aidgrid_aggregate_rebuild'`.execute(handle.db);
  return rows.length > 0;
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:reports: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
