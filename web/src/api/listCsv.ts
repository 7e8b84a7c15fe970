import { type CsvCell, csvRow } from '../../../src/interchange/csv.js';
import type { Page } from './contract.js';
import { getJson } from './http.js';

/** The API's largest page: the fewest requests for a whole list. */
const PAGE_SIZE = 500;

function cell(value: unknown): CsvCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  // Nested values (money, stage figures, lines) as the API gives them.
  return JSON.stringify(value);
}

/**
 * A list's records as CSV (RFC 4180, formula-guarded like the server's exports): one column per
 * field the API answers, in the order first seen, one row per record.
 */
export function recordsToCsv(records: readonly Readonly<Record<string, unknown>>[]): string {
  const fields: string[] = [];
  const seen = new Set<string>();
  for (const record of records) {
    for (const field of Object.keys(record)) {
      if (!seen.has(field)) {
        seen.add(field);
        fields.push(field);
      }
    }
  }
  return (
    csvRow(fields) + records.map((record) => csvRow(fields.map((field) => cell(record[field])))).join('')
  );
}

/** Every page of a list URL (its filters and sort kept, its cursor and page size replaced). */
export async function fetchAllRecords<T>(url: string, signal?: AbortSignal): Promise<T[]> {
  const [path, search = ''] = url.split('?');
  const records: T[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams(search);
    params.delete('cursor');
    params.set('limit', String(PAGE_SIZE));
    if (cursor) params.set('cursor', cursor);
    const page: Page<T> = await getJson<Page<T>>(`${path}?${params.toString()}`, signal ? { signal } : {});
    records.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return records;
}
