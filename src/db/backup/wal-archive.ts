import { spawn } from 'node:child_process';
import { chown, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ServerSettings } from '../server-settings.js';
import { shellQuote } from '../server-settings.js';

/** A WAL segment file name: timeline, log and segment, 8 hex digits each. */
const SEGMENT = /^[0-9A-F]{24}$/;

// PostgreSQL replaces %f and %p in archive and restore commands; a literal % in the path is %%.
function archivePath(dir: string): string {
  return shellQuote(dir.replaceAll('%', '%%'));
}

/**
 * Continuous archiving into `dir`: each finished WAL segment is copied under a temporary name,
 * flushed and renamed, so the archive never holds half a segment; a segment archived before (the
 * archiver retries after a crash) succeeds only if the copy is identical. `archive_timeout` bounds
 * how old the newest unarchived change can be when the server is quiet.
 */
export function walArchiveSettings(dir: string, timeoutSeconds: number): ServerSettings {
  const target = `${archivePath(dir)}/%f`;
  return {
    wal_level: 'replica',
    archive_mode: 'on',
    archive_timeout: `${timeoutSeconds}s`,
    archive_command: `f=${target}; if [ -f "$f" ]; then cmp -s %p "$f"; else cp %p "$f.part" && sync "$f.part" && mv "$f.part" "$f"; fi`,
  };
}

/** The restore side: a segment or history file copied back from the archive. */
export function restoreCommand(dir: string): string {
  return `cp ${archivePath(dir)}/%f %p`;
}

/** Creates the archive directory, owned by the user PostgreSQL runs as when we are root. */
export async function prepareWalArchive(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const owner = await postgresRunAsIds();
  if (owner) await chown(dir, owner.uid, owner.gid);
}

/** The uid and gid of `postgres` when we are root (the embedded server runs as it), else undefined. */
export async function postgresRunAsIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const name = 'postgres';
  let ids = await lookUpUser(name);
  if (!ids) {
    await run('useradd', ['--system', '--user-group', '--no-create-home', name]);
    ids = await lookUpUser(name);
  }
  if (!ids)
    throw new Error(`cannot find or create user ${name}, who runs PostgreSQL when aidgrid runs as root`);
  return ids;
}

async function lookUpUser(name: string): Promise<{ uid: number; gid: number } | undefined> {
  const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { uid: Number.parseInt(uid.output, 10), gid: Number.parseInt(gid.output, 10) };
}

function run(file: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', () => resolve({ code: null, output }));
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** Segment names from `first` to `last` inclusive on first's timeline, for segments of `segmentSize` bytes. */
export function segmentRange(first: string, last: string, segmentSize: number): string[] {
  if (!SEGMENT.test(first) || !SEGMENT.test(last))
    throw new Error(`not WAL segment names: ${first}, ${last}`);
  const perLog = 0x1_0000_0000 / segmentSize;
  const timeline = first.slice(0, 8);
  const position = (name: string) =>
    Number.parseInt(name.slice(8, 16), 16) * perLog + Number.parseInt(name.slice(16, 24), 16);
  const names: string[] = [];
  for (let p = position(first); p <= position(last); p++) {
    const log = Math.floor(p / perLog);
    const seg = p % perLog;
    names.push(
      `${timeline}${log.toString(16).toUpperCase().padStart(8, '0')}${seg.toString(16).toUpperCase().padStart(8, '0')}`,
    );
  }
  return names;
}

/**
 * Removes archived segments older than `oldestNeeded` (the start segment of the oldest kept base
 * backup), on any timeline; history files and backup labels are tiny and kept. Returns the removed names.
 */
export async function pruneWalArchive(dir: string, oldestNeeded: string): Promise<string[]> {
  if (!SEGMENT.test(oldestNeeded)) throw new Error(`not a WAL segment name: ${oldestNeeded}`);
  const keepFrom = oldestNeeded.slice(8);
  const removed: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const base = name.replace(/\.partial$/, '');
    if (!SEGMENT.test(base) || base.slice(8) >= keepFrom) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}
