import type { Priority } from '../../db/schema.js';
import { daysBetween } from './critical-path.js';

/** Within this many days of the first frost (or after it), repairs are winter-urgent. */
export const FROST_URGENT_DAYS = 90;

/**
 * The priority of a repair's equipment need (docs/grid-repair.md): from the people its project
 * reconnects and the days from today to the region's first frost (urgent within 90 days, or once
 * winter has begun; with no first-frost date known, not urgent):
 *
 *   people reconnected   urgent     not urgent
 *   ≥ 100,000            critical   high
 *   ≥ 10,000             high       medium
 *   fewer                medium     low
 */
export function equipmentPriority(people: number, today: string, firstFrostOn: string | null): Priority {
  const urgent = firstFrostOn !== null && daysBetween(today, firstFrostOn) <= FROST_URGENT_DAYS;
  if (people >= 100_000) return urgent ? 'critical' : 'high';
  if (people >= 10_000) return urgent ? 'high' : 'medium';
  return urgent ? 'medium' : 'low';
}
