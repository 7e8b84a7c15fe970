import { type Insertable, type Selectable, sql } from 'kysely';
import type { BackupRunTable, BackupScheduleTable } from '../schema.js';
import type { Executor } from './record.repository.js';

export type BackupScheduleRow = Selectable<BackupScheduleTable>;
export type BackupRunRow = Selectable<BackupRunTable>;

export async function findBackupSchedule(db: Executor): Promise<BackupScheduleRow | undefined> {
  return db.selectFrom('backup_schedule').selectAll().executeTakeFirst();
}

export async function saveBackupSchedule(
  db: Executor,
  schedule: { enabled: boolean; daily_at: string; keep: number; restore_test: boolean },
): Promise<BackupScheduleRow> {
  return db
    .insertInto('backup_schedule')
    .values({ id: true, ...schedule })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...schedule, updated_at: new Date() }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function insertBackupRun(db: Executor, run: Insertable<BackupRunTable>): Promise<void> {
  await db.insertInto('backup_run').values(run).execute();
}

/** The newest run of a kind, successful or not when `okOnly` is false. */
export async function findLatestBackupRun(
  db: Executor,
  kind: BackupRunTable['kind'],
  okOnly: boolean,
): Promise<BackupRunRow | undefined> {
  let query = db.selectFrom('backup_run').selectAll().where('kind', '=', kind);
  if (okOnly) query = query.where('ok', '=', true);
  return query.orderBy('finished_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function listRecentBackupRuns(db: Executor, limit: number): Promise<BackupRunRow[]> {
  return db
    .selectFrom('backup_run')
    .selectAll()
    .orderBy('finished_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export interface WalArchiverRow {
  archive_mode: string;
  last_archived_wal: string | null;
  last_archived_time: Date | null;
  failed_count: string;
  last_failed_time: Date | null;
}

/** PostgreSQL's archiver statistics and whether archiving is on. */
export async function readWalArchiverStatus(db: Executor): Promise<WalArchiverRow> {
  const result = await sql<WalArchiverRow>`
    SELECT current_setting('archive_mode') AS archive_mode, last_archived_wal, last_archived_time,
           failed_count::text AS failed_count, last_failed_time
      FROM pg_stat_archiver`.execute(db);
  return result.rows[0] as WalArchiverRow;
}
