import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { createAuditService } from '../core/audit/audit.service.js';
import { type Checkpoint, parseCheckpoint } from '../core/audit/audit-chain.js';
import { withDatabase } from './database.js';
import { printResult } from './output.js';

/** Beside the working directory, not inside the database directory; copy it off the machine. */
export const DEFAULT_CHECKPOINT_FILE = 'aidgrid-audit-checkpoint.json';

async function readCheckpointFile(file: string, required: boolean): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the checkpoint ${file}: ${(error as Error).message}`);
  }
  return parseCheckpoint(text, file);
}

/** Writes the whole file or nothing: a temporary file beside it, flushed, then renamed over it. */
async function writeFileAtomically(file: string, text: string): Promise<void> {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temporary, 'wx', 0o644);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

export function registerAuditCommand(program: Command): void {
  const audit = program
    .command('audit')
    .description('the tamper-evident audit log: checkpoints of its head and verification of its chain');

  audit
    .command('checkpoint')
    .description(
      'verify the chain (against the checkpoint already in the file, if any), then write its head to a file outside the database',
    )
    .option('--out <file>', 'where to write the checkpoint', DEFAULT_CHECKPOINT_FILE)
    .option('--json', 'print the checkpoint as JSON')
    .action(async (options: { out: string; json?: boolean }, command: Command) => {
      const previous = await readCheckpointFile(options.out, false);
      const checkpoint = await withDatabase(command, 'audit checkpoint', (db) =>
        createAuditService({ db }).checkpoint(previous),
      );
      await writeFileAtomically(options.out, `${JSON.stringify(checkpoint, null, 2)}\n`);
      printResult(
        Boolean(options.json),
        checkpoint,
        () =>
          `audit checkpoint written to ${options.out}: head seq ${checkpoint.seq} hash ${checkpoint.hash} (entry at ${checkpoint.at})`,
      );
    });

  audit
    .command('verify')
    .description(
      'recompute the hash chain, check the sequence has no gaps and the chain still holds the checkpoint',
    )
    .option('--checkpoint <file>', 'a checkpoint written by `aidgrid audit checkpoint`')
    .option('--json', 'print the result as JSON (exit code 1 still marks a broken chain)')
    .action(async (options: { checkpoint?: string; json?: boolean }, command: Command) => {
      const checkpoint = options.checkpoint ? await readCheckpointFile(options.checkpoint, true) : undefined;
      const result = await withDatabase(command, 'audit verify', (db) =>
        createAuditService({ db }).verify(checkpoint),
      );
      if (options.json) {
        printResult(true, result, () => result.summary);
        if (!result.ok) process.exitCode = 1;
        return;
      }
      if (!result.ok) throw new Error(result.summary);
      printResult(false, result, () => result.summary);
    });
}
