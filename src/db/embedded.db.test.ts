import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { AppLockHeldError, acquireAppLock, readAppLock } from './app-lock.js';
import { type EmbeddedServer, EmbeddedStartError, openEmbedded } from './embedded.js';

const slow = { timeout: 120_000 };
const fixture = fileURLToPath(new URL('./__fixtures__/hold-serve.ts', import.meta.url));

const servers: EmbeddedServer[] = [];
const children: ChildProcess[] = [];
const tempDirs: string[] = [];

// Runs even when an assertion failed: nothing this file started may outlive it.
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop().catch(() => undefined)));
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  for (const dir of tempDirs.splice(0)) {
    await killPostmaster(join(dir, 'data'));
    await rm(dir, { recursive: true, force: true });
  }
}, 60_000);

describe('openEmbedded', () => {
  it('starts, stops and starts again on the same data', slow, async () => {
    const dataDir = await makeDataDir();
    const first = track(await openEmbedded({ dataDir, mode: 'serve' }));
    expect(first.owned).toBe(true);
    expect(await queryValue(first.url, 'select 1 as value')).toBe(1);
    await withClient(first.url, (client) =>
      client.query('create table kept (note text); insert into kept values ($$still here$$)'),
    );

    await first.stop();
    await first.stop();
    expect(await acceptsConnections(first.port)).toBe(false);
    expect(await readAppLock(join(dataDir, 'aidgrid.lock'))).toBeUndefined();

    const second = track(await openEmbedded({ dataDir, mode: 'serve' }));
    expect(await queryValue(second.url, 'select note as value from kept')).toBe('still here');
    const credentials = JSON.parse(await readFile(join(dataDir, 'credentials.json'), 'utf8')) as {
      port: number;
    };
    expect(credentials.port).toBe(second.port);
  });

  it('refuses a second serve and lends the server to a command', slow, async () => {
    const dataDir = await makeDataDir();
    const serve = track(await openEmbedded({ dataDir, mode: 'serve' }));

    const refusal = await openEmbedded({ dataDir, mode: 'serve' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(EmbeddedStartError);
    expect((refusal as EmbeddedStartError).code).toBe('data_dir_in_use');
    expect((refusal as EmbeddedStartError).message).toBe(
      `aidgrid is already running on ${dataDir} (pid ${process.pid}, serve)`,
    );

    const command = await openEmbedded({ dataDir, mode: 'command', label: 'migrate' });
    expect(command.owned).toBe(false);
    expect(command.port).toBe(serve.port);
    expect(await queryValue(command.url, 'select 2 as value')).toBe(2);
    await command.stop();
    expect(await queryValue(serve.url, 'select 3 as value')).toBe(3);
  });

  it('recovers after the serving process was killed with -9', slow, async () => {
    const dataDir = await makeDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const { port } = JSON.parse(await readFirstLine(child)) as { port: number };
    const orphan = await readPostmasterPid(dataDir);
    if (orphan === undefined) throw new Error('the fixture left no postmaster.pid');

    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(await acceptsConnections(port)).toBe(true);
    expect((await readAppLock(join(dataDir, 'aidgrid.lock')))?.isLive).toBe(false);

    const lines: string[] = [];
    const server = track(await openEmbedded({ dataDir, mode: 'serve', log: (line) => lines.push(line) }));
    expect(lines.some((line) => line.includes(`PostgreSQL (pid ${orphan})`))).toBe(true);
    expect(await isGone(orphan)).toBe(true);
    expect(await readPostmasterPid(dataDir)).not.toBe(orphan);
    expect(await queryValue(server.url, 'select 1 as value')).toBe(1);
  });
});

describe('the application lock', () => {
  it('takes over a lock whose holder is dead', async () => {
    const dir = await makeDataDir();
    await mkdir(dir, { recursive: true });
    const path = join(dir, 'aidgrid.lock');
    await writeFile(path, JSON.stringify(lockFor(await deadPid(), 'serve')));

    const lock = await acquireAppLock(path, { mode: 'serve', label: 'test', port: 1 });
    expect(lock.info.pid).toBe(process.pid);
    expect(await readAppLock(path)).toMatchObject({ pid: process.pid, label: 'test', isLive: true });
    await lock.release();
    await lock.release();
    expect(await readAppLock(path)).toBeUndefined();
  });

  it('blocks while a live process holds it', async () => {
    const dataDir = await makeDataDir();
    await mkdir(dataDir, { recursive: true });
    const path = join(dataDir, 'aidgrid.lock');
    await writeFile(path, JSON.stringify(lockFor(process.pid, 'serve')));

    expect((await readAppLock(path))?.isLive).toBe(true);
    await expect(acquireAppLock(path, { mode: 'serve', label: 'test', port: 1 })).rejects.toBeInstanceOf(
      AppLockHeldError,
    );
    await expect(openEmbedded({ dataDir, mode: 'serve' })).rejects.toMatchObject({ code: 'data_dir_in_use' });

    await writeFile(path, JSON.stringify(lockFor(process.pid, 'command')));
    await expect(openEmbedded({ dataDir, mode: 'command' })).rejects.toMatchObject({
      code: 'data_dir_in_use',
    });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({
      mode: 'command',
      label: 'held by hand',
    });
  });
});

function track(server: EmbeddedServer): EmbeddedServer {
  servers.push(server);
  return server;
}

// mkdtemp makes a 0700 directory; when we are root, PostgreSQL runs as `postgres` and must traverse it.
async function makeDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aidgrid-embedded-'));
  await chmod(dir, 0o755);
  tempDirs.push(dir);
  return join(dir, 'data');
}

function lockFor(pid: number, mode: 'serve' | 'command') {
  return {
    pid,
    mode,
    label: 'held by hand',
    port: 1,
    started_at: new Date().toISOString(),
    hostname: hostname(),
  };
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('the short-lived child had no pid');
  return child.pid;
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

async function queryValue(url: string, sql: string): Promise<unknown> {
  const result = await withClient(url, (client) => client.query<{ value: unknown }>(sql));
  return result.rows[0]?.value;
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function readFirstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf('\n');
      if (end >= 0) resolve(stdout.slice(0, end));
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) =>
      reject(new Error(`fixture exited with ${code} before printing its port: ${stderr.trim()}`)),
    );
  });
}

async function readPostmasterPid(dataDir: string): Promise<number | undefined> {
  const content = await readFile(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').catch(() => undefined);
  return content === undefined ? undefined : Number.parseInt(content, 10);
}

// An orphan reparented to a PID 1 that does not reap stays a zombie: dead for our purposes.
async function isGone(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  return stat === '' || stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

// Last resort for a failed test: SIGQUIT is PostgreSQL's immediate shutdown.
async function killPostmaster(dataDir: string): Promise<void> {
  const pid = await readPostmasterPid(dataDir);
  if (!pid || (await isGone(pid))) return;
  try {
    process.kill(pid, 'SIGQUIT');
  } catch {
    return;
  }
  for (let waited = 0; waited < 10_000 && !(await isGone(pid)); waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
