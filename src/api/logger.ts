import type { FastifyInstance, FastifyServerOptions } from 'fastify';

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/** One pino JSON line as one short line for a person: time, level, message, and an error's message. */
export function compactLine(json: string): string {
  let entry: { level?: number; time?: number; msg?: string; err?: { message?: string } };
  try {
    entry = JSON.parse(json) as typeof entry;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = new Date(entry.time ?? Date.now()).toISOString().slice(11, 19);
  const level = LEVELS[entry.level ?? 30] ?? String(entry.level);
  const error = entry.err?.message && entry.err.message !== entry.msg ? `: ${entry.err.message}` : '';
  return `${time} ${level.padEnd(5)} ${entry.msg ?? ''}${error}\n`;
}

/**
 * The server's logger: at `level`, to `out`, as JSON lines when `out` is not a terminal (for log
 * collectors) and as compact text when it is (for a person).
 */
export function serverLogger(
  level: string,
  out: NodeJS.WriteStream = process.stdout,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  if (!out.isTTY) return { level, stream: out };
  return { level, stream: { write: (line: string) => out.write(compactLine(line)) } };
}

/**
 * Fastify's own request logs (two info lines per request) are off; this logs one line per request at
 * `debug`, so that `info` — the default — keeps the console for what a person should read.
 */
export function logRequests(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      `${request.method} ${request.url} ${reply.statusCode} ${Math.round(reply.elapsedTime)} ms`,
    );
  });
}
