import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { insertBackupRun, saveBackupSchedule } from '../../db/repositories/backup.repository.js';
import type { BackupService } from './backup.service.js';
import { runScheduledBackup } from './backup-schedule.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
}, 120_000);
afterAll(async () => database?.drop());

describe('scheduled backups', () => {
  it('takes the due backup once, then retention and the restore test; nothing when off or done', async () => {
    const calls: string[] = [];
    let now = new Date('2026-12-07T03:00:00Z');
    const service = {
      async backup(url: string, trigger: string) {
        calls.push(`backup ${url} ${trigger}`);
        await insertBackupRun(database.db, {
          id: crypto.randomUUID(),
          kind: 'backup',
          trigger: 'schedule',
          started_at: now,
          finished_at: now,
          ok: true,
          backup_path: '/b/aidgrid-backup-20261207T030000Z',
          size_bytes: 1,
          end_lsn: '0/1',
          duration_ms: 0,
          summary: 'ok',
        });
        return { path: '/b/aidgrid-backup-20261207T030000Z', size: 1 };
      },
      async applyRetention(keep: number) {
        calls.push(`retention ${keep}`);
        return { removedBackups: [], removedWal: 0 };
      },
      async restoreTest(path: string) {
        calls.push(`restore test ${path}`);
        return { ok: true, summary: 'ok' };
      },
    };
    // Only the three methods the scheduler calls; the rest of the service is not involved.
    const deps = {
      db: database.db,
      service: service as unknown as BackupService,
      url: 'postgres://x',
      clock: () => now,
    };

    expect(await runScheduledBackup(deps)).toBe('skipped');
    await saveBackupSchedule(database.db, {
      enabled: true,
      daily_at: '02:30:00',
      keep: 4,
      restore_test: true,
    });
    expect(await runScheduledBackup(deps)).toBe('done');
    expect(calls).toEqual([
      'backup postgres://x schedule',
      'retention 4',
      'restore test /b/aidgrid-backup-20261207T030000Z',
    ]);

    now = new Date('2026-12-07T23:00:00Z');
    expect(await runScheduledBackup(deps)).toBe('skipped');
    now = new Date('2026-12-08T02:31:00Z');
    await saveBackupSchedule(database.db, {
      enabled: true,
      daily_at: '02:30:00',
      keep: 4,
      restore_test: false,
    });
    expect(await runScheduledBackup(deps)).toBe('done');
    expect(calls.slice(3)).toEqual(['backup postgres://x schedule', 'retention 4']);
    await saveBackupSchedule(database.db, {
      enabled: false,
      daily_at: '02:30:00',
      keep: 4,
      restore_test: false,
    });
    now = new Date('2026-12-09T02:31:00Z');
    expect(await runScheduledBackup(deps)).toBe('skipped');
  });
});
