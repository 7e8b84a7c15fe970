/**
 * Benchmark: backups and restores (issue 20). For the demo and for the demo plus 1,000,000 needs
 * and 1,000,000 pledges (loaded set-based), on an embedded PostgreSQL with WAL archiving:
 * the physical path (base backup, verify, restore with replay and the post-restore checks: the
 * RTO we state) against the logical path measured in the same run (export-dump, import-dump into a
 * fresh database with its checks). Writes bench/results/backup.md.
 *
 *   npm run bench:backup
 *   BENCH_ROWS=100000 npm run bench:backup     # a smaller load (the result file says which)
 */
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { createBackupService } from '../src/core/backup/backup.service.js';
import { runPostRestoreChecks } from '../src/core/backup/post-restore-checks.js';
import { createDemoService } from '../src/core/demo/demo.service.js';
import { exportDump, importDump } from '../src/db/backup/logical-dump.js';
import { prepareWalArchive, walArchiveSettings } from '../src/db/backup/wal-archive.js';
import { flushWalArchive } from '../src/db/backup/wal-flush.js';
import { connectDatabase } from '../src/db/connection.js';
import { openEmbedded } from '../src/db/embedded.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { AIDGRID_VERSION } from '../src/version.js';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);

interface Figures {
  readonly label: string;
  readonly databaseBytes: number;
  readonly rows: number;
  readonly backupMs: number;
  readonly backupBytes: number;
  readonly verifyMs: number;
  readonly restoreMs: number;
  readonly restoreChecks: string;
  readonly exportMs: number;
  readonly dumpBytes: number;
  readonly importMs: number;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function time<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function main(): Promise<void> {
  const loadBefore = (await readFile('/proc/loadavg', 'utf8')).trim();
  const root = await mkdtemp(join(os.tmpdir(), 'aidgrid-bench-backup-'));
  await chmod(root, 0o755);
  const archive = join(root, 'wal');
  await prepareWalArchive(archive);
  const dataDir = join(root, 'data');
  const server = await openEmbedded({
    dataDir,
    mode: 'serve',
    label: 'bench',
    settings: walArchiveSettings(archive, 60),
  });
  const handle = connectDatabase(server.url);
  const settings = {
    dataDir,
    backupDir: join(root, 'backups'),
    walArchiveDir: archive,
    walArchiveTimeoutSeconds: 60,
    aidgridVersion: AIDGRID_VERSION,
  };
  const service = createBackupService({ settings, log: (line) => process.stderr.write(`  ${line}\n`) });
  const results: Figures[] = [];
  let restores = 0;
  let pgVersion = '';

  async function measure(label: string): Promise<void> {
    process.stderr.write(`${label}\n`);
    await sql`CHECKPOINT`.execute(handle.db);
    const size = await sql<{ bytes: string; rows: string }>`
      SELECT pg_database_size(current_database())::text AS bytes,
             ((SELECT count(*) FROM need) + (SELECT count(*) FROM pledge))::text AS rows`.execute(handle.db);
    const [backup, backupMs] = await time(() => service.backup(server.url, 'command'));
    pgVersion = backup.manifest.postgresql.version;
    const [verified, verifyMs] = await time(() => service.verify(backup.path));
    if (!verified.ok) throw new Error(verified.summary);
    // What a lost disk costs to come back from: unpack, replay the archive to its end, promote, check.
    await flushWalArchive(server.url);
    const [restored, restoreMs] = await time(() =>
      service.restore(backup.path, join(root, `restored-${restores++}`)),
    );
    if (!restored.ok) throw new Error(restored.summary);
    const dumpFile = join(root, `${label.replace(/\W+/g, '-')}.tar.gz`);
    const [dump, exportMs] = await time(() =>
      exportDump({ url: server.url, outFile: dumpFile, aidgridVersion: AIDGRID_VERSION }),
    );
    const name = `bench_import_${results.length}`;
    const admin = new pg.Client({ connectionString: server.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    const target = connectDatabase(url.toString());
    const [, importMs] = await time(async () => {
      const imported = await importDump({ url: url.toString(), db: target.db, file: dumpFile });
      const checks = await runPostRestoreChecks(target.db, { auditHead: imported.summary.audit_head });
      if (!checks.ok) throw new Error(JSON.stringify(checks));
    });
    await target.close();
    await rm(join(root, `restored-${restores - 1}`), { recursive: true, force: true });
    results.push({
      label,
      databaseBytes: Number(size.rows[0]?.bytes),
      rows: Number(size.rows[0]?.rows),
      backupMs,
      backupBytes: backup.size,
      verifyMs,
      restoreMs,
      restoreChecks: restored.checks.map((check) => `${check.name} ${check.ok ? 'ok' : 'FAILED'}`).join(', '),
      exportMs,
      dumpBytes: dump.size,
      importMs,
    });
  }

  try {
    await migrateToLatest(handle.db);
    await createDemoService({ db: handle.db }).load({ force: false });
    await measure('demo');

    process.stderr.write(`loading ${ROWS} needs and ${ROWS} pledges\n`);
    const [, loadMs] = await time(async () => {
      await sql`
        INSERT INTO need (id, recipient_org_id, region_id, item_id, quantity, priority, needed_by, justification,
                          owner_org_id, classification, synthetic, created_by, updated_by)
        SELECT gen_random_uuid(), n.recipient_org_id, n.region_id, n.item_id, n.quantity, n.priority, n.needed_by,
               'bench', n.owner_org_id, n.classification, true, 'bench', 'bench'
          FROM generate_series(0, ${ROWS - 1}) AS g
          JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM need WHERE incident_id IS NULL) AS n
            ON n.k = g % (SELECT count(*) FROM need WHERE incident_id IS NULL)`.execute(handle.db);
      await sql`
        INSERT INTO pledge (id, donor_org_id, item_id, quantity, recipient_org_id, announced_on, owner_org_id,
                            classification, synthetic, created_by, updated_by)
        SELECT gen_random_uuid(), p.donor_org_id, p.item_id, p.quantity, p.recipient_org_id, p.announced_on,
               p.owner_org_id, p.classification, true, 'bench', 'bench'
          FROM generate_series(0, ${ROWS - 1}) AS g
          JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS k, * FROM pledge) AS p
            ON p.k = g % (SELECT count(*) FROM pledge)`.execute(handle.db);
      await sql`ANALYZE`.execute(handle.db);
    });
    process.stderr.write(`  loaded in ${sec(loadMs)}\n`);
    await measure(`demo + ${ROWS.toLocaleString('en')} needs + ${ROWS.toLocaleString('en')} pledges`);
  } finally {
    await handle.close();
    await server.stop();
    await rm(root, { recursive: true, force: true });
  }

  const loadAfter = (await readFile('/proc/loadavg', 'utf8')).trim();
  const lscpu = execFileSync('lscpu', { encoding: 'utf8' })
    .split('\n')
    .filter((line) => /^(Model name|CPU\(s\)|Thread|Core)/.test(line))
    .map((line) => line.replace(/\s+/g, ' ').trim());
  const rows = results.map(
    (r) =>
      `| ${r.label} | ${r.rows.toLocaleString('en')} | ${mib(r.databaseBytes)} | ${sec(r.backupMs)} | ${mib(r.backupBytes)} | ${sec(r.verifyMs)} | **${sec(r.restoreMs)}** | ${sec(r.exportMs)} | ${mib(r.dumpBytes)} | ${sec(r.importMs)} |`,
  );
  const text = `# backup and restore benchmark

- date: ${new Date().toISOString()}
- machine: ${lscpu.join('; ')}; ${Math.round(os.totalmem() / 1024 ** 3)} GiB; Node ${process.version}
- load average (1, 5, 15 min) before: ${loadBefore.split(' ').slice(0, 3).join(', ')}; after: ${loadAfter.split(' ').slice(0, 3).join(', ')} — the machine is shared by other builds, so times are upper bounds
- PostgreSQL: embedded ${pgVersion} with WAL archiving to a local directory; base backups gzip level 1, dumps gzip level 6
- run: \`npm run bench:backup\` (bench/backup.bench.ts), one run each

| data | needs + pledges | database | base backup | backup size | verify | restore (RTO) | export-dump | dump size | import-dump |
|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

- **restore (RTO)**: \`aidgrid restore\` as measured: check and unpack the base backup, start PostgreSQL,
  replay the archived WAL to its end, promote, and run the post-restore checks (${results[0]?.restoreChecks ?? ''}).
  It does not include copying the backup back from off-site storage.
- **baseline**: the logical path in the same run — export-dump, then import-dump into a fresh database
  with the same checks. It is the way across PostgreSQL major versions, not the fast way back.
- RPO is not a time measured here: with WAL archiving, a lost disk loses at most the changes of the
  current WAL segment, which is archived when full or after AIDGRID_WAL_ARCHIVE_TIMEOUT (default 60 s).
`;
  await writeFile('bench/results/backup.md', text);
  process.stdout.write(text);
}

await main();
