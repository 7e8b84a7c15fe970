import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { insertBackupRun, saveBackupSchedule } from '../../../db/repositories/backup.repository.js';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.tokenFor({ role: 'admin' });
}, 120_000);
afterAll(async () => t?.close());

const run = (kind: 'backup' | 'restore_test', ok: boolean, finished: string, summary: string) => ({
  id: crypto.randomUUID(),
  kind,
  trigger: 'schedule' as const,
  started_at: new Date(new Date(finished).getTime() - 5000),
  finished_at: new Date(finished),
  ok,
  backup_path: '/backups/aidgrid-backup-20261201T020000Z',
  size_bytes: kind === 'backup' ? 7_745_188 : null,
  end_lsn: kind === 'backup' ? '0/30005C8' : null,
  duration_ms: 5000,
  summary,
});

describe('GET /api/v1/admin/backups', () => {
  it('is for admins only', async () => {
    expect((await t.injectAnonymous({ method: 'GET', url: '/api/v1/admin/backups' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/backups' })).statusCode).toBe(403);
  });

  it('shows the schedule, the newest good backup and verified restore, and the runs', async () => {
    const empty = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/backups',
      headers: { authorization: admin },
    });
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json()).toMatchObject({
      schedule: null,
      last_backup: null,
      last_verified_restore: null,
      recent: [],
    });

    await saveBackupSchedule(t.database.db, {
      enabled: true,
      daily_at: '02:30:00',
      keep: 5,
      restore_test: true,
    });
    await insertBackupRun(t.database.db, run('backup', true, '2026-12-01T02:00:05Z', 'good backup'));
    await insertBackupRun(t.database.db, run('restore_test', true, '2026-12-01T02:01:00Z', 'good restore'));
    await insertBackupRun(t.database.db, run('backup', false, '2026-12-02T02:00:05Z', 'base backup failed'));
    await insertBackupRun(t.database.db, run('restore_test', false, '2026-12-02T02:01:00Z', 'checks failed'));

    const response = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/backups',
      headers: { authorization: admin },
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.schedule).toEqual({ enabled: true, daily_at: '02:30:00', keep: 5, restore_test: true });
    expect(body.last_backup).toMatchObject({ summary: 'good backup', size_bytes: 7_745_188, ok: true });
    expect(body.last_verified_restore).toMatchObject({ summary: 'good restore', ok: true });
    expect(body.recent.map((r: { summary: string }) => r.summary)).toEqual([
      'checks failed',
      'base backup failed',
      'good restore',
      'good backup',
    ]);
    expect(typeof body.wal_archiving.enabled).toBe('boolean');
  });
});
