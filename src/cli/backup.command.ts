import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import type { Config } from '../config.js';
import { createBackupService } from '../core/backup/backup.service.js';
import { describeSchedule, parseDailyAt, startBackupScheduler } from '../core/backup/backup-schedule.js';
import type { RestoreTarget } from '../db/backup/restore.js';
import { flushWalArchive } from '../db/backup/wal-flush.js';
import { migrateToLatest } from '../db/migrate.js';
import { type OpenedDatabase, openConfiguredDatabase } from '../db/open.js';
import { findBackupSchedule, saveBackupSchedule } from '../db/repositories/backup.repository.js';
import { AIDGRID_VERSION } from '../version.js';
import { configFromCommand } from './options.js';
import { CliError, count, printResult } from './output.js';

const say = (line: string) => process.stderr.write(`aidgrid: ${line}\n`);

function backupSettings(config: Config) {
  return {
    dataDir: config.dataDir,
    backupDir: config.backupDir,
    walArchiveDir: config.walArchiveDir,
    walArchiveTimeoutSeconds: config.walArchiveTimeoutSeconds,
    aidgridVersion: AIDGRID_VERSION,
  };
}

/** The embedded server (the running `serve`'s, or one started for the command), migrated. */
async function openEmbeddedForBackup(config: Config, label: string): Promise<OpenedDatabase> {
  if (config.databaseUrl) {
    throw new Error(
      'physical backups are of the embedded PostgreSQL; with DATABASE_URL use `aidgrid export-dump` or the server’s own backups',
    );
  }
  const database = await openConfiguredDatabase(config, 'command', label);
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.shutdown();
    throw error;
  }
  return database;
}

function wholeNumber(text: string): number {
  if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 365) {
    throw new InvalidArgumentError('write a whole number from 1 to 365');
  }
  return Number(text);
}

function dailyAtArgument(text: string): string {
  const parsed = parseDailyAt(text);
  if (!parsed) throw new InvalidArgumentError('write a UTC time of day as HH:MM, e.g. 02:30');
  return parsed;
}

/** `--to`: an ISO 8601 time with a zone (Z or ±hh:mm), so that no local clock is guessed at. */
function timeArgument(text: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    throw new InvalidArgumentError('write an ISO 8601 time with its zone, e.g. 2026-12-07T01:30:00Z');
  }
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw new InvalidArgumentError(`"${text}" is not a valid time`);
  return time;
}

function lsnArgument(text: string): string {
  if (!/^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/.test(text)) {
    throw new InvalidArgumentError('write a WAL location as PostgreSQL prints it, e.g. 0/3A0001C8');
  }
  return text.toUpperCase();
}

