/** One step of a line's capacity schedule: from `from` (YYYY-MM) on, `per_month` units a month. */
export interface CapacityStep {
  readonly from: string;
  readonly per_month: number;
}

/**
 * Units a line can make in `month` (YYYY-MM): the last step of its schedule from that month or
 * before (the API keeps the steps ascending and distinct); nothing before its first step.
 */
export function capacityIn(schedule: readonly CapacityStep[], month: string): number {
  let perMonth = 0;
  for (const step of schedule) if (step.from <= month) perMonth = step.per_month;
  return perMonth;
}
