/**
 * Base backups of the embedded PostgreSQL while it serves, with PostgreSQL's low-level API:
 * pg_backup_start and pg_backup_stop in one session, the data files streamed between them into
 * base.tar.gz (torn pages are repaired by replaying the WAL from the start point), then the
 * backup_label and tablespace_map that pg_backup_stop returns, and the WAL segments from start to
 * end, so the backup restores alone; with WAL archiving it also rolls forward to any later moment.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, lstat, mkdir, open, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import {
  BASE_ARCHIVE,
  type BackupManifest,
  CREDENTIALS_FILE,
  MANIFEST_FILE,
  type ManifestFile,
  newManifest,
  sha256File,
} from './manifest.js';
import { TarWriter } from './tar.js';
import { segmentRange } from './wal-archive.js';

export interface BaseBackupOptions {
  /** A superuser URL of the embedded server (pg_backup_start needs it). */
  readonly url: string;
  /** The aidgrid data directory (holding pg/ and credentials.json). */
  readonly dataDir: string;
  /** The directory the backup directory is created in. */
  readonly outDir: string;
  readonly walArchiveDir: string | undefined;
  readonly aidgridVersion: string;
  readonly log?: (line: string) => void;
  readonly clock?: () => Date;
}

export interface BaseBackupResult {
  readonly path: string;
  readonly manifest: BackupManifest;
  /** Bytes of the backup directory. */
  readonly size: number;
}

// What pg_basebackup leaves out: runtime state rebuilt at start, and files a restore must not find.
const EXCLUDED_DIR_CONTENTS = new Set([
  'pg_wal',
  'pg_stat_tmp',
  'pg_replslot',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_subtrans',
]);
const EXCLUDED_FILES = new Set([
  'postmaster.pid',
  'postmaster.opts',
  'pg_internal.init',
  'backup_label',
  'backup_label.old',
  'tablespace_map',
  'current_logfiles',
  'postgresql.auto.conf.tmp',
  'recovery.signal',
  'standby.signal',
]);

const CHUNK = 1 << 20;

