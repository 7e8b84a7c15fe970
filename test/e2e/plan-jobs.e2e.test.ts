import { afterEach, describe, expect, it } from 'vitest';
import { E2eSandbox, runCli } from '../support/cli.js';

/**
 * Plan runs are durable jobs: kill -9 of the process planning a run does not leave it `running`.
 * The next process on the same database finds the run's process dead (its runner lock is free),
 * puts the run back in the queue once, and its worker plans it to the end, visibly.
 */
const sandbox = new E2eSandbox();
afterEach(() => sandbox.cleanup());

interface Run {
  id: string;
  status: string;
  progress_note: string | null;
  runner: string | null;
  attempts: number;
  error: string | null;
}

async function coordinatorToken(dataDir: string): Promise<Record<string, string>> {
  const result = await runCli([
    '--data-dir',
    dataDir,
    'token',
    'create',
    '--org',
    'E2E coordination cell',
    '--create-org',
    '--role',
    'coordinator',
    '--expires',
    '1d',
    '--json',
  ]);
  expect(result.code, result.stderr).toBe(0);
  return { authorization: `Bearer ${(JSON.parse(result.stdout) as { token: string }).token}` };
}

async function readRun(url: string, id: string, auth: Record<string, string>): Promise<Run> {
  const response = await fetch(`${url}/api/v1/plans/${id}`, { headers: auth });
  expect(response.status).toBe(200);
  return (await response.json()) as Run;
}

describe('a plan run whose process is killed', () => {
  it('is resumed and finished by the next process, never left running', { timeout: 300_000 }, async () => {
    const dataDir = await sandbox.dataDir();
    const first = await sandbox.serve(dataDir);
    const auth = await coordinatorToken(dataDir);
    // HiGHS on every part of the demo: long enough to be caught solving.
    const started = await fetch(`${first.url}/api/v1/plans`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({ start_week: '2023-W01', method: 'highs' }),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as Run;
    let seen = await readRun(first.url, id, auth);
    while (seen.status === 'queued') seen = await readRun(first.url, id, auth);
    expect(seen).toMatchObject({ status: 'running', attempts: 1 });
    expect(seen.runner).toContain(`pid ${first.pid} `);
    expect(await first.kill9()).toEqual({ code: null, signal: 'SIGKILL' });

    const second = await sandbox.serve(dataDir);
    let run = await readRun(second.url, id, auth);
    for (
      let i = 0;
      i < 1200 && !['succeeded', 'failed', 'cancelled', 'interrupted'].includes(run.status);
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = await readRun(second.url, id, auth);
    }
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.attempts).toBe(2);
    expect(run.runner).toContain(`pid ${second.pid} `);
    expect(second.output().stderr).toMatch(/plan runs of stopped processes: 1 resumed, 0 interrupted/);
  });
});
