/**
 * Benchmark: importing pledges (issue 14). One CSV file of BENCH_ROWS pledges (default 1,000,000)
 * through the whole bulk path — read and check in Node, COPY into the staging table, the set-based
 * checks, and the apply (pledges, source links, valuations, duplicate check, audit) in one
 * transaction — against a raw PostgreSQL COPY of the same file into a bare table of the same
 * columns, in the same run on the same server. Peak RSS is this process's (it runs both).
 * Writes bench/results/import.md.
 *
 * Then an XLSX workbook of BENCH_XLSX_ROWS other pledges (default 100,000; the same columns, written
 * with exceljs's streaming writer) through the same path with --apply, timed from the file to the
 * applied import, beside the same rows as CSV.
 *
 *   npm run bench:import
 *   BENCH_ROWS=100000 npm run bench:import     # a smaller file (the result file says which)
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { systemActor } from '../src/core/auth/actor.js';
import { newId } from '../src/core/shared/ids.js';
import { connectDatabase } from '../src/db/connection.js';
import { openEmbedded } from '../src/db/embedded.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { runImport } from '../src/interchange/import/import.service.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
const DONORS = 200;
const ITEMS = 100;

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const HEADER = ['external_id', 'donor', 'item_code', 'quantity', 'announced_on', 'value', 'currency'];

/** Pledge `i` of the benchmark's files: external id, donor, item code, quantity, day, value, currency. */
function pledgeRow(
  prefix: string,
  i: number,
): [string, string, string, number, string, number | null, string | null] {
  const day = new Date(Date.UTC(2015, 0, 1) + ((i * 7919) % 3650) * 86_400_000).toISOString().slice(0, 10);
  const quantity = 1 + ((i * 104_729) % 1_000_000);
  const valued = i % 3 === 0;
  return [
    `${prefix}-${i}`,
    `Donor ${i % DONORS}`,
    `ITEM-${Math.floor(i / DONORS) % ITEMS}`,
    quantity,
    day,
    valued ? Number((quantity * 12.5).toFixed(2)) : null,
    valued ? 'EUR' : null,
  ];
}

async function writeFileOfPledges(path: string, rows = ROWS, prefix = 'bench'): Promise<void> {
  const out = createWriteStream(path);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${HEADER.join(',')}\r\n`);
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const [id, donor, item, quantity, day, value, currency] = pledgeRow(prefix, i);
    chunk += `${id},${donor},${item},${quantity},${day},${value === null ? '' : value.toFixed(2)},${currency ?? ''}\r\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

/** The same rows as a workbook (one sheet, numbers as numbers, dates as text), streamed to disk. */
async function writeWorkbookOfPledges(path: string, rows: number, prefix: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path });
  const sheet = workbook.addWorksheet('pledges');
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < rows; i++) sheet.addRow(pledgeRow(prefix, i)).commit();
  sheet.commit();
  await workbook.commit();
}

