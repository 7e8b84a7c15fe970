import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A cluster of another PostgreSQL major than the binaries: the one line says how to upgrade. */
export class PostgresMajorMismatchError extends Error {
  readonly code = 'postgres_major_mismatch';
  constructor(
    readonly pgDir: string,
    readonly clusterMajor: string,
    readonly binaryMajor: string,
  ) {
    super(
      `${pgDir} holds a PostgreSQL ${clusterMajor} cluster but this aidgrid runs PostgreSQL ${binaryMajor}; not starting it. To upgrade: with the previous aidgrid (PostgreSQL ${clusterMajor}) run \`aidgrid export-dump --out FILE\`, then with this one \`aidgrid --data-dir NEW_DIR import-dump FILE\` (docs/operations.md, "Upgrading PostgreSQL")`,
    );
    this.name = 'PostgresMajorMismatchError';
  }
}

/** The major version written by initdb in `pgDir/PG_VERSION` (e.g. "18"); undefined when there is no cluster. */
export async function readClusterMajor(pgDir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(pgDir, 'PG_VERSION'), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The major version of a `postgres` binary, from `postgres --version` (answered before the root check). */
export async function readBinaryMajor(postgres: string): Promise<string> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(postgres, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
    });
    child.once('error', reject);
    child.once('close', () => resolve(text));
  });
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(output);
  if (!match?.[1]) throw new Error(`cannot tell the version of ${postgres} from "${output.trim()}"`);
  return match[1];
}

/**
 * Refuses, before anything is started, a cluster that the binaries cannot run: PostgreSQL's data
 * files differ between major versions, and a server of the wrong major stops half-way with a
 * message about the control file.
 */
export async function assertClusterMajor(pgDir: string, postgres: string): Promise<void> {
  const clusterMajor = await readClusterMajor(pgDir);
  if (clusterMajor === undefined) return;
  const binaryMajor = await readBinaryMajor(postgres);
  if (clusterMajor !== binaryMajor) throw new PostgresMajorMismatchError(pgDir, clusterMajor, binaryMajor);
}
