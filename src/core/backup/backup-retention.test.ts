import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackupService, listBackups } from './backup.service.js';

let root: string | undefined;
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function fakeBackup(dir: string, name: string, startWal: string): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  const manifest = {
    format: 'aidgrid-base-backup/1',
    label: name,
    start: { lsn: '0/1', wal_file: startWal, time: '2026-12-01T02:00:00Z' },
    end: { lsn: '0/2', wal_file: startWal, time: '2026-12-01T02:00:05Z' },
    archives: [],
    files: [],
  };
  await writeFile(join(dir, name, 'manifest.json'), JSON.stringify(manifest));
}

describe('backup retention', () => {
  it('keeps the newest N complete backups and the WAL back to the oldest kept one', async () => {
    root = await mkdtemp(join(tmpdir(), 'aidgrid-retention-'));
    const backupDir = join(root, 'backups');
    const walDir = join(root, 'wal');
    await mkdir(walDir, { recursive: true });
    await fakeBackup(backupDir, 'aidgrid-backup-20261201T020000Z', '000000010000000000000002');
    await fakeBackup(backupDir, 'aidgrid-backup-20261202T020000Z', '000000010000000000000005');
    await fakeBackup(backupDir, 'aidgrid-backup-20261203T020000Z', '000000010000000000000009');
    // Not complete (no manifest) and not a backup: never counted, never removed.
    await mkdir(join(backupDir, 'aidgrid-backup-20261204T020000Z.partial-abc123'), { recursive: true });
    await mkdir(join(backupDir, 'notes'), { recursive: true });
    for (let segment = 1; segment <= 10; segment++) {
      await writeFile(
        join(walDir, `0000000100000000000000${segment.toString(16).toUpperCase().padStart(2, '0')}`),
        '',
      );
    }

    const service = createBackupService({
      settings: {
        dataDir: root,
        backupDir,
        walArchiveDir: walDir,
        walArchiveTimeoutSeconds: 60,
        aidgridVersion: 'test',
      },
    });
    const result = await service.applyRetention(2);
    expect(result.removedBackups).toEqual([join(backupDir, 'aidgrid-backup-20261201T020000Z')]);
    expect(result.removedWal).toBe(4);
    expect((await listBackups(backupDir)).map((backup) => backup.manifest.label)).toEqual([
      'aidgrid-backup-20261202T020000Z',
      'aidgrid-backup-20261203T020000Z',
    ]);
    expect((await readdir(backupDir)).sort()).toContain('notes');
    expect((await readdir(walDir)).sort()[0]).toBe('000000010000000000000005');

    expect(await service.applyRetention(5)).toEqual({ removedBackups: [], removedWal: 0 });
  });
});
