import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

export type AppLockMode = 'serve' | 'command';

/** Contents of `aidgrid.lock`; snake_case because operators read and delete this file by hand. */
export interface AppLockInfo {
  readonly pid: number;
  readonly mode: AppLockMode;
  readonly label: string;
  readonly port: number;
  readonly started_at: string;
  readonly hostname: string;
  /** Linux only: kernel boot id, so that a lock from before a reboot is never taken as live. */
  readonly boot_id?: string;
  /** Linux only: the holder's start time in clock ticks since boot, so that a recycled pid is not taken for the holder. */
  readonly proc_start?: string;
}

export interface AppLockState extends AppLockInfo {
  /** true when the holder process still exists and is the one that wrote the lock */
  readonly isLive: boolean;
}

export interface AppLockClaim {
  readonly mode: AppLockMode;
  readonly label: string;
  readonly port: number;
}

export interface AppLock {
  readonly path: string;
  readonly info: AppLockInfo;
  /** Rewrites the lock with a new port (postgres had to move); atomic for readers. */
  updatePort(port: number): Promise<AppLock>;
  /** Removes the lock file if it is still ours; idempotent. */
  release(): Promise<void>;
}

/** Thrown when a live process holds the lock; `holder` says who, for the caller's message. */
export class AppLockHeldError extends Error {
  readonly code = 'lock_held';
  constructor(readonly holder: AppLockState) {
    super(`lock held by pid ${holder.pid} (${holder.mode}, ${holder.label})`);
  }
}

const maxAttempts = 5;
// A lock file is written right after its atomic create; empty content for longer than this means its writer died.
const unwrittenLockGraceMs = 1_000;

/** Takes the application lock with an atomic create; a dead holder's file is removed, a live one is never stolen. */
export async function acquireAppLock(path: string, claim: AppLockClaim): Promise<AppLock> {
  const info = await describeSelf(claim);
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (await createLockFile(path, info)) return makeLock(path, info);
    const found = await inspectLock(path);
    if (found.kind === 'missing') continue;
    if (found.kind === 'held' && found.state.isLive) throw new AppLockHeldError(found.state);
    await removeIfUnchanged(path, found.raw);
  }
  throw new Error(`could not take ${path} after ${maxAttempts} attempts: other processes keep creating it`);
}

/** Reads the lock and judges its holder; undefined when there is no readable lock. */
export async function readAppLock(path: string): Promise<AppLockState | undefined> {
  const found = await inspectLock(path);
  return found.kind === 'held' ? found.state : undefined;
}

type Inspection =
  | { kind: 'missing' }
  | { kind: 'corrupt'; raw: string }
  | { kind: 'held'; raw: string; state: AppLockState };

async function inspectLock(path: string): Promise<Inspection> {
  const deadline = Date.now() + unwrittenLockGraceMs;
  for (;;) {
    const raw = await readIfExists(path);
    if (raw === undefined) return { kind: 'missing' };
    const info = parseLockInfo(raw);
    if (info) return { kind: 'held', raw, state: { ...info, isLive: await isHolderLive(info) } };
    // Between another process's create and its write the file is empty: wait for the write.
    if (Date.now() >= deadline) return { kind: 'corrupt', raw };
    await sleep(50);
  }
}

async function createLockFile(path: string, info: AppLockInfo): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(info, null, 2)}\n`);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return true;
}

function makeLock(path: string, info: AppLockInfo): AppLock {
  return {
    path,
    info,
    updatePort: async (port) => {
      const next = { ...info, port };
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o644 });
      await rename(temp, path);
      return makeLock(path, next);
    },
    release: async () => {
      const raw = await readIfExists(path);
      const current = raw === undefined ? undefined : parseLockInfo(raw);
      if (current && current.pid === info.pid && current.started_at === info.started_at) {
        await unlink(path).catch(ignoreMissing);
      }
    },
  };
}

// Re-reading just before unlinking narrows the race where two starters judge the same stale lock.
async function removeIfUnchanged(path: string, judged: string): Promise<void> {
  const now = await readIfExists(path);
  if (now === judged) await unlink(path).catch(ignoreMissing);
}

async function describeSelf(claim: AppLockClaim): Promise<AppLockInfo> {
  const identity = process.platform === 'linux' ? await readLinuxIdentity(process.pid) : undefined;
  const bootId = process.platform === 'linux' ? await readBootId() : undefined;
  return {
    pid: process.pid,
    mode: claim.mode,
    label: claim.label,
    port: claim.port,
    started_at: new Date().toISOString(),
    hostname: hostname(),
    ...(bootId && identity ? { boot_id: bootId, proc_start: identity.startTicks } : {}),
  };
}

async function isHolderLive(info: AppLockInfo): Promise<boolean> {
  if (!isProcessAlive(info.pid)) return false;
  if (process.platform !== 'linux') return true;
  let identity: LinuxIdentity | undefined;
  try {
    identity = await readLinuxIdentity(info.pid);
  } catch (error) {
    // /proc hidden from us (hidepid): the pid exists, so do not risk stealing a live lock.
    return errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ESRCH';
  }
  if (!identity || identity.state === 'Z') return false;
  if (info.boot_id && info.proc_start) {
    const bootId = await readBootId();
    if (bootId && bootId !== info.boot_id) return false;
    if (bootId) return identity.startTicks === info.proc_start;
  }
  // Lock written without identity (by hand, or by another platform): a recycled pid is rarely a node process.
  return /node|aidgrid/i.test(identity.cmdline);
}

/** Whether a pid exists; EPERM means it exists under another user. */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) === 'EPERM';
  }
}

interface LinuxIdentity {
  readonly cmdline: string;
  readonly state: string;
  readonly startTicks: string;
}

/** Reads a process's command line, state and start time from /proc; undefined if it has gone. */
export async function readLinuxIdentity(pid: number): Promise<LinuxIdentity | undefined> {
  const stat = await readIfExists(`/proc/${pid}/stat`);
  const cmdline = await readIfExists(`/proc/${pid}/cmdline`);
  if (stat === undefined || cmdline === undefined) return undefined;
  // The command name (field 2) may hold spaces and parentheses, so count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    cmdline: cmdline.replaceAll('\0', ' ').trim(),
    state: fields[0] ?? '',
    startTicks: fields[19] ?? '',
  };
}

async function readBootId(): Promise<string | undefined> {
  return (await readIfExists('/proc/sys/kernel/random/boot_id'))?.trim() || undefined;
}

function parseLockInfo(raw: string): AppLockInfo | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.pid !== 'number' || (v.mode !== 'serve' && v.mode !== 'command')) return undefined;
  return {
    pid: v.pid,
    mode: v.mode,
    label: typeof v.label === 'string' ? v.label : v.mode,
    port: typeof v.port === 'number' ? v.port : 0,
    started_at: typeof v.started_at === 'string' ? v.started_at : '',
    hostname: typeof v.hostname === 'string' ? v.hostname : '',
    ...(typeof v.boot_id === 'string' && typeof v.proc_start === 'string'
      ? { boot_id: v.boot_id, proc_start: v.proc_start }
      : {}),
  };
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ESRCH') return undefined;
    throw error;
  }
}

function ignoreMissing(error: unknown): void {
  if (errorCode(error) !== 'ENOENT') throw error;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
