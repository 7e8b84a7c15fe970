import type { NeedResult, PlanRun } from '../../api/plansContract.js';
import { formatMoment } from '../../format.js';
import { tr } from '../../i18n/index.js';

type Reason = NonNullable<NeedResult['reason']>;

/** Why some of a need is unmet or late, in words a coordinator can act on (message ids). */
export const REASON_IDS: Readonly<Record<Reason, string>> = {
  no_supply_in_time: 'planWords.reason.no_supply_in_time',
  lead_time_too_long: 'planWords.reason.lead_time_too_long',
  taken_by_higher_priority: 'planWords.reason.taken_by_higher_priority',
  bundle_ratio: 'planWords.reason.bundle_ratio',
};

export const REASONS = Object.keys(REASON_IDS) as Reason[];

/** The same reasons in a few words, for a filter's choices (message ids). */
export const REASON_SHORT_IDS: Readonly<Record<Reason, string>> = {
  no_supply_in_time: 'planWords.reasonShort.no_supply_in_time',
  lead_time_too_long: 'planWords.reasonShort.lead_time_too_long',
  taken_by_higher_priority: 'planWords.reasonShort.taken_by_higher_priority',
  bundle_ratio: 'planWords.reasonShort.bundle_ratio',
};

const METHOD_IDS: Readonly<Record<PlanRun['method'] | NonNullable<PlanRun['solved_by']>, string>> = {
  auto: 'planWords.method.auto',
  network: 'planWords.method.network',
  highs: 'planWords.method.highs',
  greedy: 'planWords.method.greedy',
};

/** The solver as people call it, in the language on screen. */
export function methodWords(run: PlanRun): string {
  const asked = tr(METHOD_IDS[run.method]);
  if (run.solved_by === null || run.method !== 'auto') return asked;
  return tr('planWords.solvedBy', { asked, solver: tr(METHOD_IDS[run.solved_by]) });
}

/** A duration in milliseconds, "850 ms" or "2.4 s". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** A timestamp to the minute in UTC, in the language on screen ("29 Nov 2026, 06:12 UTC"). */
export function formatTime(iso: string | null): string {
  return iso ? formatMoment(iso) : '—';
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
