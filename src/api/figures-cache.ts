/**
 * The figures cache of the server process (docs/figures.md, "Speed"): the answers of the figure
 * routes (gap report, weekly series, reports by event and donor), kept per reader and question
 * until anything they are computed from changes.
 *
 * Exactness rests on a generation number. A request reads the generation *before* it computes and
 * stores its answer under it; the cache serves an entry only while its generation is the current
 * one. The generation is bumped
 *   (a) in this process right after a write request's transaction has committed (before its answer
 *       is sent, so a client that wrote and then reads never sees the figures from before), and
 *   (b) on the PostgreSQL notification `aidgrid_figures` that statement-level triggers send for every
 *       statement writing a table the figures read (migration 0019) — writes of other processes (CLI,
 *       plan workers, other servers) reach this process that way.
 * Without a working listener nothing is cached: every request computes. A lost listener is
 * reconnected with a growing pause; the generation is bumped on reconnecting, because writes may
 * have happened while nobody listened.
 *
 * The key holds everything an answer depends on: the reader's visibility signature (organisation
 * and clearance as the database sees them — anonymous and analysts read as nobody's organisation
 * at public clearance), the route and its normalised query, the data set's day (the clock) and the
 * calendar day (embargoes end at UTC midnight). Readers with different signatures never share an
 * entry. Concurrent requests for the same key share one computation.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';
import { currentReader } from '../core/auth/visibility.js';

/** The channel the triggers of migration 0019 notify. */
export const FIGURES_CHANNEL = 'aidgrid_figures';

/** At most this many answers are kept; the oldest go first. */
const MAX_ENTRIES = 500;

interface Entry {
  readonly generation: number;
  readonly value: Promise<unknown>;
}

export interface FiguresCacheOptions {
  /** Database URL for the dedicated listening connection; none: no listener, so no caching. */
  readonly url?: string | undefined;
  /** The data set's day, part of every key. */
  readonly today: () => string;
  /** First pause before reconnecting a lost listener (doubles up to 30 s). */
  readonly reconnectMs?: number;
}

export interface FiguresCache {
  /** The answer for this request's reader and question: cached when valid, else computed (and kept). */
  answer<T>(route: string, query: Record<string, unknown>, compute: () => Promise<T>): Promise<T>;
  /** Invalidates every entry (a write committed). */
  bump(): void;
  /** The current generation (tests and diagnostics). */
  readonly generation: number;
  /** Answers served from the cache and computed, since start (diagnostics, the benchmark). */
  readonly stats: { readonly hits: number; readonly misses: number };
  /** True while a listener receives the triggers' notifications (entries are kept only then). */
  readonly listening: boolean;
  /** Resolves once the listener is listening (or immediately without a URL); for start-up and tests. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/** The reader part of the key: what the database's row-level security depends on. */
export function readerSignature(): string {
  const reader = currentReader();
  if (reader === null) return 'system';
  return `${reader.orgId ?? '-'}|${reader.clearance}`;
}

/** The query in a fixed order, with absent values left out. */
export function normaliseQuery(query: Record<string, unknown>): string {
  return Object.keys(query)
    .filter((k) => query[k] !== undefined && query[k] !== null && query[k] !== '')
    .sort()
    .map((k) => `${k}=${String(query[k])}`)
    .join('&');
}

export function createFiguresCache(options: FiguresCacheOptions): FiguresCache {
  let generation = 0;
  let listening = false;
  let closed = false;
  let client: pg.Client | undefined;
  let pause = options.reconnectMs ?? 500;
  let timer: NodeJS.Timeout | undefined;
  const entries = new Map<string, Entry>();
  const stats = { hits: 0, misses: 0 };
  let readyResolve: (() => void) | undefined;
  const readyPromise = new Promise<void>((resolve) => {
    readyResolve = resolve;
  });

  const bump = () => {
    generation += 1;
    entries.clear();
  };

  const lost = () => {
    if (client === undefined) return;
    const old = client;
    client = undefined;
    listening = false;
    bump();
    old.removeAllListeners('notification');
    old.end().catch(() => undefined);
    if (!closed) {
      timer = setTimeout(() => void listen(), pause);
      timer.unref();
      pause = Math.min(pause * 2, 30_000);
    }
  };

  const listen = async () => {
    if (closed || options.url === undefined) return;
    const next = new pg.Client({
      connectionString: options.url,
      application_name: 'aidgrid figures listener',
    });
    next.on('error', () => {
      if (client === next) lost();
    });
    next.on('end', () => {
      if (client === next) lost();
    });
    next.on('notification', (message) => {
      if (message.channel === FIGURES_CHANNEL) bump();
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN ${FIGURES_CHANNEL}`);
      if (closed || client !== next) {
        await next.end().catch(() => undefined);
        return;
      }
      // Writes may have happened while nobody listened.
      bump();
      listening = true;
      pause = options.reconnectMs ?? 500;
      readyResolve?.();
    } catch {
      if (client === next) lost();
      else await next.end().catch(() => undefined);
    }
  };

  if (options.url === undefined) readyResolve?.();
  else void listen();

  return {
    answer<T>(route: string, query: Record<string, unknown>, compute: () => Promise<T>): Promise<T> {
      if (!listening) {
        stats.misses += 1;
        return compute();
      }
      const key = `${readerSignature()}\u0000${route}\u0000${normaliseQuery(query)}\u0000${options.today()}\u0000${new Date().toISOString().slice(0, 10)}`;
      const at = generation;
      const found = entries.get(key);
      if (found && found.generation === at) {
        stats.hits += 1;
        return found.value as Promise<T>;
      }
      stats.misses += 1;
      const value = compute();
      if (entries.size >= MAX_ENTRIES) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      const entry: Entry = { generation: at, value };
      entries.set(key, entry);
      // A failed computation is not kept.
      value.catch(() => {
        if (entries.get(key) === entry) entries.delete(key);
      });
      return value;
    },
    bump,
    stats,
    get generation() {
      return generation;
    },
    get listening() {
      return listening;
    },
    ready: () => readyPromise,
    async close() {
      closed = true;
      listening = false;
      if (timer) clearTimeout(timer);
      readyResolve?.();
      const old = client;
      client = undefined;
      entries.clear();
      if (old) await old.end().catch(() => undefined);
    },
  };
}

/** An answer as sent: the JSON bytes (serialised once by the route's response schema) and their ETag. */
export interface SerialisedFigures {
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * Answers a figure route from the cache: the JSON is serialised and encoded once per cached answer (by the
 * route's own response serialiser, so exactly what Fastify would send) and carries a strong ETag of
 * its bytes; a request whose If-None-Match names it gets 304 without a body.
 */
export async function sendFigures<T>(
  figures: FiguresCache,
  request: FastifyRequest,
  reply: FastifyReply,
  route: string,
  query: Record<string, unknown>,
  compute: () => Promise<T>,
): Promise<FastifyReply> {
  const answer = await figures.answer<SerialisedFigures>(route, query, async () => {
    // Kept as bytes: a cached answer is encoded once, not at every request.
    const body = Buffer.from(String(reply.serialize(await compute())), 'utf8');
    return { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
  });
  reply.header('etag', answer.etag);
  const match = request.headers['if-none-match'];
  if (match?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === answer.etag)) {
    return reply.code(304).send();
  }
  return reply.type('application/json; charset=utf-8').send(answer.body);
}
