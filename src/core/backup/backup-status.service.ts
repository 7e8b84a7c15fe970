import type { Kysely } from 'kysely';
import {
  type BackupRunRow,
  findBackupSchedule,
  findLatestBackupRun,
  listRecentBackupRuns,
  readWalArchiverStatus,
} from '../../db/repositories/backup.repository.js';
import type { Database } from '../../db/schema.js';
import type { BackupRun, BackupStatus } from './backup.schema.js';

function toRun(row: BackupRunRow | undefined): BackupRun | null {
  if (!row) return null;
  return {
    kind: row.kind,
    trigger: row.trigger,
    started_at: new Date(row.started_at).toISOString(),
    finished_at: new Date(row.finished_at).toISOString(),
    ok: row.ok,
    backup_path: row.backup_path,
    size_bytes: row.size_bytes === null ? null : Number(row.size_bytes),
    end_lsn: row.end_lsn,
    duration_ms: row.duration_ms,
    summary: row.summary,
  };
}

/** What an admin sees of backups: the schedule, the last backup and verified restore, WAL archiving. */
export function createBackupStatusService({ db }: { db: Kysely<Database> }) {
  return {
    async status(): Promise<BackupStatus> {
      const [schedule, lastBackup, lastRestore, recent, archiver] = await Promise.all([
        findBackupSchedule(db),
        findLatestBackupRun(db, 'backup', true),
        findLatestBackupRun(db, 'restore_test', true),
        listRecentBackupRuns(db, 20),
        readWalArchiverStatus(db),
      ]);
      return {
        schedule: schedule
          ? {
              enabled: schedule.enabled,
              daily_at: schedule.daily_at,
              keep: schedule.keep,
              restore_test: schedule.restore_test,
            }
          : null,
        last_backup: toRun(lastBackup),
        last_verified_restore: toRun(lastRestore),
        wal_archiving: {
          enabled: archiver.archive_mode !== 'off',
          last_archived_wal: archiver.last_archived_wal,
          last_archived_at: archiver.last_archived_time
            ? new Date(archiver.last_archived_time).toISOString()
            : null,
          failed_count: Number(archiver.failed_count),
          last_failed_at: archiver.last_failed_time
            ? new Date(archiver.last_failed_time).toISOString()
            : null,
        },
        recent: recent.map((row) => toRun(row) as BackupRun),
      };
    },
  };
}

export type BackupStatusService = ReturnType<typeof createBackupStatusService>;
