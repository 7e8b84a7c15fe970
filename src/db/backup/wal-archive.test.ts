import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatServerSettings, shellQuote } from '../server-settings.js';
import { pruneWalArchive, restoreCommand, segmentRange, walArchiveSettings } from './wal-archive.js';

const MB16 = 16 * 1024 * 1024;

describe('WAL archive', () => {
  it('lists the segments from start to end, across a log boundary', () => {
    expect(segmentRange('000000010000000000000003', '000000010000000000000005', MB16)).toEqual([
      '000000010000000000000003',
      '000000010000000000000004',
      '000000010000000000000005',
    ]);
    expect(segmentRange('0000000200000000000000FF', '000000020000000100000000', MB16)).toEqual([
      '0000000200000000000000FF',
      '000000020000000100000000',
    ]);
  });

  it('removes segments older than the oldest kept backup, on every timeline, and keeps history files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aidgrid-wal-test-'));
    try {
      const names = [
        '000000010000000000000001',
        '000000010000000000000002',
        '000000010000000000000003',
        '000000010000000000000003.00000028.backup',
        '000000020000000000000002.partial',
        '000000020000000000000004',
        '00000002.history',
      ];
      for (const name of names) await writeFile(join(dir, name), '');
      const removed = await pruneWalArchive(dir, '000000010000000000000003');
      expect(removed).toEqual([
        '000000010000000000000001',
        '000000010000000000000002',
        '000000020000000000000002.partial',
      ]);
      expect((await readdir(dir)).sort()).toEqual([
        '000000010000000000000003',
        '000000010000000000000003.00000028.backup',
        '00000002.history',
        '000000020000000000000004',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('quotes the archive directory for the shell and doubles % for PostgreSQL', () => {
    const settings = walArchiveSettings("/srv/it's 100%", 30);
    expect(settings.archive_mode).toBe('on');
    expect(settings.archive_timeout).toBe('30s');
    expect(settings.archive_command).toContain(`f='/srv/it'\\''s 100%%'/%f;`);
    expect(restoreCommand('/a b')).toBe(`cp '/a b'/%f %p`);
  });

  it('passes each setting to pg_ctl as one shell word', () => {
    expect(formatServerSettings({ archive_command: "cp %p '/x'" })).toBe(
      ` -c ${shellQuote("archive_command=cp %p '/x'")}`,
    );
    expect(() => formatServerSettings({ 'bad name; rm': 'x' })).toThrow('not a PostgreSQL setting name');
    expect(formatServerSettings(undefined)).toBe('');
  });
});
