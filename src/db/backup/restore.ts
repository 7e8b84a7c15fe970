/**
 * Restore of a base backup into an empty data directory: the archive is unpacked (each file checked
 * against the manifest on the way), then PostgreSQL recovers, replaying the backup's own WAL and,
 * when an archive is given, archived WAL up to the target (recovery_target_time / _lsn, else the end
 * of the archive), and promotes. Returns the running server; the caller checks it and stops it.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import pg from 'pg';
import { type EmbeddedServer, openEmbedded } from '../embedded.js';
import type { ServerSettings } from '../server-settings.js';
import { BASE_ARCHIVE, type BackupManifest, CREDENTIALS_FILE, readManifest } from './manifest.js';
import { readTar } from './tar.js';
import { restoreCommand } from './wal-archive.js';

export type RestoreTarget = { readonly time: Date } | { readonly lsn: string };

export interface RestoreOptions {
  readonly backupDir: string;
  /** An aidgrid data directory that does not exist or is empty. */
  readonly dataDir: string;
  readonly target?: RestoreTarget | undefined;
  /** Archived WAL to roll forward with; without it the backup restores to its own end. */
  readonly walArchiveDir?: string | undefined;
  readonly log?: (line: string) => void;
}

export interface RestoredServer {
  readonly server: EmbeddedServer;
  readonly manifest: BackupManifest;
  readonly dataDir: string;
  /** Milliseconds from the first byte read to the promoted server. */
  readonly elapsedMs: number;
}

export class RestoreError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RestoreError';
  }
}

const promotionPollMs = 250;

export async function restoreBaseBackup(options: RestoreOptions): Promise<RestoredServer> {
  const began = Date.now();
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const manifest = await readManifest(options.backupDir);
  if (options.target && !options.walArchiveDir) {
    throw new RestoreError(
      'wal_archive_missing',
      'a restore to a point in time replays archived WAL: set AIDGRID_WAL_ARCHIVE_DIR to the archive',
    );
  }
  checkTargetAfterBackup(options.target, manifest);
  await ensureEmptyDirectory(dataDir);
  const pgDir = join(dataDir, 'pg');
  try {
    await mkdir(pgDir, { mode: 0o700 });
    await unpack(join(options.backupDir, BASE_ARCHIVE), pgDir, manifest);
    await copyFile(join(options.backupDir, CREDENTIALS_FILE), join(dataDir, CREDENTIALS_FILE));
  } catch (error) {
    await emptyDirectory(dataDir);
    throw error;
  }
  log(`unpacked ${manifest.files.length} files of ${manifest.label} into ${pgDir}`);

  const settings: Record<string, string> = {};
  if (options.walArchiveDir) {
    // The recovery run never archives: a restore beside a running server must not put a second
    // timeline into its archive. The restored server archives its new timeline once served.
    settings.restore_command = restoreCommand(options.walArchiveDir);
    settings.recovery_target_action = 'promote';
    // Stay on the backup's timeline: a branch some other restore left in the archive is not followed.
    settings.recovery_target_timeline = 'current';
    if (options.target && 'time' in options.target) {
      settings.recovery_target_time = options.target.time.toISOString().replace('T', ' ').replace('Z', '+00');
    } else if (options.target) {
      settings.recovery_target_lsn = options.target.lsn;
    }
    await writeFile(join(pgDir, 'recovery.signal'), '', { mode: 0o600 });
  }
  const server = await startRecovery(dataDir, settings, log);
  try {
    await waitForPromotion(server, dataDir);
  } catch (error) {
    await server.stop().catch(() => undefined);
    throw error;
  }
  return { server, manifest, dataDir, elapsedMs: Date.now() - began };
}

async function startRecovery(
  dataDir: string,
  settings: ServerSettings,
  log: (line: string) => void,
): Promise<EmbeddedServer> {
  try {
    return await openEmbedded({ dataDir, mode: 'command', label: 'restore', log, settings });
  } catch (error) {
    throw new RestoreError('recovery_failed', `recovery did not start: ${(error as Error).message}`);
  }
}

