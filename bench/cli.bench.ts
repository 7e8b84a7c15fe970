/**
 * Benchmark: how long the `aidgrid` command takes to answer, start to exit, as a user runs it.
 *
 * Targets (issue 16): `aidgrid --help` ≤ 0.3 s; `aidgrid report gaps` ≤ 1 s with `aidgrid serve`
 * running on the same data directory (the command uses its PostgreSQL) and ≤ 4 s without it (the
 * command starts the embedded PostgreSQL for its own duration). Baseline measured in the same run:
 * `node -e ''`, the cost of starting Node at all. Median of BENCH_RUNS (default 5) runs each, on a
 * data directory holding the demo. Writes bench/results/cli.md.
 *
 *   npm run bench:cli
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ensureDist } from '../bin/ensure-dist.mjs';
import { E2eSandbox, repoRoot } from '../test/support/cli.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const node = process.execPath;
const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
delete env.AIDGRID_DATA_DIR;

const cpuFile = path.join(os.tmpdir(), `aidgrid-cli-bench-${process.pid}.cpu`);

interface Run {
  /** Wall time, spawn to exit. */
  readonly ms: number;
  /** User + system CPU time of the command's process (GNU time), which a loaded machine inflates less. */
  readonly cpuMs: number;
}

/** One run; fails loudly when the command fails, so a broken CLI is not fast. */
function timeOnce(args: readonly string[]): Run {
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', cpuFile, node, ...args], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  const [user = 0, system = 0] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
  return { ms, cpuMs: (user + system) * 1000 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

interface Row {
  readonly what: string;
  readonly target: number | undefined;
  readonly runs: Run[];
}

function measure(what: string, target: number | undefined, args: readonly string[]): Row {
  timeOnce(args); // warm the file cache once, as a second invocation by a user would be
  const runs = Array.from({ length: RUNS }, () => timeOnce(args));
  process.stderr.write(`${what}: median ${median(runs.map((run) => run.ms)).toFixed(0)} ms\n`);
  return { what, target, runs };
}

const loadBefore = await readFile('/proc/loadavg', 'utf8');
ensureDist({ quiet: false });
const sandbox = new E2eSandbox();
const rows: Row[] = [];
try {
  const dataDir = await sandbox.dataDir();
  const cli = (...args: string[]) => ['bin/aidgrid.js', '--data-dir', dataDir, ...args];
  rows.push(measure("`node -e ''` (baseline)", undefined, ['-e', '']));
  rows.push(measure('`aidgrid --help`', 300, ['bin/aidgrid.js', '--help']));
  const server = await sandbox.serve(dataDir, ['--demo-password', 'bench passphrase 16']);
  rows.push(measure('`aidgrid report gaps`, server running', 1000, cli('report', 'gaps')));
  await server.stop();
  rows.push(
    measure('`aidgrid report gaps`, no server (embedded PostgreSQL started)', 4000, cli('report', 'gaps')),
  );
} finally {
  await sandbox.cleanup();
}
const loadAfter = await readFile('/proc/loadavg', 'utf8');
rmSync(cpuFile, { force: true });

const baseline = median((rows[0]?.runs ?? []).map((run) => run.ms));
const cpu = execFileSync('sh', ['-c', 'lscpu | head -n 15'], { encoding: 'utf8' }).trim();
const table = rows.map((row) => {
  const m = median(row.runs.map((run) => run.ms));
  const cpu = median(row.runs.map((run) => run.cpuMs));
  const verdict = row.target === undefined ? '' : m <= row.target ? 'met' : 'MISSED';
  const runs = row.runs.map((run) => run.ms.toFixed(0)).join(', ');
  return `| ${row.what} | ${m.toFixed(0)} | ${(m / baseline).toFixed(1)}× | ${cpu.toFixed(0)} | ${row.target ?? ''} | ${verdict} | ${runs} |`;
});
const report = `# CLI start-up

\`npm run bench:cli\` (bench/cli.bench.ts): wall time from spawn to exit of \`node bin/aidgrid.js …\` (compiled
dist/, Node ${process.versions.node}), median of ${RUNS} runs after one warm-up, against \`node -e ''\` in the same run.
CPU ms is user + system time of the command's own process (not the PostgreSQL server's), which a
loaded machine inflates less than the wall time. The data directory holds the demo; "server running" is \`aidgrid serve\` on the same directory (the command
uses its PostgreSQL); "no server" starts and stops the embedded PostgreSQL for the command.

Date: ${new Date().toISOString()}. Load average before: ${loadBefore.trim()}; after: ${loadAfter.trim()}
(the machine is shared with other work: figures are upper bounds).

| command | median ms | × baseline | CPU ms (median) | target ms | | runs ms |
|---|---|---|---|---|---|---|
${table.join('\n')}

Machine:

\`\`\`
${cpu}
\`\`\`
`;
writeFileSync(path.join(repoRoot, 'bench/results/cli.md'), report);
process.stdout.write(report);