async function main(): Promise<void> {
  const loadBefore = (await readFile('/proc/loadavg', 'utf8')).trim();
  const root = await mkdtemp(join(os.tmpdir(), 'aidgrid-bench-import-'));
  await chmod(root, 0o755);
  const server = await openEmbedded({ dataDir: join(root, 'data'), mode: 'serve', label: 'bench' });
  const handle = connectDatabase(server.url);
  try {
    await migrateToLatest(handle.db);
    await handle.db
      .insertInto('organisation')
      .values(
        Array.from({ length: DONORS }, (_, i) => ({
          id: newId(),
          name: `Donor ${i}`,
          kind: 'state',
          synthetic: true,
          created_by: 'bench',
          updated_by: 'bench',
        })),
      )
      .execute();
    await handle.db
      .insertInto('item')
      .values(
        Array.from({ length: ITEMS }, (_, i) => ({
          id: newId(),
          code: `ITEM-${i}`,
          name: `Item ${i}`,
          category: 'energy/generator',
          unit: 'unit',
          // Half the catalogue has a reference price: those pledges get a price-list valuation.
          ...(i % 2 === 0 ? { reference_price_amount: '100', reference_price_currency: 'EUR' } : {}),
          synthetic: true,
          created_by: 'bench',
          updated_by: 'bench',
        })),
      )
      .execute();
    const file = join(root, 'pledges.csv');
    process.stderr.write(`writing ${ROWS.toLocaleString('en')} pledges to ${file}\n`);
    await writeFileOfPledges(file);
    const bytes = (await stat(file)).size;

    // Baseline: PostgreSQL's own COPY of the file into a bare table of the same columns.
    process.stderr.write('raw COPY\n');
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    await client.query(
      'CREATE TABLE bench_bare (external_id text, donor text, item_code text, quantity numeric, announced_on date, value numeric, currency text)',
    );
    const copyStarted = performance.now();
    await pipeline(
      createReadStream(file),
      client.query(copyFrom('COPY bench_bare FROM STDIN (FORMAT csv, HEADER true)')),
    );
    const copyMs = performance.now() - copyStarted;
    await client.query('DROP TABLE bench_bare');
    await client.end();

    process.stderr.write('import (bulk path, --apply)\n');
    const importStarted = performance.now();
    const stages: { stage: string; at: number }[] = [];
    const onProgress = ({ stage }: { stage: string }) => {
      if (stages.at(-1)?.stage !== stage) stages.push({ stage, at: performance.now() });
    };
    const report = await runImport(server.url, {
      onProgress,
      path: file,
      entity: 'pledge',
      format: 'csv',
      mapping: {},
      mode: 'all_or_nothing',
      apply: true,
      actor: systemActor('bench'),
    });
    const importMs = performance.now() - importStarted;
    const stageTimes = stages.map((s, i) => {
      const next = stages[i + 1]?.at ?? importStarted + importMs;
      return `${s.stage} ${sec(next - s.at)}`;
    });
    process.stderr.write(`stages: ${stageTimes.join(', ')}\n`);
    if (report.status !== 'applied' || report.counts.created !== ROWS) {
      throw new Error(
        `the import did not create every row: ${JSON.stringify(report.counts)} ${report.error ?? ''}`,
      );
    }

    process.stderr.write('re-import of the same file (all unchanged)\n');
    const againStarted = performance.now();
    const again = await runImport(server.url, {
      path: file,
      entity: 'pledge',
      format: 'csv',
      mapping: {},
      mode: 'all_or_nothing',
      apply: true,
      actor: systemActor('bench'),
    });
    const againMs = performance.now() - againStarted;
    if (again.counts.unchanged !== ROWS) throw new Error(`re-import: ${JSON.stringify(again.counts)}`);

    // XLSX: other pledges (new external ids), as a workbook and, for comparison, as CSV.
    const timedImport = async (path: string, format: 'csv' | 'xlsx', rows: number) => {
      const started = performance.now();
      const result = await runImport(server.url, {
        path,
        entity: 'pledge',
        format,
        mapping: {},
        mode: 'all_or_nothing',
        apply: true,
        actor: systemActor('bench'),
      });
      if (result.status !== 'applied' || result.counts.created !== rows) {
        throw new Error(`${format} import: ${JSON.stringify(result.counts)} ${result.error ?? ''}`);
      }
      return performance.now() - started;
    };
    const workbook = join(root, 'pledges.xlsx');
    process.stderr.write(`writing ${XLSX_ROWS.toLocaleString('en')} pledges to ${workbook}\n`);
    await writeWorkbookOfPledges(workbook, XLSX_ROWS, 'xlsx');
    const workbookBytes = (await stat(workbook)).size;
    process.stderr.write('XLSX import\n');
    const xlsxMs = await timedImport(workbook, 'xlsx', XLSX_ROWS);
    const sameAsCsv = join(root, 'pledges-xlsx-rows.csv');
    await writeFileOfPledges(sameAsCsv, XLSX_ROWS, 'xlsx-csv');
    process.stderr.write('the same rows as CSV\n');
    const xlsxCsvMs = await timedImport(sameAsCsv, 'csv', XLSX_ROWS);

    const maxRssKib = process.resourceUsage().maxRSS;
    const loadAfter = (await readFile('/proc/loadavg', 'utf8')).trim();
    const ratio = copyMs / importMs;
    const cpu = execFileSync('sh', ['-c', "lscpu | grep -E '^(CPU\\(s\\)|Model name)' | tr -s ' '"])
      .toString()
      .trim();
    const pgVersion = (
      await handle.db.selectNoFrom((eb) => eb.fn<string>('version').as('v')).executeTakeFirstOrThrow()
    ).v;
    const lines = [
      '# import benchmark',
      '',
      `- date: ${new Date().toISOString()}`,
      `- machine: ${cpu.replaceAll('\n', '; ')}; ${Math.round(os.totalmem() / 1024 ** 3)} GiB; Node ${process.version}`,
      `- load average (1, 5, 15 min) before: ${loadBefore.split(' ').slice(0, 3).join(', ')}; after: ${loadAfter.split(' ').slice(0, 3).join(', ')} — the machine is shared, so times are upper bounds`,
      `- PostgreSQL: embedded, ${pgVersion.split(' ').slice(0, 2).join(' ')}`,
      `- file: ${ROWS.toLocaleString('en')} pledges, ${mib(bytes)} CSV (${DONORS} donors by name, ${ITEMS} items by code, a third with a value in EUR)`,
      '- run: `npm run bench:import` (bench/import.bench.ts), one run each',
      '',
      '| path | time | rows/s | vs raw COPY |',
      '|---|---|---|---|',
      `| raw PostgreSQL COPY into a bare table (baseline) | ${sec(copyMs)} | ${Math.round(ROWS / (copyMs / 1000)).toLocaleString('en')} | 1.00× |`,
      `| aidgrid import --apply (bulk path) | ${sec(importMs)} | ${Math.round(ROWS / (importMs / 1000)).toLocaleString('en')} | **${ratio.toFixed(2)}×** COPY's speed (target ≥ 0.5×: ${ratio >= 0.5 ? 'met' : 'NOT met'}) |`,
      `| the same file again (all ${again.counts.unchanged.toLocaleString('en')} unchanged) | ${sec(againMs)} | ${Math.round(ROWS / (againMs / 1000)).toLocaleString('en')} | ${(copyMs / againMs).toFixed(2)}× |`,
      '',
      `- peak RSS of the process (process.resourceUsage().maxRSS): **${mib(maxRssKib * 1024)}** (target < 1 GiB: ${maxRssKib * 1024 < 1024 ** 3 ? 'met' : 'NOT met'})`,
      `- the import: ${JSON.stringify(report.counts)}, ${report.duplicates_flagged} possible duplicate pairs flagged`,
      `- where the import's time goes: ${stageTimes.join('; ')} (reading includes the COPY into the staging table)`,
      '- what the import does beyond the COPY: decode and check every cell in Node (numbers, dates, currency, lengths),',
      '  resolve names through map tables, one CREATE TABLE AS SELECT of the checks, INSERT … SELECT into `pledge` (its',
      '  indexes, foreign keys and triggers), one source link per pledge, EUR valuations, the duplicate-pledge check,',
      '  one audit entry — all in one transaction.',
      `- XLSX: ${XLSX_ROWS.toLocaleString('en')} other pledges in one sheet (${mib(workbookBytes)}, written with exceljs's streaming writer), imported with --apply into the same database: **${sec(xlsxMs)}** (${Math.round(XLSX_ROWS / (xlsxMs / 1000)).toLocaleString('en')} rows/s); the same rows as CSV: ${sec(xlsxCsvMs)} — the workbook costs ${(xlsxMs / xlsxCsvMs).toFixed(2)}× the CSV (exceljs's streaming reader, then the same path).`,
      '',
    ];
    await writeFile('bench/results/import.md', lines.join('\n'));
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await handle.close();
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
