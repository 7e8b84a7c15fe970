/**
 * One clock for what "now" means in the data: a data set is "as of" a day (the demo's story is told
 * as of 2022-11-24; real data is as of today). Every default that means "now" — readiness, the
 * forecast's first month, the plan's first week, the end of weekly series, the day a lifecycle step
 * takes effect — asks this clock, never `new Date()`. Recorded times (created_at, audit entries,
 * sessions) stay on the wall clock: they say when something was written, not what the data is about.
 */
export interface Clock {
  /** The data's day, YYYY-MM-DD. */
  today(): string;
  /** The data's instant: the wall clock, or midnight UTC of a fixed day. */
  now(): Date;
  /** `system`: today; `data_set`: the day stored with the data; `override`: asked for (--as-of, as_of). */
  readonly source: ClockSource;
}

export type ClockSource = 'system' | 'data_set' | 'override';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `text` is a calendar day YYYY-MM-DD that exists. */
export function isDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The wall clock (UTC days). */
export function systemClock(now: () => Date = () => new Date()): Clock {
  return { today: () => now().toISOString().slice(0, 10), now, source: 'system' };
}

/** A clock standing still on `day` (YYYY-MM-DD). */
export function fixedClock(day: string, source: ClockSource = 'override'): Clock {
  if (!isDay(day)) throw new Error(`"${day}" is not a day (YYYY-MM-DD)`);
  return { today: () => day, now: () => new Date(`${day}T00:00:00Z`), source };
}

/** The clock of a data set: fixed on its stored "as of" day, or the wall clock when it has none. */
export function dataSetClock(asOf: string | null | undefined): Clock {
  return asOf ? fixedClock(asOf, 'data_set') : systemClock();
}

/** A clock that follows the data set's stored day, re-read at most every `maxAgeMs` by `refresh`. */
export interface LiveClock {
  readonly clock: Clock;
  /** Reads the stored day when the last read is older than `maxAgeMs`. */
  refresh(): Promise<void>;
}

/**
 * The data set's clock for a long-running process (the server): `read` returns the stored day; a
 * `demo load` by another process is seen within `maxAgeMs`.
 */
export function liveDataSetClock(read: () => Promise<string | null>, maxAgeMs = 5_000): LiveClock {
  let current = systemClock();
  let readAt = Number.NEGATIVE_INFINITY;
  return {
    clock: {
      today: () => current.today(),
      now: () => current.now(),
      get source() {
        return current.source;
      },
    },
    async refresh() {
      if (performance.now() - readAt < maxAgeMs) return;
      readAt = performance.now();
      // An unreachable database keeps the day last read: the request itself reports the failure.
      current = dataSetClock(
        await read().catch(() => (current.source === 'system' ? null : current.today())),
      );
    },
  };
}
