// Message ids of the allocation API's enumerations (see web/src/i18n/words.ts for why they are written out).

export const ALLOCATION_STATUS_IDS: Readonly<Record<string, string>> = {
  proposed: 'allocations.status.proposed',
  accepted: 'allocations.status.accepted',
  rejected: 'allocations.status.rejected',
};

export const PROPOSED_BY_IDS: Readonly<Record<string, string>> = {
  hand: 'allocations.proposedBy.hand',
  planner: 'allocations.proposedBy.planner',
};

/** The ISO week (YYYY-Www) a day (YYYY-MM-DD) falls in. */
export function isoWeekOf(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const weekday = (date.getUTCDay() + 6) % 7;
  // The Thursday of the same week decides the year.
  date.setUTCDate(date.getUTCDate() - weekday + 3);
  const year = date.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  const week = 1 + Math.round((date.getTime() - firstThursday.getTime()) / (7 * 86_400_000));
  return `${year}-W${String(week).padStart(2, '0')}`;
}
