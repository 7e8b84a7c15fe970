import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runPostRestoreChecks } from '../core/backup/post-restore-checks.js';
import { exportDump, importDump } from '../db/backup/logical-dump.js';
import { openConfiguredDatabase } from '../db/open.js';
import { AIDGRID_VERSION } from '../version.js';
import { configFromCommand } from './options.js';
import { count, printResult } from './output.js';

const say = (line: string) => process.stderr.write(`aidgrid: ${line}\n`);

export function registerDumpCommands(program: Command): void {
  program
    .command('export-dump')
    .description(
      'logical export of the whole database at one snapshot (any PostgreSQL ≥ 15, embedded or DATABASE_URL): the way across major versions and servers',
    )
    .option('--out <file>', 'where to write the dump (default ./aidgrid-dump-<time>.tar.gz)')
    .option('--json', 'print the path, header and summary as JSON')
    .action(async (options: { out?: string; json?: boolean }, command: Command) => {
      const config = configFromCommand(command);
      const stamp = new Date()
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z');
      const outFile = resolve(options.out ?? `aidgrid-dump-${stamp}.tar.gz`);
      const database = await openConfiguredDatabase(config, 'command', 'export-dump');
      try {
        const dump = await exportDump({ url: database.url, outFile, aidgridVersion: AIDGRID_VERSION });
        const rows = dump.summary.tables.reduce((sum, table) => sum + table.rows, 0);
        printResult(
          Boolean(options.json),
          dump,
          () =>
            `dump written to ${dump.path}: ${count(dump.summary.tables.length, 'table')}, ${count(rows, 'row')}, ${count(dump.size, 'byte')}, migration ${dump.header.migrations.at(-1)?.name ?? 'none'}`,
        );
      } finally {
        await database.shutdown();
      }
    });

  program
    .command('import-dump <dump>')
    .description(
      'load a dump written by export-dump into a fresh database (a new --data-dir, or an empty DATABASE_URL database), then run the post-restore checks',
    )
    .option('--json', 'print the result as JSON (the exit code still marks a failure)')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const config = configFromCommand(command);
      const database = await openConfiguredDatabase(config, 'command', 'import-dump', say);
      try {
        const began = Date.now();
        const imported = await importDump({
          url: database.url,
          db: database.db,
          file: resolve(file),
          log: say,
        });
        const checks = await runPostRestoreChecks(database.db, { auditHead: imported.summary.audit_head });
        const result = {
          ok: checks.ok,
          dump: resolve(file),
          tables: imported.header.tables.length,
          rows: imported.rows,
          elapsed_ms: Date.now() - began,
          checks: checks.checks,
        };
        const summary = `imported ${count(result.rows, 'row')} in ${count(result.tables, 'table')} from ${result.dump}; ${checks.checks.map((check) => `${check.name}: ${check.summary}`).join('; ')}`;
        if (options.json) {
          printResult(true, result, () => summary);
          if (!checks.ok) process.exitCode = 1;
        } else if (!checks.ok) {
          throw new Error(`import finished but checks failed: ${summary}`);
        } else printResult(false, result, () => summary);
      } finally {
        await database.shutdown();
      }
    });
}