export async function takeBaseBackup(options: BaseBackupOptions): Promise<BaseBackupResult> {
  const log = options.log ?? (() => undefined);
  const clock = options.clock ?? (() => new Date());
  const pgDir = join(options.dataDir, 'pg');
  const label = `aidgrid-backup-${clock()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
  const finalDir = join(options.outDir, label);
  const workDir = `${finalDir}.partial-${randomBytes(3).toString('hex')}`;
  await mkdir(options.outDir, { recursive: true, mode: 0o700 });
  if (await exists(finalDir)) throw new Error(`${finalDir} already exists`);
  await mkdir(workDir, { mode: 0o700 });

  const client = new pg.Client({ connectionString: options.url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  let started = false;
  try {
    await client.connect();
    const settings = await client.query<{ version: string; major: string; segsize: string; system: string }>(
      `SELECT current_setting('server_version') AS version,
              current_setting('server_version_num')::int / 10000 AS major,
              current_setting('wal_segment_size') AS segsize,
              (SELECT system_identifier::text FROM pg_control_system()) AS system`,
    );
    const server = settings.rows[0] as { version: string; major: string; segsize: string; system: string };
    const segmentSize = parseSize(server.segsize);
    const archiving = (
      await client.query<{ on: boolean }>(`SELECT current_setting('archive_mode') <> 'off' AS on`)
    ).rows[0]?.on;
    // A temporary slot keeps every WAL segment from here on until this session ends, however long the copy takes.
    await client.query('SELECT pg_create_physical_replication_slot($1, true, true)', [
      `aidgrid_backup_${process.pid}_${randomBytes(3).toString('hex')}`,
    ]);
    const startRow = await client.query<{ lsn: string; file: string; time: Date }>(
      `SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS file, clock_timestamp() AS time
         FROM pg_backup_start($1, true) AS lsn`,
      [label],
    );
    started = true;
    const start = startRow.rows[0] as { lsn: string; file: string; time: Date };
    log(`backup started at LSN ${start.lsn}`);

    const files: ManifestFile[] = [];
    const archivePath = join(workDir, BASE_ARCHIVE);
    const gzip = createGzip({ level: 1 });
    const written = pipeline(gzip, createWriteStream(archivePath, { mode: 0o600 }));
    const tar = new TarWriter(gzip);
    await addDirectory(tar, pgDir, pgDir, files);

    const head = await readAuditHead(client);
    const migration = await readMigrationLevel(client);
    const stopRow = await client.query<{
      lsn: string;
      file: string;
      labelfile: string;
      spcmapfile: string;
      time: Date;
    }>(
      `SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS file, labelfile, spcmapfile, clock_timestamp() AS time
         FROM pg_backup_stop(true)`,
    );
    started = false;
    const stop = stopRow.rows[0] as {
      lsn: string;
      file: string;
      labelfile: string;
      spcmapfile: string;
      time: Date;
    };
    log(`backup stopped at LSN ${stop.lsn}`);
    await addContent(tar, 'backup_label', Buffer.from(stop.labelfile), files);
    await addContent(tar, 'tablespace_map', Buffer.from(stop.spcmapfile ?? ''), files);
    await addWal(tar, pgDir, options.walArchiveDir, start.file, stop.file, segmentSize, files);
    await tar.finish();
    gzip.end();
    await written;
    await fsyncFile(archivePath);

    const credentialsPath = join(workDir, CREDENTIALS_FILE);
    await copyFile(join(options.dataDir, CREDENTIALS_FILE), credentialsPath);
    const archives: ManifestFile[] = [];
    for (const name of [BASE_ARCHIVE, CREDENTIALS_FILE]) {
      archives.push({ path: name, ...(await sha256File(join(workDir, name))) });
    }
    const manifest = newManifest({
      label,
      start: { lsn: start.lsn, wal_file: start.file, time: start.time.toISOString() },
      end: { lsn: stop.lsn, wal_file: stop.file, time: stop.time.toISOString() },
      timeline: Number.parseInt(start.file.slice(0, 8), 16),
      wal_segment_size: segmentSize,
      system_identifier: server.system,
      postgresql: { version: server.version, major: String(server.major) },
      aidgrid_version: options.aidgridVersion,
      migration,
      audit_head: head,
      wal_archiving: Boolean(archiving && options.walArchiveDir),
      archives,
      files,
    });
    const manifestPath = join(workDir, MANIFEST_FILE);
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    await fsyncFile(manifestPath);
    await rename(workDir, finalDir);
    await fsyncFile(options.outDir);
    const size =
      archives.reduce((sum, file) => sum + file.size, 0) + (await stat(join(finalDir, MANIFEST_FILE))).size;
    return { path: finalDir, manifest, size };
  } catch (error) {
    if (started) await client.query('SELECT pg_backup_stop(false)').catch(() => undefined);
    await rm(workDir, { recursive: true, force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function parseSize(text: string): number {
  const match = /^(\d+)\s*(B|kB|MB|GB)?$/.exec(text.trim());
  if (!match) throw new Error(`unexpected wal_segment_size "${text}"`);
  const unit = { B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[(match[2] ?? 'B') as 'B'] ?? 1;
  return Number(match[1]) * unit;
}

async function addDirectory(tar: TarWriter, root: string, dir: string, files: ManifestFile[]): Promise<void> {
  let entries: string[];
  try {
    entries = (await readdir(dir)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  for (const name of entries) {
    const path = join(dir, name);
    const rel = relative(root, path);
    if (EXCLUDED_FILES.has(name) || name.startsWith('pgsql_tmp')) continue;
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (info.isSymbolicLink()) {
      throw new Error(
        `${rel} is a symbolic link (a tablespace or a moved pg_wal): not supported by aidgrid backup`,
      );
    }
    if (info.isDirectory()) {
      await tar.directory(rel, 0o700, info.mtimeMs / 1000);
      if (dir === root && EXCLUDED_DIR_CONTENTS.has(name)) {
        if (name === 'pg_wal') await tar.directory('pg_wal/archive_status');
        continue;
      }
      await addDirectory(tar, root, path, files);
    } else if (info.isFile()) {
      await addFile(tar, path, rel, info.size, info.mtimeMs / 1000, files);
    }
  }
}

// The size is fixed when the header is written: a file that grows is cut there and one that shrinks is
// padded with zeros, as pg_basebackup does; WAL replay from the start point rewrites both.
async function addFile(
  tar: TarWriter,
  path: string,
  rel: string,
  size: number,
  mtime: number,
  files: ManifestFile[],
): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    // A relation dropped during the backup: its removal is in the WAL.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const hash = createHash('sha256');
  try {
    await tar.begin({ path: rel, type: 'file', size, mode: 0o600, mtime });
    let done = 0;
    while (done < size) {
      const buffer = Buffer.alloc(Math.min(CHUNK, size - done));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, done);
      const chunk = bytesRead === 0 ? buffer : buffer.subarray(0, bytesRead);
      hash.update(chunk);
      await tar.data(chunk);
      done += chunk.length;
    }
    await tar.pad(size);
  } finally {
    await handle.close();
  }
  files.push({ path: rel, size, sha256: hash.digest('hex') });
}

async function addContent(
  tar: TarWriter,
  rel: string,
  content: Buffer,
  files: ManifestFile[],
): Promise<void> {
  await tar.file(rel, content);
  files.push({ path: rel, size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
}

// Archived copies first: a segment already archived may have been recycled in pg_wal.
async function addWal(
  tar: TarWriter,
  pgDir: string,
  archiveDir: string | undefined,
  first: string,
  last: string,
  segmentSize: number,
  files: ManifestFile[],
): Promise<void> {
  const walDir = join(pgDir, 'pg_wal');
  const history = (await readdir(walDir)).filter((name) => /^[0-9A-F]{8}\.history$/.test(name)).sort();
  for (const name of [...segmentRange(first, last, segmentSize), ...history]) {
    const candidates = [archiveDir ? join(archiveDir, name) : undefined, join(walDir, name)];
    let added = false;
    for (const candidate of candidates) {
      if (!candidate) continue;
      const info = await stat(candidate).catch(() => undefined);
      if (!info?.isFile()) continue;
      await addFile(tar, candidate, `pg_wal/${name}`, info.size, info.mtimeMs / 1000, files);
      added = true;
      break;
    }
    if (!added)
      throw new Error(
        `WAL segment ${name}, needed to restore this backup, is in neither pg_wal nor the archive`,
      );
  }
}

async function readAuditHead(client: pg.Client): Promise<{ seq: number; hash: string } | null> {
  try {
    const result = await client.query<{ seq: string; hash: string }>(
      'SELECT seq::text AS seq, hash FROM audit_entry WHERE hash IS NOT NULL ORDER BY seq DESC LIMIT 1',
    );
    const row = result.rows[0];
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null;
    throw error;
  }
}

async function readMigrationLevel(client: pg.Client): Promise<string | null> {
  try {
    const result = await client.query<{ name: string }>(
      'SELECT name FROM schema_migration ORDER BY name DESC LIMIT 1',
    );
    return result.rows[0]?.name ?? null;
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return null;
    throw error;
  }
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** Bytes used by the files of a directory (one level), for reports. */
export async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}