async function waitForPromotion(server: EmbeddedServer, dataDir: string): Promise<void> {
  let failures = 0;
  for (;;) {
    const client = new pg.Client({ connectionString: server.adminUrl, connectionTimeoutMillis: 5_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const result = await client.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
      failures = 0;
      if (result.rows[0]?.recovering === false) return;
    } catch {
      failures++;
      if (failures >= 8) {
        throw new RestoreError(
          'recovery_failed',
          `PostgreSQL stopped during recovery: ${await logTail(join(dataDir, 'postgres.log'))}`,
        );
      }
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((done) => setTimeout(done, promotionPollMs));
  }
}

async function logTail(path: string): Promise<string> {
  const text = await readFile(path, 'utf8').catch(() => '');
  const lines = text
    .split('\n')
    .filter((line) => /FATAL|PANIC|ERROR|LOG:\s+(recovery|redo|last completed)/.test(line))
    .slice(-3)
    .map((line) => line.replace(/^.*?(FATAL|PANIC|ERROR|LOG):\s*/, '$1: ').trim());
  return lines.join(' | ') || `see ${path}`;
}

async function ensureEmptyDirectory(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (entries === undefined) {
    await mkdir(dir, { recursive: true });
    return;
  }
  if (entries.length > 0) {
    throw new RestoreError(
      'data_dir_not_empty',
      `${dir} is not empty (${entries.length} entries); restore only into an empty or new directory`,
    );
  }
}

async function emptyDirectory(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    await rm(join(dir, name), { recursive: true, force: true });
  }
}

/** Unpacks base.tar.gz, checking each file against the manifest; a mismatch stops it and names the file. */
async function unpack(archive: string, pgDir: string, manifest: BackupManifest): Promise<void> {
  const expected = new Map(manifest.files.map((file) => [file.path, file]));
  let current = '(archive start)';
  try {
    await readTar(createReadStream(archive).pipe(createGunzip()), async (header) => {
      current = header.path;
      const target = join(pgDir, header.path);
      if (!target.startsWith(`${pgDir}/`))
        throw new Error(`entry outside the data directory: ${header.path}`);
      if (header.type === 'directory') {
        await mkdir(target, { recursive: true, mode: 0o700 });
        return { data: () => undefined, end: () => undefined };
      }
      const want = expected.get(header.path);
      if (!want) throw new Error('not in the manifest');
      await mkdir(dirname(target), { recursive: true, mode: 0o700 });
      const handle = await open(target, 'wx', 0o600);
      const hash = createHash('sha256');
      return {
        data: async (chunk) => {
          hash.update(chunk);
          await handle.write(chunk);
        },
        end: async () => {
          await handle.close();
          if (hash.digest('hex') !== want.sha256) throw new Error('SHA-256 differs from the manifest');
          expected.delete(header.path);
        },
      };
    });
  } catch (error) {
    throw new RestoreError(
      'backup_damaged',
      `backup damaged: ${BASE_ARCHIVE}:${current} (${(error as Error).message}); nothing restored`,
    );
  }
  const missing = [...expected.keys()];
  if (missing.length > 0) {
    throw new RestoreError(
      'backup_damaged',
      `backup damaged: ${BASE_ARCHIVE} lacks ${missing.length} file(s) of the manifest, e.g. ${missing[0]}; nothing restored`,
    );
  }
  if (!(await stat(join(pgDir, 'PG_VERSION')).catch(() => undefined))) {
    throw new RestoreError('backup_damaged', `${BASE_ARCHIVE} holds no PG_VERSION`);
  }
}

/**
 * A backup restores no earlier than its end (the first consistent state); PostgreSQL asked for an
 * earlier moment would silently stop there instead, holding changes made after the moment asked for.
 */
function checkTargetAfterBackup(target: RestoreTarget | undefined, manifest: BackupManifest): void {
  if (!target) return;
  const tooEarly =
    'time' in target
      ? target.time.getTime() < Date.parse(manifest.end.time)
      : lsnValue(target.lsn) < lsnValue(manifest.end.lsn);
  if (tooEarly) {
    throw new RestoreError(
      'target_before_backup',
      `${manifest.label} ended at ${manifest.end.time} (LSN ${manifest.end.lsn}); to restore an earlier moment use an older backup`,
    );
  }
}

/** A WAL location 'X/Y' as one number. */
export function lsnValue(lsn: string): bigint {
  const [high, low] = lsn.split('/');
  return (BigInt(`0x${high ?? '0'}`) << 32n) + BigInt(`0x${low ?? '0'}`);
}
