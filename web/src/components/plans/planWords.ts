import type { NeedResult, PlanRun } from '../../api/plansContract.js';

type Reason = NonNullable<NeedResult['reason']>;

/** Why some of a need is unmet or late, in words a coordinator can act on. */
export const REASON_WORDS: Readonly<Record<Reason, string>> = {
  no_supply_in_time: 'No supply of this item can leave a hub in time',
  lead_time_too_long: 'Supply leaves in time, but transport to the region takes too long',
  taken_by_higher_priority: 'The supply that could arrive in time went to needs of higher or equal priority',
  bundle_ratio: 'Held back to keep the ratio with the bundle’s lead item',
};

export const REASONS = Object.keys(REASON_WORDS) as Reason[];

/** The same reasons in a few words, for a filter's choices. */
export const REASON_SHORT: Readonly<Record<Reason, string>> = {
  no_supply_in_time: 'no supply in time',
  lead_time_too_long: 'transport too slow',
  taken_by_higher_priority: 'taken by higher priority',
  bundle_ratio: 'bundle ratio',
};

/** The solver as people call it. */
export function methodWords(run: PlanRun): string {
  const names = { auto: 'automatic', network: 'network flow', highs: 'HiGHS LP', greedy: 'greedy' } as const;
  const asked = names[run.method];
  if (run.solved_by === null || run.method !== 'auto') return asked;
  return `${asked} (${names[run.solved_by]})`;
}

/** A duration in milliseconds, "850 ms" or "2.4 s". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A timestamp as "2026-11-29 06:12 UTC". */
export function formatTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

/** The ISO week of a date, "2022-W47" for 2022-11-24. */
export function isoWeekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  // The Thursday of the same week decides the year.
  const weekday = (day.getUTCDay() + 6) % 7;
  const thursday = new Date(day.getTime() + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  const firstWeekday = (firstThursday.getUTCDay() + 6) % 7;
  const week1Monday = firstThursday.getTime() - firstWeekday * 86_400_000;
  const week = Math.floor((thursday.getTime() - week1Monday) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
