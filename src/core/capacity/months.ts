/**
 * Calendar months ('2023-01') and exact quantities for the capacity math. Quantities are carried
 * as bigint thousandths ("milli"), the precision of numeric(18,3), so sums and shares never drift.
 */

export type Month = string;

const MONTH = /^(\d{4})-(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real month 'YYYY-MM'. */
export function isMonth(value: string): boolean {
  const match = MONTH.exec(value);
  return !!match && Number(match[2]) >= 1 && Number(match[2]) <= 12;
}

/** Months since year 0, so that months compare and subtract as integers. */
export function monthIndex(month: Month): number {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month YYYY-MM: ${month}`);
  return Number(match[1]) * 12 + Number(match[2]) - 1;
}

export function monthAt(index: number): Month {
  const year = Math.floor(index / 12);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function addMonths(month: Month, count: number): Month {
  return monthAt(monthIndex(month) + count);
}

/** The month a date 'YYYY-MM-DD' falls in. */
export function monthOfDate(date: string): Month {
  if (!DATE.test(date)) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return date.slice(0, 7);
}

/** `count` consecutive months starting at `first`. */
export function monthsFrom(first: Month, count: number): Month[] {
  const start = monthIndex(first);
  return Array.from({ length: count }, (_, i) => monthAt(start + i));
}

export function dayNumber(date: string): number {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS;
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function firstDayOf(month: Month): number {
  return dayNumber(`${month}-01`);
}

/** A quantity with at most 3 decimals as thousandths. */
export function milli(quantity: number): bigint {
  return BigInt(Math.round(quantity * 1000));
}

/** Thousandths back to a JSON number (exact for 3 decimals below 1e15). */
export function fromMilli(value: bigint): number {
  return Number(value) / 1000;
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
