import type { ProblemList } from '../errors.js';

/** Quantities are numbers in JSON and numeric(18,3) in the database; more decimals would be cut silently. */
export function checkQuantity(
  problems: ProblemList,
  field: string,
  value: number,
  { positive = true } = {},
): void {
  if (!Number.isFinite(value) || value < 0) {
    problems.add(field, 'must be a non-negative number');
  } else if (positive && value === 0) {
    problems.add(field, 'must be greater than zero');
  } else if (Number(value.toFixed(3)) !== value) {
    problems.add(field, 'must have at most 3 decimals');
  } else if (value >= 1e15) {
    problems.add(field, 'is too large');
  }
}

/** Reads a numeric column (a decimal string) as a JSON number; exact for 3 decimals below 1e15. */
export function quantityFromColumn(value: string): number {
  return Number(value);
}

/** A calendar date that exists (2023-02-30 does not). */
export function checkDate(problems: ProblemList, field: string, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match
    ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])))
    : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value)
    problems.add(field, 'must be a real date YYYY-MM-DD');
}

export function checkText(
  problems: ProblemList,
  field: string,
  value: string | null | undefined,
  max: number,
): void {
  if (value === null || value === undefined) return;
  if (value.trim().length === 0) problems.add(field, 'must not be blank');
  else if (value.length > max) problems.add(field, `must be at most ${max} characters`);
}

export function timestamp(value: Date): string {
  return value.toISOString();
}

/** Merges a patch over the current values: keys absent from the patch keep their value. */
export function merged<T extends object, P extends object>(current: T, patch: P): T {
  const result = { ...current } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) result[key] = value;
  return result as T;
}

/** An ILIKE pattern matching the text anywhere, with the user's own % and _ taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface MetaRow {
  owner_org_id: string | null;
  classification: 'public' | 'coalition' | 'restricted';
  embargo_until: string | null;
  synthetic: boolean;
  created_at: Date;
  created_by: string;
  updated_at: Date;
  updated_by: string;
  version: number;
}

/** The common record fields of a row, as the API shows them. */
export function metaOf(row: MetaRow) {
  return {
    owner_org_id: row.owner_org_id,
    classification: row.classification,
    embargo_until: row.embargo_until,
    synthetic: row.synthetic,
    created_at: timestamp(row.created_at),
    created_by: row.created_by,
    updated_at: timestamp(row.updated_at),
    updated_by: row.updated_by,
    version: row.version,
  };
}

export interface Money {
  amount: string;
  currency: string;
}

/** Two numeric columns `<prefix>_amount` and `<prefix>_currency` as one money value, or null. */
export function moneyOf(amount: string | null, currency: string | null): Money | null {
  return amount === null || currency === null ? null : { amount: normaliseAmount(amount), currency };
}

export function moneyColumns(prefix: string, money: Money | null): Record<string, string | null> {
  return { [`${prefix}_amount`]: money?.amount ?? null, [`${prefix}_currency`]: money?.currency ?? null };
}

/** Always two decimals, as the column stores them ("1250000" → "1250000.00"). */
function normaliseAmount(amount: string): string {
  const [whole, fraction = ''] = amount.split('.');
  return `${whole}.${fraction.padEnd(2, '0').slice(0, 2)}`;
}
