import { describe, expect, it } from 'vitest';
import { type SupervisedServer, type SupervisionStatus, superviseDatabase } from './supervisor.js';

function until(condition: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (condition() ? resolve() : setTimeout(poll, 2));
    poll();
  });
}

/** A server that is down from the start and comes back after `failures` failed restarts. */
function fakeServer(failures: number): SupervisedServer & { restarts: number } {
  let running = false;
  const server = {
    restarts: 0,
    isRunning: async () => running,
    restart: async () => {
      server.restarts++;
      if (server.restarts <= failures) throw new Error(`shared memory still in use (${server.restarts})`);
      running = true;
    },
  };
  return server;
}

const fast = { intervalMs: 1, firstDelayMs: 1 };

describe('superviseDatabase', () => {
  it('restarts a stopped server, retrying until it starts, and reports it', async () => {
    const server = fakeServer(2);
    const lines: string[] = [];
    const seen = new Set<SupervisionStatus['state']>();
    const supervisor = superviseDatabase(server, {
      ...fast,
      log: (line) => lines.push(line),
      onGiveUp: () => expect.unreachable('gave up'),
    });
    await until(() => {
      seen.add(supervisor.status().state);
      return supervisor.status().restarts === 1;
    });
    await supervisor.stop();
    expect(server.restarts).toBe(3);
    expect(seen).toContain('restarting');
    expect(supervisor.status()).toMatchObject({ state: 'up', restarts: 1, attempt: 0 });
    expect(supervisor.status().lastRestartAt).toBeInstanceOf(Date);
    expect(lines.filter((line) => line.startsWith('restarting PostgreSQL'))).toHaveLength(3);
  });

  it('gives up after maxAttempts failed restarts, once, with the last cause', async () => {
    const server = fakeServer(Number.POSITIVE_INFINITY);
    const errors: Error[] = [];
    const supervisor = superviseDatabase(server, {
      ...fast,
      maxAttempts: 3,
      log: () => undefined,
      onGiveUp: (error) => errors.push(error),
    });
    await until(() => supervisor.status().state === 'failed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await supervisor.stop();
    expect(server.restarts).toBe(3);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(
      'PostgreSQL stopped and did not restart after 3 attempts: shared memory still in use (3)',
    );
  });

  it('does nothing while the server runs, and nothing after stop', async () => {
    const server = fakeServer(0);
    await server.restart();
    server.restarts = 0;
    const supervisor = superviseDatabase(server, {
      ...fast,
      log: () => undefined,
      onGiveUp: () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await supervisor.stop();
    expect(server.restarts).toBe(0);
    expect(supervisor.status()).toMatchObject({ state: 'up', restarts: 0 });
  });

  it('stops during a backoff without waiting for the next attempt', async () => {
    const server = fakeServer(0);
    const supervisor = superviseDatabase(server, {
      intervalMs: 1,
      firstDelayMs: 600_000,
      log: () => undefined,
      onGiveUp: () => undefined,
    });
    await until(() => supervisor.status().state === 'restarting');
    await supervisor.stop();
    expect(server.restarts).toBe(0);
  });
});