export function registerBackupCommand(program: Command): void {
  const backup = program
    .command('backup')
    .description('base backups of the embedded PostgreSQL, their verification and schedule');

  // The default subcommand, so that `aidgrid backup --json` takes a backup and subcommands keep their own options.
  backup
    .command('take', { isDefault: true })
    .description('take a base backup now, beside a running server or alone (the default: `aidgrid backup`)')
    .option(
      '--out <dir>',
      'directory to write the backup in (env AIDGRID_BACKUP_DIR, default ./aidgrid-backups)',
    )
    .option('--json', "print the backup's path and manifest as JSON")
    .action(async (options: { out?: string; json?: boolean }, command: Command) => {
      const config = configFromCommand(command);
      const database = await openEmbeddedForBackup(config, 'backup');
      try {
        const url = database.embedded?.url as string;
        const service = createBackupService({ settings: backupSettings(config), db: database.db, log: say });
        const result = await service.backup(url, 'command', options.out ? resolve(options.out) : undefined);
        printResult(
          Boolean(options.json),
          { path: result.path, size: result.size, manifest: result.manifest },
          () =>
            `base backup written to ${result.path}: ${count(result.manifest.files.length, 'file')}, ${count(result.size, 'byte')}, LSN ${result.manifest.start.lsn} – ${result.manifest.end.lsn}${result.manifest.wal_archiving ? '' : ' (WAL archiving is off: restores to its end only)'}`,
        );
      } finally {
        await database.shutdown();
      }
    });

  backup
    .command('verify <backup>')
    .description(
      "check every checksum of a backup's manifest; --restore-test also restores it into a scratch directory and runs the checks",
    )
    .option(
      '--restore-test',
      'restore into a scratch directory on a free port, run audit verify (and the other checks), remove it',
    )
    .option('--json', 'print the result as JSON (the exit code still marks a failure)')
    .action(async (path: string, options: { restoreTest?: boolean; json?: boolean }, command: Command) => {
      const config = configFromCommand(command);
      const backupDir = resolve(path);
      if (!options.restoreTest) {
        const service = createBackupService({ settings: backupSettings(config), log: say });
        const result = await service.verify(backupDir);
        finish(Boolean(options.json), result.ok, result, result.summary);
        return;
      }
      // The run is logged in the instance's database when there is one to log in (for the admin view).
      const database = config.databaseUrl ? undefined : await openEmbeddedForBackup(config, 'backup verify');
      try {
        const service = createBackupService({ settings: backupSettings(config), db: database?.db, log: say });
        const report = await service.restoreTest(backupDir, 'command');
        finish(Boolean(options.json), report.ok, report, report.summary);
      } finally {
        await database?.shutdown();
      }
    });

  backup
    .command('flush-wal')
    .description(
      'switch to a new WAL segment and wait until it is archived: everything committed before is then in the archive',
    )
    .option('--json', 'print the archived segment as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = configFromCommand(command);
      if (!config.walArchiveDir) throw new Error('WAL archiving is off: set AIDGRID_WAL_ARCHIVE_DIR');
      const database = await openEmbeddedForBackup(config, 'backup flush-wal');
      try {
        const result = await flushWalArchive(database.embedded?.url as string);
        printResult(
          Boolean(options.json),
          result,
          () => `WAL archived through ${result.wal_file} (LSN ${result.lsn})`,
        );
      } finally {
        await database.shutdown();
      }
    });

  backup
    .command('schedule')
    .description('show or change the daily base backup the server runs (with retention and restore test)')
    .option('--daily <HH:MM>', 'UTC time of day of the base backup (turns the schedule on)', dailyAtArgument)
    .option('--keep <n>', 'base backups kept (WAL is kept back to the oldest)', wholeNumber)
    .option('--restore-test', 'restore each scheduled backup into a scratch directory and run the checks')
    .option('--no-restore-test', 'do not test-restore scheduled backups')
    .option('--off', 'stop scheduled backups')
    .option('--json', 'print the schedule as JSON')
    .action(
      async (
        options: { daily?: string; keep?: number; restoreTest?: boolean; off?: boolean; json?: boolean },
        command: Command,
      ) => {
        const config = configFromCommand(command);
        const database = config.databaseUrl
          ? await openConfiguredDatabase(config, 'command', 'backup schedule')
          : await openEmbeddedForBackup(config, 'backup schedule');
        try {
          await migrateToLatest(database.db);
          const current = await findBackupSchedule(database.db);
          const changing =
            options.daily !== undefined ||
            options.keep !== undefined ||
            options.off ||
            options.restoreTest !== undefined;
          const schedule = changing
            ? await saveBackupSchedule(database.db, {
                enabled: options.off
                  ? false
                  : options.daily !== undefined
                    ? true
                    : (current?.enabled ?? false),
                daily_at: options.daily ?? current?.daily_at ?? '02:00:00',
                keep: options.keep ?? current?.keep ?? 7,
                restore_test: options.restoreTest ?? current?.restore_test ?? true,
              })
            : current;
          printResult(Boolean(options.json), schedule ?? { enabled: false }, () =>
            describeSchedule(schedule),
          );
        } finally {
          await database.shutdown();
        }
      },
    );

  program
    .command('restore <backup>')
    .description(
      'restore a base backup into the (empty) data directory, replaying archived WAL up to --to / --to-lsn or to its end, then run the post-restore checks',
    )
    .option('--to <time>', 'restore the state as of this time (ISO 8601 with zone)', timeArgument)
    .option('--to-lsn <lsn>', 'restore up to this WAL location', lsnArgument)
    .option('--json', 'print the result as JSON (the exit code still marks a failure)')
    .action(
      async (path: string, options: { to?: Date; toLsn?: string; json?: boolean }, command: Command) => {
        const config = configFromCommand(command);
        if (config.databaseUrl)
          throw new Error('restore writes an embedded data directory: unset DATABASE_URL');
        if (options.to && options.toLsn) throw new CliError('give --to or --to-lsn, not both');
        const target: RestoreTarget | undefined = options.to
          ? { time: options.to }
          : options.toLsn
            ? { lsn: options.toLsn }
            : undefined;
        const service = createBackupService({ settings: backupSettings(config), log: say });
        const report = await service.restore(resolve(path), config.dataDir, target);
        finish(Boolean(options.json), report.ok, report, report.summary);
      },
    );
}

function finish(json: boolean, ok: boolean, value: unknown, summary: string): void {
  if (json) {
    printResult(true, value, () => summary);
    if (!ok) process.exitCode = 1;
    return;
  }
  if (!ok) throw new Error(summary);
  printResult(false, value, () => summary);
}

/**
 * The server's timer for `aidgrid backup schedule` (embedded PostgreSQL only: physical backups
 * read its data directory). Returns undefined with DATABASE_URL.
 */
export function startScheduledBackups(
  config: Config,
  database: OpenedDatabase,
  log: (line: string) => void,
): { stop(): Promise<void> } | undefined {
  if (config.databaseUrl || !database.embedded) return undefined;
  return startBackupScheduler({
    db: database.db,
    service: createBackupService({ settings: backupSettings(config), db: database.db, log }),
    url: database.embedded.url,
    log,
  });
}
