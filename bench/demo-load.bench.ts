/**
 * Benchmark: loading the demo scenario "winter 2022–23".
 *
 * Target (issue: foundation): the demo loads in under 30 s. Measured: the bulk loader
 * (`aidgrid demo load`) against a baseline measured in the same run — creating the same needs and
 * pledges one by one through the record services, as an API client would (one transaction, reference
 * checks and an audit entry per record). Each variant runs on a fresh database.
 *
 *   npm run bench                      # against postgres://postgres@127.0.0.1:5432/test
 *   BENCH_DATABASE_URL=postgres://… npm run bench
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { systemActor } from '../src/core/auth/actor.js';
import { createDemoService } from '../src/core/demo/demo.service.js';
import { buildWinterScenario } from '../src/core/demo/winter-2022.scenario.js';
import { createNeedService } from '../src/core/needs/need.service.js';
import { createPledgeService } from '../src/core/pledges/pledge.service.js';
import { connectDatabase, type DatabaseHandle } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { insertScenario } from '../src/db/repositories/demo.repository.js';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

async function withFreshDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const name = `aidgrid_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = connectDatabase(url.toString());
  try {
    await migrateToLatest(handle.db);
    return await work(handle);
  } finally {
    await handle.close();
    await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function timeBulk(): Promise<number> {
  return withFreshDatabase(async ({ db }) => {
    const started = performance.now();
    await createDemoService({ db }).load();
    return performance.now() - started;
  });
}

/** The same needs and pledges through the services, record by record; the catalogue in bulk. */
async function timeOneByOne(): Promise<number> {
  const scenario = buildWinterScenario();
  return withFreshDatabase(async ({ db }) => {
    await db
      .transaction()
      .execute((trx) => insertScenario(trx, { ...scenario, needs: [], pledges: [], source_links: [] }));
    const needs = createNeedService({ db });
    const pledges = createPledgeService({ db });
    const actor = systemActor('bench');
    const needIds = new Map<string, string>();
    const started = performance.now();
    for (const need of scenario.needs) {
      const { entity } = await needs.create(
        {
          recipient_org_id: need.recipient_org_id,
          region_id: need.region_id,
          item_id: need.item_id,
          quantity: need.quantity,
          priority: need.priority,
          needed_by: need.needed_by,
          justification: need.justification,
          status: need.status as 'open',
          owner_org_id: need.owner_org_id ?? undefined,
          classification: need.classification,
        },
        actor,
      );
      needIds.set(need.id, entity.id);
    }
    for (const pledge of scenario.pledges) {
      await pledges.create(
        {
          donor_org_id: pledge.donor_org_id,
          item_id: pledge.item_id,
          quantity: pledge.quantity,
          need_id: pledge.need_id ? needIds.get(pledge.need_id) : null,
          recipient_org_id: pledge.recipient_org_id,
          event_id: pledge.event_id,
          announced_on: pledge.announced_on,
          available_from: pledge.available_from,
          value:
            pledge.value_amount && pledge.value_currency
              ? { amount: String(pledge.value_amount), currency: pledge.value_currency }
              : null,
          conditions: pledge.conditions,
          owner_org_id: pledge.owner_org_id ?? undefined,
          classification: pledge.classification,
        },
        actor,
      );
    }
    return performance.now() - started;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const scenario = buildWinterScenario();
const rows = Object.values(scenario).reduce((sum, list) => sum + list.length, 0);
const bulk: number[] = [];
const oneByOne: number[] = [];
for (let run = 0; run < RUNS; run++) {
  bulk.push(await timeBulk());
  oneByOne.push(await timeOneByOne());
}
const bulkMs = median(bulk);
const baselineMs = median(oneByOne);
const lines = [
  `# demo load benchmark`,
  ``,
  `- date: ${new Date().toISOString().slice(0, 10)}`,
  `- machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  `- database: ${new URL(adminUrl).host}; ${RUNS} runs each, median`,
  `- scenario: ${rows} rows of the winter scenario (${scenario.needs.length} needs, ${scenario.pledges.length} pledges); the bulk load also loads the strike waves with their need rules and derived needs, and the capacity data`,
  ``,
  `| variant | median | runs (ms) |`,
  `|---|---|---|`,
  `| bulk loader (\`aidgrid demo load\`, whole scenario) | ${(bulkMs / 1000).toFixed(2)} s | ${bulk.map((v) => v.toFixed(0)).join(', ')} |`,
  `| baseline: needs and pledges one by one through the services | ${(baselineMs / 1000).toFixed(2)} s | ${oneByOne.map((v) => v.toFixed(0)).join(', ')} |`,
  ``,
  `Ratio baseline / bulk: ${(baselineMs / bulkMs).toFixed(1)}×. Target: under 30 s — ${bulkMs < 30_000 ? 'met' : 'NOT met'}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
