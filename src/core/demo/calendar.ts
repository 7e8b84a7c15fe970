/** Day arithmetic on ISO dates ('YYYY-MM-DD', UTC) for the demo scenario; no time zones involved. */

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01. */
export function dayOf(date: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOf(dayOf(date) + days);
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayOf(to) - dayOf(from);
}

/** The latest of some ISO dates (they sort as strings). */
export function latest(...dates: string[]): string {
  return [...dates].sort().at(-1) as string;
}

/** The earliest of some ISO dates. */
export function earliest(...dates: string[]): string {
  return [...dates].sort()[0] as string;
}

export function roundToStep(value: number, step: number): number {
  return Math.round(value / step) * step;
}
