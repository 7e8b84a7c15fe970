import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { makeDataDir, removeDataDir, repoRoot } from '../support/cli.js';

/**
 * `aidgrid serve` on a terminal, as a person starts it: through a pseudo-terminal (util-linux
 * `script`), at the default log level. The banner at the end of start-up shows the demo accounts and
 * their passwords; requests leave no trace on the console at `info`, one line each at `debug`.
 */
interface Terminal {
  readonly child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Ctrl-C typed on the terminal, then waits for the exit. */
  interrupt(): Promise<void>;
}

function openTerminal(command: string[]): Terminal {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', TERM: 'dumb' };
  for (const name of ['LOG_LEVEL', 'DATABASE_URL', 'AIDGRID_DATA_DIR', 'AIDGRID_DEMO_PASSWORD'])
    delete env[name];
  const quoted = command.map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qfec', quoted, '/dev/null'], { cwd: repoRoot, env, stdio: 'pipe' });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString().replaceAll('\r', '');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString().replaceAll('\r', '');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => text,
    waitFor: (pattern, timeoutMs = 150_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const match = pattern.exec(text);
          if (match) {
            clearInterval(poll);
            resolve(match);
          } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
            clearInterval(poll);
            reject(new Error(`no ${pattern} on the terminal; it shows:\n${text}`));
          }
        }, 100);
      }),
    interrupt: async () => {
      child.stdin?.write('\x03');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

describe('aidgrid serve on a terminal', () => {
  const dirs: string[] = [];
  const terminals: Terminal[] = [];

  afterEach(async () => {
    for (const terminal of terminals.splice(0)) {
      if (terminal.child.exitCode === null) await terminal.interrupt();
    }
    await Promise.all(dirs.splice(0).map((dir) => removeDataDir(dir)));
  });

  it('ends start-up with a banner holding the demo passwords, and logs no request at info', async () => {
    const dataDir = await makeDataDir();
    dirs.push(dataDir);
    const first = openTerminal([
      process.execPath,
      'bin/aidgrid.js',
      '--data-dir',
      dataDir,
      'serve',
      '--port',
      '0',
    ]);
    terminals.push(first);
    const [, url] = await first.waitFor(/aidgrid listening on (http:\/\/\S+)/);
    await first.waitFor(/└─+┘\n/);

    const text = first.output();
    const banner = text.slice(text.indexOf('aidgrid listening on'));
    expect(banner).toContain(`web UI       ${url}/`);
    expect(banner).toContain(`data         ${dataDir} (embedded PostgreSQL)`);
    expect(banner).toContain('data as of   2022-11-24');
    const row = /│ (admin@demo\.aidgrid\.test)\s+(\S+)\s+admin of /.exec(banner);
    expect(row, banner).not.toBeNull();
    for (const role of ['coordinator', 'recipient', 'donor', 'manufacturer', 'analyst']) {
      expect(banner).toMatch(new RegExp(`│ ${role}@demo\\.aidgrid\\.test\\s+\\S{12,}\\s+${role} of `));
    }
    // The box is the last thing start-up prints.
    expect(text.trimEnd().endsWith('┘')).toBe(true);

    // The password in the box signs in; requests leave nothing on the console.
    const login = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: row?.[1], password: row?.[2] }),
    });
    expect(login.status).toBe(200);
    for (const path of ['/api/health', '/api/v1/needs?limit=1', '/api/v1/clock', '/no-such-page']) {
      await (await fetch(`${url}${path}`)).arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = first.output().slice(text.length);
    expect(after).toBe('');
    expect(first.output()).not.toMatch(/incoming request|request completed|"reqId"|GET \/api/);
    await first.interrupt();

    // At debug, one compact line per request (a terminal gets text, not JSON); the demo is already
    // loaded, so no accounts box this time.
    const debug = openTerminal([
      process.execPath,
      'bin/aidgrid.js',
      '--data-dir',
      dataDir,
      '--log-level',
      'debug',
      'serve',
      '--port',
      '0',
    ]);
    terminals.push(debug);
    const [, debugUrl] = await debug.waitFor(/aidgrid listening on (http:\/\/\S+)/);
    await debug.waitFor(/data as of {3}2022-11-24.*\n/);
    expect(debug.output()).not.toContain('┌');
    await (await fetch(`${debugUrl}/api/health`)).arrayBuffer();
    const [line] = await debug.waitFor(/^.*GET \/api\/health 200 \d+ ms$/m, 10_000);
    expect(line).toMatch(/^\d\d:\d\d:\d\d debug GET \/api\/health 200 \d+ ms$/);
  }, 300_000);
});
