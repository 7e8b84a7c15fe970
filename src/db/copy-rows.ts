import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The characters COPY's text format escapes, and their escapes. */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;

/**
 * One value as a field of COPY's text format: null as \N; numbers as ECMAScript prints them
 * (PostgreSQL's numeric, integer and float input read that form); booleans as t/f; dates in ISO
 * 8601; strings with backslash, tab, newline and carriage return escaped; anything else (an object
 * for a json or jsonb column) as its JSON text. Non-finite numbers are refused: no column of ours
 * stores them, and NaN would silently become numeric NaN.
 */
export function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  let text: string;
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`COPY: ${value} is not a finite number`);
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'string':
      text = value;
      break;
    default:
      text = value instanceof Date ? value.toISOString() : JSON.stringify(value);
  }
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, (c) => ESCAPES[c] as string) : text;
}

/** Bytes of COPY text gathered before each write to the stream. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes rows into `table` with COPY … FROM STDIN on `client` (in whatever transaction the client
 * is in): the fastest way into PostgreSQL — no parameter binding, no statement per row, triggers and
 * constraints as for INSERT. Each row gives its values in the order of `columns`; see copyField.
 * Streams in chunks of about a megabyte, waiting while the connection's buffer is full.
 */
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly unknown[]>,
): Promise<number> {
  const names = columns.map((c) => client.escapeIdentifier(c)).join(', ');
  const stream = client.query(copyFrom(`COPY ${client.escapeIdentifier(table)} (${names}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  // Rejections are awaited below; a failure while writing must not also surface as unhandled.
  done.catch(() => undefined);
  let count = 0;
  let chunk = '';
  const flush = async () => {
    const room = stream.write(chunk);
    chunk = '';
    if (!room) {
      await Promise.race([new Promise<void>((resolve) => stream.once('drain', () => resolve())), done]);
    }
  };
  try {
    for (const row of rows) {
      let line = '';
      for (let c = 0; c < row.length; c++) line += (c === 0 ? '' : '\t') + copyField(row[c]);
      chunk += `${line}\n`;
      count++;
      if (chunk.length >= CHUNK_CHARS) await flush();
    }
    if (chunk.length > 0) await flush();
    stream.end();
  } catch (error) {
    // Ends the COPY with an error: the server aborts the statement (and the transaction with it).
    stream.destroy(error instanceof Error ? error : new Error(String(error)));
    await done.catch(() => undefined);
    throw error;
  }
  await done;
  return count;
}
