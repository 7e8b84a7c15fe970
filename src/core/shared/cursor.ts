import { DomainError } from '../errors.js';
import { isStorableText } from './text.js';

/**
 * Keyset cursors: base64url JSON of the last row's sort values. They are validated rather than
 * signed: a cursor holds nothing secret and every page is read under the reader's visibility, so
 * a forged cursor can only start a page where the reader could have started it anyway. What
 * a forged cursor must not do is reach PostgreSQL with a value its column cannot hold (a 500):
 * each position is checked against the column's type here. A signature would need a key shared
 * by every process and kept across restarts, for no more protection than that.
 */

/** A check of one decoded value against the type of the column it will be compared with. */
export type CursorValue = (value: unknown) => boolean;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Checks for the column types keyset pagers sort by. */
export const cursorValue = {
  uuid: (value: unknown) => typeof value === 'string' && UUID.test(value),
  text: (value: unknown) => typeof value === 'string' && value.length <= 10_000 && isStorableText(value),
  /** `date`, as `YYYY-MM-DD` of a real calendar day. */
  date: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
  /** `timestamptz`, as the ISO 8601 UTC form the cursor was written with. */
  timestamp: (value: unknown) =>
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/.test(value) &&
    isCalendarDate(value.slice(0, 10)) &&
    !Number.isNaN(Date.parse(value)),
  /** `numeric`, as the decimal string PostgreSQL returns (or a finite JSON number). */
  numeric: (value: unknown) =>
    (typeof value === 'string' && /^-?\d{1,20}(\.\d{1,12})?$/.test(value)) ||
    (typeof value === 'number' && Number.isFinite(value)),
  /** `integer` (int4). */
  integer: (value: unknown) =>
    typeof value === 'number' && Number.isInteger(value) && value >= -2_147_483_648 && value <= 2_147_483_647,
  oneOf:
    (...allowed: readonly string[]): CursorValue =>
    (value) =>
      typeof value === 'string' && allowed.includes(value),
} as const;

/** 400 invalid_cursor: the cursor was not issued by this list, or not for this sort order. */
export function InvalidCursor(message = 'not a cursor of this list and sort order'): DomainError {
  return new DomainError('invalid_cursor', 400, `the cursor is not valid: ${message}`, [
    { field: 'cursor', message },
  ]);
}

/** The cursor of a page that ends on a row with these sort values. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(
    JSON.stringify(values.map((value) => (value instanceof Date ? value.toISOString() : value))),
    'utf8',
  ).toString('base64url');
}

/**
 * The sort values of a cursor, each checked against `shape`; a literal string in the shape must
 * match exactly (it names the list or the sort order). Anything else is 400 invalid_cursor.
 */
export function decodeCursor(cursor: string, shape: readonly (CursorValue | string)[]): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw InvalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length) throw InvalidCursor();
  shape.forEach((expected, index) => {
    const value: unknown = parsed[index];
    const valid = typeof expected === 'string' ? value === expected : expected(value);
    if (!valid) throw InvalidCursor();
  });
  return parsed;
}
