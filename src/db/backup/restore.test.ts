import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { lsnValue, restoreBaseBackup } from './restore.js';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('restore targets', () => {
  it('compares WAL locations as numbers', () => {
    expect(lsnValue('0/10000120')).toBe(0x10000120n);
    expect(lsnValue('1/0') > lsnValue('0/FFFFFFFF')).toBe(true);
  });

  it('refuses a moment before the backup ended, before touching the data directory', async () => {
    root = await mkdtemp(join(tmpdir(), 'aidgrid-restore-'));
    const backupDir = join(root, 'aidgrid-backup-20261207T011734Z');
    await mkdir(backupDir);
    const manifest = {
      format: 'aidgrid-base-backup/1',
      label: 'aidgrid-backup-20261207T011734Z',
      start: { lsn: '0/10000028', wal_file: '000000010000000000000010', time: '2026-12-07T01:17:34Z' },
      end: { lsn: '0/10000120', wal_file: '000000010000000000000010', time: '2026-12-07T01:17:39.796Z' },
      archives: [],
      files: [],
    };
    await writeFile(join(backupDir, 'manifest.json'), JSON.stringify(manifest));
    const dataDir = join(root, 'data');
    const options = { backupDir, dataDir, walArchiveDir: join(root, 'wal') };
    await expect(
      restoreBaseBackup({ ...options, target: { time: new Date('2026-12-07T01:00:00Z') } }),
    ).rejects.toMatchObject({ code: 'target_before_backup' });
    await expect(restoreBaseBackup({ ...options, target: { lsn: '0/10000000' } })).rejects.toMatchObject({
      code: 'target_before_backup',
    });
    await expect(stat(dataDir)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(
      restoreBaseBackup({ backupDir, dataDir, target: { time: new Date('2026-12-07T02:00:00Z') } }),
    ).rejects.toMatchObject({ code: 'wal_archive_missing' });
  });
});
