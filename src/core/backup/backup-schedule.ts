import type { Kysely } from 'kysely';
import { findBackupSchedule, findLatestBackupRun } from '../../db/repositories/backup.repository.js';
import type { Database } from '../../db/schema.js';
import type { BackupService } from './backup.service.js';

export interface BackupSchedule {
  readonly enabled: boolean;
  /** 'HH:MM:SS', UTC */
  readonly daily_at: string;
  readonly keep: number;
  readonly restore_test: boolean;
}

/** 'HH:MM' or 'HH:MM:SS' as 'HH:MM:SS'; undefined when it is not a time of day. */
export function parseDailyAt(text: string): string | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(text.trim());
  return match ? `${match[1]}:${match[2]}:${match[3] ?? '00'}` : undefined;
}

/** The latest moment at or before `now` when the daily backup was due. */
export function latestDueTime(dailyAt: string, now: Date): Date {
  const [hours, minutes, seconds] = dailyAt.split(':').map(Number) as [number, number, number];
  const due = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hours, minutes, seconds),
  );
  if (due > now) due.setUTCDate(due.getUTCDate() - 1);
  return due;
}

/** Due when no successful base backup started at or after the latest due time. */
export function isBackupDue(
  schedule: BackupSchedule | undefined,
  lastBackupStartedAt: Date | undefined,
  now: Date,
): boolean {
  if (!schedule?.enabled) return false;
  return !lastBackupStartedAt || lastBackupStartedAt < latestDueTime(schedule.daily_at, now);
}

export function describeSchedule(schedule: BackupSchedule | undefined): string {
  if (!schedule?.enabled)
    return 'scheduled backups are off (turn on with: aidgrid backup schedule --daily HH:MM)';
  return `daily base backup at ${schedule.daily_at.slice(0, 5)} UTC, keeping ${schedule.keep}, WAL kept back to the oldest; restore test ${schedule.restore_test ? 'after each' : 'off'}`;
}

/** Runs a task now and then; the server uses a timer, a job queue can take its place. */
export interface Ticker {
  every(intervalMs: number, task: () => Promise<void>): { stop(): Promise<void> };
}

/** A ticker on setInterval that never overlaps a task with itself and waits for the running one on stop. */
export const intervalTicker: Ticker = {
  every(intervalMs, task) {
    let running: Promise<void> | undefined;
    const timer = setInterval(() => {
      running ??= task().finally(() => {
        running = undefined;
      });
    }, intervalMs);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await running;
      },
    };
  },
};

export interface BackupSchedulerDeps {
  readonly db: Kysely<Database>;
  readonly service: BackupService;
  /** A superuser URL of the embedded server. */
  readonly url: string;
  readonly ticker?: Ticker;
  readonly intervalMs?: number;
  readonly clock?: () => Date;
  readonly log?: (line: string) => void;
}

/** One scheduler step: a due base backup, then retention, then (if asked) its restore test. */
export async function runScheduledBackup(deps: BackupSchedulerDeps): Promise<'skipped' | 'done'> {
  const { db, service, url } = deps;
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log ?? (() => undefined);
  const schedule = await findBackupSchedule(db);
  const last = await findLatestBackupRun(db, 'backup', true);
  if (!isBackupDue(schedule, last ? new Date(last.started_at) : undefined, clock())) return 'skipped';
  if (!schedule) return 'skipped';
  const result = await service.backup(url, 'schedule');
  log(`scheduled base backup written to ${result.path} (${result.size} bytes)`);
  await service.applyRetention(schedule.keep);
  if (schedule.restore_test) {
    const report = await service.restoreTest(result.path, 'schedule');
    log(report.ok ? `restore test passed: ${result.path}` : `restore test FAILED: ${report.summary}`);
  }
  return 'done';
}

/** Checks the schedule every minute (by default) for as long as the server runs. */
export function startBackupScheduler(deps: BackupSchedulerDeps): { stop(): Promise<void> } {
  const log = deps.log ?? (() => undefined);
  const ticker = deps.ticker ?? intervalTicker;
  return ticker.every(deps.intervalMs ?? 60_000, async () => {
    try {
      await runScheduledBackup(deps);
    } catch (error) {
      log(`scheduled backup failed: ${(error as Error).message}`);
    }
  });
}
