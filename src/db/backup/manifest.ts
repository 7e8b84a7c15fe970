import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { readTar } from './tar.js';

export const MANIFEST_FILE = 'manifest.json';
export const BASE_ARCHIVE = 'base.tar.gz';
export const CREDENTIALS_FILE = 'credentials.json';
const FORMAT = 'aidgrid-base-backup/1';

export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

export interface BackupPoint {
  readonly lsn: string;
  readonly wal_file: string;
  readonly time: string;
}

/** Everything needed to check a base backup and restore it; written last, so its presence means the backup is whole. */
export interface BackupManifest {
  readonly format: typeof FORMAT;
  readonly label: string;
  readonly start: BackupPoint;
  readonly end: BackupPoint;
  readonly timeline: number;
  readonly wal_segment_size: number;
  readonly system_identifier: string;
  readonly postgresql: { readonly version: string; readonly major: string };
  readonly aidgrid_version: string;
  readonly migration: string | null;
  /** The newest audit entry committed before the backup ended: every restore of it holds this head. */
  readonly audit_head: { readonly seq: number; readonly hash: string } | null;
  /** Whether WAL archiving was on (so that the backup can be rolled forward past its end). */
  readonly wal_archiving: boolean;
  /** The files of the backup directory beside this manifest. */
  readonly archives: readonly ManifestFile[];
  /** The files inside base.tar.gz, the data directory as PostgreSQL must find it. */
  readonly files: readonly ManifestFile[];
}

export function newManifest(fields: Omit<BackupManifest, 'format'>): BackupManifest {
  return { format: FORMAT, ...fields };
}

export async function readManifest(backupDir: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(backupDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    throw new Error(
      `${backupDir} is not a backup: cannot read ${MANIFEST_FILE} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  let parsed: Partial<BackupManifest>;
  try {
    parsed = JSON.parse(text) as Partial<BackupManifest>;
  } catch {
    throw new Error(`${join(backupDir, MANIFEST_FILE)} is damaged: not JSON`);
  }
  if (parsed.format !== FORMAT || !Array.isArray(parsed.files) || !Array.isArray(parsed.archives)) {
    throw new Error(`${join(backupDir, MANIFEST_FILE)} is not an aidgrid base backup manifest (${FORMAT})`);
  }
  return parsed as BackupManifest;
}

export interface BackupProblem {
  /** The damaged file: a file of the backup directory, or base.tar.gz:<path inside>. */
  readonly file: string;
  readonly problem: string;
}

export interface BackupVerification {
  readonly ok: boolean;
  readonly backup: string;
  readonly files_checked: number;
  readonly problems: readonly BackupProblem[];
  readonly summary: string;
}

export async function sha256File(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/**
 * Checks every checksum of the manifest without restoring: the backup directory's files, then
 * each file inside the archive, so that a damaged backup names the damaged file.
 */
export async function verifyBackup(backupDir: string): Promise<BackupVerification> {
  const manifest = await readManifest(backupDir);
  const problems: BackupProblem[] = [];
  for (const expected of manifest.archives) {
    const found = await sha256File(join(backupDir, expected.path)).catch(() => undefined);
    if (!found) problems.push({ file: expected.path, problem: 'missing' });
    else if (found.size !== expected.size) {
      problems.push({ file: expected.path, problem: `size ${found.size}, manifest says ${expected.size}` });
    } else if (found.sha256 !== expected.sha256) {
      problems.push({ file: expected.path, problem: 'SHA-256 differs from the manifest' });
    }
  }
  let checked = 0;
  const inner = await checkArchive(join(backupDir, BASE_ARCHIVE), manifest.files, () => {
    checked++;
  });
  problems.push(...inner);
  const ok = problems.length === 0;
  const summary = ok
    ? `backup ${backupDir} intact: ${manifest.archives.length} files and ${checked} files inside ${BASE_ARCHIVE} match the manifest (end ${manifest.end.time}, LSN ${manifest.end.lsn})`
    : `backup ${backupDir} is damaged: ${problems
        .slice(0, 3)
        .map((p) => `${p.file} (${p.problem})`)
        .join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`;
  return { ok, backup: backupDir, files_checked: checked + manifest.archives.length, problems, summary };
}

/** Streams a .tar.gz and compares each entry with the manifest's list; problems name `archive:path`. */
export async function checkArchive(
  archivePath: string,
  files: readonly ManifestFile[],
  onFile: (path: string) => void = () => undefined,
): Promise<BackupProblem[]> {
  const expected = new Map(files.map((file) => [file.path, file]));
  const seen = new Set<string>();
  const problems: BackupProblem[] = [];
  let currentPath = '(archive start)';
  const prefix = `${BASE_ARCHIVE}:`;
  try {
    await readTar(createReadStream(archivePath).pipe(createGunzip()), (header) => {
      currentPath = header.path;
      if (header.type === 'directory') return { data: () => undefined, end: () => undefined };
      const hash = createHash('sha256');
      let size = 0;
      return {
        data: (chunk) => {
          hash.update(chunk);
          size += chunk.length;
        },
        end: () => {
          seen.add(header.path);
          onFile(header.path);
          const want = expected.get(header.path);
          if (!want) problems.push({ file: prefix + header.path, problem: 'not in the manifest' });
          else if (want.size !== size || want.sha256 !== hash.digest('hex')) {
            problems.push({ file: prefix + header.path, problem: 'SHA-256 differs from the manifest' });
          }
        },
      };
    });
  } catch (error) {
    problems.push({
      file: prefix + currentPath,
      problem: `unreadable from here on: ${(error as Error).message}`,
    });
    return problems;
  }
  for (const file of files) {
    if (!seen.has(file.path))
      problems.push({ file: prefix + file.path, problem: 'missing from the archive' });
  }
  return problems;
}
