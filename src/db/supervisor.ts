/** What the supervisor needs of a PostgreSQL server it may restart (the embedded one). */
export interface SupervisedServer {
  /** Whether the server process is alive. */
  isRunning(): Promise<boolean>;
  /** Starts it again; PostgreSQL replays its write-ahead log itself (crash recovery) before accepting connections. */
  restart(): Promise<void>;
}

export type DatabaseState = 'up' | 'restarting' | 'failed';

export interface SupervisionStatus {
  readonly state: DatabaseState;
  /** Restarts that succeeded since this process started. */
  readonly restarts: number;
  readonly lastRestartAt: Date | null;
  /** Attempt under way while restarting (1-based), 0 otherwise. */
  readonly attempt: number;
  readonly maxAttempts: number;
}

export interface DatabaseSupervisor {
  status(): SupervisionStatus;
  /** Stops watching (before a planned shutdown, so that stopping PostgreSQL is not taken for a crash). */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  readonly log: (line: string) => void;
  /** Called once when every restart attempt failed; the caller exits. */
  readonly onGiveUp: (error: Error) => void;
  readonly intervalMs?: number;
  readonly maxAttempts?: number;
  /** Delay before attempt n (1-based): doubles from this, capped at 16 s. */
  readonly firstDelayMs?: number;
  readonly now?: () => Date;
}

/**
 * Watches the server every `intervalMs`; when its process is gone, restarts it with exponential
 * backoff (1 s, 2 s, 4 s … by default, 5 attempts), and gives up by calling `onGiveUp`. While the
 * server is down, requests fail on their own with 503 database_unavailable (src/db/errors.ts).
 */
export function superviseDatabase(server: SupervisedServer, options: SuperviseOptions): DatabaseSupervisor {
  const intervalMs = options.intervalMs ?? 1_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const firstDelayMs = options.firstDelayMs ?? 1_000;
  const now = options.now ?? (() => new Date());
  let state: DatabaseState = 'up';
  let restarts = 0;
  let lastRestartAt: Date | null = null;
  let attempt = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let wake: (() => void) | undefined;

  // A backoff that stop() cuts short, so that a shutdown never waits for the next attempt.
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const pending = setTimeout(resolve, ms);
      pending.unref();
      wake = () => {
        clearTimeout(pending);
        resolve();
      };
    });

  async function recover(): Promise<void> {
    let lastError: unknown;
    for (attempt = 1; attempt <= maxAttempts && !stopped; attempt++) {
      await pause(Math.min(firstDelayMs * 2 ** (attempt - 1), 16_000));
      if (stopped) return;
      options.log(`restarting PostgreSQL (attempt ${attempt} of ${maxAttempts})`);
      try {
        await server.restart();
        restarts++;
        lastRestartAt = now();
        attempt = 0;
        state = 'up';
        options.log('PostgreSQL restarted after crash recovery');
        return;
      } catch (error) {
        lastError = error;
        options.log(`PostgreSQL did not restart: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (stopped) return;
    state = 'failed';
    attempt = 0;
    const cause = lastError instanceof Error ? lastError.message : String(lastError);
    options.onGiveUp(
      new Error(`PostgreSQL stopped and did not restart after ${maxAttempts} attempts: ${cause}`),
    );
  }

  async function check(): Promise<void> {
    if (stopped || state !== 'up') return;
    if (await server.isRunning().catch(() => true)) return;
    if (stopped) return;
    state = 'restarting';
    options.log('PostgreSQL stopped unexpectedly; the API answers 503 until it is back');
    await recover();
  }

  const schedule = () => {
    timer = setTimeout(() => {
      running = check().finally(() => {
        if (!stopped && state !== 'failed') schedule();
      });
    }, intervalMs);
    timer.unref();
  };
  schedule();

  return {
    status: () => ({ state, restarts, lastRestartAt, attempt, maxAttempts }),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
      await running.catch(() => undefined);
    },
  };
}
