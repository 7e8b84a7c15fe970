import { chmod, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { type BackupManifest, readManifest, verifyBackup } from '../../db/backup/manifest.js';
import { type BaseBackupResult, takeBaseBackup } from '../../db/backup/physical-backup.js';
import { type RestoreTarget, restoreBaseBackup } from '../../db/backup/restore.js';
import { pruneWalArchive } from '../../db/backup/wal-archive.js';
import { connectDatabase } from '../../db/connection.js';
import { insertBackupRun } from '../../db/repositories/backup.repository.js';
import type { Database } from '../../db/schema.js';
import { newId } from '../shared/ids.js';
import {
  type CheckResult,
  type PostRestoreCheck,
  postRestoreChecks,
  runPostRestoreChecks,
} from './post-restore-checks.js';

export interface BackupSettings {
  /** The aidgrid data directory of the embedded server. */
  readonly dataDir: string;
  readonly backupDir: string;
  readonly walArchiveDir: string | undefined;
  readonly walArchiveTimeoutSeconds: number;
  readonly aidgridVersion: string;
}

export interface BackupServiceDeps {
  readonly settings: BackupSettings;
  /** Where runs are logged for the admin view; none for a restore into a new directory. */
  readonly db?: Kysely<Database> | undefined;
  readonly checks?: readonly PostRestoreCheck[];
  readonly log?: (line: string) => void;
  readonly clock?: () => Date;
}

export type RunTrigger = 'schedule' | 'command';

export interface RestoreReport {
  readonly ok: boolean;
  readonly backup: string;
  readonly data_dir: string;
  readonly target: string | null;
  readonly elapsed_ms: number;
  readonly checks: CheckResult[];
  readonly summary: string;
}

const BACKUP_NAME = /^aidgrid-backup-\d{8}T\d{6}Z$/;

/** Base backups, their verification, restores with their checks, and retention. */
export function createBackupService({
  settings,
  db,
  checks = postRestoreChecks,
  log = () => undefined,
  clock = () => new Date(),
}: BackupServiceDeps) {
  async function record(run: {
    kind: 'backup' | 'restore_test';
    trigger: RunTrigger;
    started: Date;
    ok: boolean;
    path: string | null;
    size: number | null;
    endLsn: string | null;
    summary: string;
  }): Promise<void> {
    if (!db) return;
    const finished = clock();
    await insertBackupRun(db, {
      id: newId(),
      kind: run.kind,
      trigger: run.trigger,
      started_at: run.started,
      finished_at: finished,
      ok: run.ok,
      backup_path: run.path,
      size_bytes: run.size,
      end_lsn: run.endLsn,
      duration_ms: Math.max(0, finished.getTime() - run.started.getTime()),
      summary: run.summary,
    });
  }

  async function restoreAndCheck(options: {
    backupDir: string;
    dataDir: string;
    target?: RestoreTarget | undefined;
  }): Promise<{ report: RestoreReport; stop: () => Promise<void> }> {
    const restored = await restoreBaseBackup({
      backupDir: options.backupDir,
      dataDir: options.dataDir,
      target: options.target,
      walArchiveDir: settings.walArchiveDir,
      log,
    });
    const handle = connectDatabase(restored.server.url, { max: 2 });
    let result: { ok: boolean; checks: CheckResult[] };
    try {
      result = await runPostRestoreChecks(handle.db, { auditHead: restored.manifest.audit_head }, checks);
    } finally {
      await handle.close();
    }
    const target = describeTarget(options.target);
    const failed = result.checks.filter((check) => !check.ok);
    const summary = result.ok
      ? `restored ${restored.manifest.label} into ${options.dataDir}${target ? ` up to ${target}` : ''} in ${(restored.elapsedMs / 1000).toFixed(1)} s; ${result.checks.map((check) => `${check.name}: ${check.summary}`).join('; ')}`
      : `restored ${restored.manifest.label} into ${options.dataDir} but checks failed: ${failed.map((check) => `${check.name}: ${check.summary}`).join('; ')}`;
    return {
      report: {
        ok: result.ok,
        backup: options.backupDir,
        data_dir: options.dataDir,
        target,
        elapsed_ms: restored.elapsedMs,
        checks: result.checks,
        summary,
      },
      stop: () => restored.server.stop(),
    };
  }

  return {
    /** Takes a base backup of the running embedded server at `url` (a superuser URL) into the backup directory. */
    async backup(url: string, trigger: RunTrigger, outDir = settings.backupDir): Promise<BaseBackupResult> {
      const started = clock();
      try {
        const result = await takeBaseBackup({
          url,
          dataDir: settings.dataDir,
          outDir,
          walArchiveDir: settings.walArchiveDir,
          aidgridVersion: settings.aidgridVersion,
          log,
          clock,
        });
        await record({
          kind: 'backup',
          trigger,
          started,
          ok: true,
          path: result.path,
          size: result.size,
          endLsn: result.manifest.end.lsn,
          summary: `base backup ${result.manifest.label}: ${result.manifest.files.length} files, ${result.size} bytes`,
        });
        return result;
      } catch (error) {
        await record({
          kind: 'backup',
          trigger,
          started,
          ok: false,
          path: null,
          size: null,
          endLsn: null,
          summary: `base backup failed: ${(error as Error).message}`,
        }).catch(() => undefined);
        throw error;
      }
    },

    verify: verifyBackup,

    /** Restores into `dataDir` (empty), runs the post-restore checks, stops the restored server. */
    async restore(backupDir: string, dataDir: string, target?: RestoreTarget): Promise<RestoreReport> {
      const { report, stop } = await restoreAndCheck({
        backupDir,
        dataDir,
        target,
      });
      await stop();
      return report;
    },

    /** Checksums, then a restore into a scratch directory with the checks; the scratch directory is removed. */
    async restoreTest(backupDir: string, trigger: RunTrigger): Promise<RestoreReport> {
      const started = clock();
      const scratch = await mkdtemp(join(tmpdir(), 'aidgrid-restore-test-'));
      // PostgreSQL runs as its own user when we are root: it must be able to enter the directory.
      await chmod(scratch, 0o755);
      try {
        const checksums = await verifyBackup(backupDir);
        if (!checksums.ok) {
          const report: RestoreReport = {
            ok: false,
            backup: backupDir,
            data_dir: scratch,
            target: null,
            elapsed_ms: 0,
            checks: [{ name: 'backup verify', ok: false, summary: checksums.summary }],
            summary: checksums.summary,
          };
          await record({
            kind: 'restore_test',
            trigger,
            started,
            ok: false,
            path: backupDir,
            size: null,
            endLsn: null,
            summary: report.summary,
          });
          return report;
        }
        const { report, stop } = await restoreAndCheck({
          backupDir,
          dataDir: scratch,
        });
        await stop();
        const withChecksums = {
          ...report,
          checks: [{ name: 'backup verify', ok: true, summary: checksums.summary }, ...report.checks],
        };
        await record({
          kind: 'restore_test',
          trigger,
          started,
          ok: report.ok,
          path: backupDir,
          size: null,
          endLsn: null,
          summary: report.summary,
        });
        return withChecksums;
      } catch (error) {
        await record({
          kind: 'restore_test',
          trigger,
          started,
          ok: false,
          path: backupDir,
          size: null,
          endLsn: null,
          summary: `restore test failed: ${(error as Error).message}`,
        }).catch(() => undefined);
        throw error;
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },

    /** Keeps the newest `keep` base backups and the archived WAL back to the oldest of them. */
    async applyRetention(keep: number): Promise<{ removedBackups: string[]; removedWal: number }> {
      const backups = await listBackups(settings.backupDir);
      const doomed = backups.slice(0, Math.max(0, backups.length - keep));
      for (const backup of doomed) await rm(backup.path, { recursive: true, force: true });
      const oldest = backups[doomed.length];
      let removedWal = 0;
      if (oldest && settings.walArchiveDir) {
        removedWal = (await pruneWalArchive(settings.walArchiveDir, oldest.manifest.start.wal_file)).length;
      }
      if (doomed.length > 0 || removedWal > 0) {
        log(`retention: removed ${doomed.length} base backup(s) and ${removedWal} archived WAL segment(s)`);
      }
      return { removedBackups: doomed.map((backup) => backup.path), removedWal };
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;

/** Complete base backups in `dir` (those with a readable manifest), oldest first. */
export async function listBackups(dir: string): Promise<{ path: string; manifest: BackupManifest }[]> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((name) => BACKUP_NAME.test(name))
    .sort();
  const found: { path: string; manifest: BackupManifest }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    if (!(await stat(path)).isDirectory()) continue;
    const manifest = await readManifest(path).catch(() => undefined);
    if (manifest) found.push({ path, manifest });
  }
  return found;
}

function describeTarget(target: RestoreTarget | undefined): string | null {
  if (!target) return null;
  return 'time' in target ? target.time.toISOString() : `LSN ${target.lsn}`;
}
