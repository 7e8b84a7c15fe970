/**
 * ISO 8601 weeks ('2022-W48'): weeks start on Monday and week 1 is the week holding the year's
 * first Thursday. Planning weeks, allocation weeks and the weekly reports all use them.
 */

const DAY_MS = 86_400_000;
const ISO_WEEK = /^(\d{4})-W(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcDay(date: string): Date {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`not a date YYYY-MM-DD: ${date}`);
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (day.toISOString().slice(0, 10) !== date) throw new RangeError(`not a real date: ${date}`);
  return day;
}

/** The ISO week a date falls in, e.g. '2023-01-01' → '2022-W52'. */
export function isoWeekOf(date: string): string {
  const day = utcDay(date);
  const weekday = (day.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The Thursday of the same week decides the week's year.
  const thursday = new Date(day.getTime() + (3 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const firstThursdayDay = new Date(Date.UTC(year, 0, 4));
  const firstMonday = firstThursdayDay.getTime() - ((firstThursdayDay.getUTCDay() + 6) % 7) * DAY_MS;
  const week = Math.floor((thursday.getTime() - firstMonday) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** True for a well-formed ISO week that exists ('2020-W53' does, '2021-W53' does not). */
export function isIsoWeek(week: string): boolean {
  const match = ISO_WEEK.exec(week);
  if (!match) return false;
  const number = Number(match[2]);
  if (number < 1 || number > 53) return false;
  return isoWeekOf(mondayOfUnchecked(Number(match[1]), number)) === week;
}

function mondayOfUnchecked(year: number, week: number): string {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const firstMonday = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(firstMonday + (week - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday that starts an ISO week, e.g. '2022-W48' → '2022-11-28'. */
export function mondayOfIsoWeek(week: string): string {
  if (!isIsoWeek(week)) throw new RangeError(`not an ISO week YYYY-Www: ${week}`);
  const match = ISO_WEEK.exec(week) as RegExpExecArray;
  return mondayOfUnchecked(Number(match[1]), Number(match[2]));
}

/** Whole weeks from the week of `from` to the week of `to` (0 when they are the same week). */
export function weeksBetween(fromWeek: string, toWeek: string): number {
  const from = utcDay(mondayOfIsoWeek(fromWeek)).getTime();
  const to = utcDay(mondayOfIsoWeek(toWeek)).getTime();
  return Math.round((to - from) / (7 * DAY_MS));
}

/** The ISO week `count` weeks after (or, when negative, before) `week`. */
export function addWeeks(week: string, count: number): string {
  const monday = utcDay(mondayOfIsoWeek(week)).getTime();
  return isoWeekOf(new Date(monday + count * 7 * DAY_MS).toISOString().slice(0, 10));
}
