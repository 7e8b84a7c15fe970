import { dateOfDay, dayNumber, maxBig, milli } from './months.js';

/** A rate per day that holds from `from` until the next step. */
export interface RateStep {
  readonly from: string;
  readonly per_day: number;
}

/** The rate in force on a day (thousandths per day); zero before the first step. */
export function rateOn(schedule: readonly RateStep[], day: number): bigint {
  let rate = 0n;
  for (const step of schedule) if (dayNumber(step.from) <= day) rate = milli(step.per_day);
  return rate;
}

/** What a profile uses from day `first` up to and excluding day `end`, in thousandths. */
export function consumedBetween(schedule: readonly RateStep[], first: number, end: number): bigint {
  let total = 0n;
  const bounds = [first, ...schedule.map((s) => dayNumber(s.from)).filter((d) => d > first && d < end), end];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i] as number;
    const to = bounds[i + 1] as number;
    total += rateOn(schedule, from) * BigInt(to - from);
  }
  return total;
}

export interface Coverage {
  /** Whole days the stock covers from stock_as_of; null when it never runs out. */
  readonly coverage_days: number | null;
  /** The first day the stock cannot cover in full; null when it never runs out. */
  readonly runs_out_on: string | null;
}

/**
 * How many whole days a stock lasts at a stepped daily rate, counted from the day the stock was
 * taken (that day's use included). A stock that the rate never exhausts (the last rate is zero)
 * has no run-out date.
 */
export function coverageOf(schedule: readonly RateStep[], stock: number, stockAsOf: string): Coverage {
  let left = milli(stock);
  let day = dayNumber(stockAsOf);
  const starts = schedule.map((s) => dayNumber(s.from)).sort((a, b) => a - b);
  for (;;) {
    const rate = rateOn(schedule, day);
    const next = starts.find((d) => d > day);
    if (rate === 0n) {
      if (next === undefined) return { coverage_days: null, runs_out_on: null };
      day = next;
      continue;
    }
    const affordable = Number(left / rate);
    if (next === undefined || day + affordable < next) {
      const runsOut = day + affordable;
      return { coverage_days: runsOut - dayNumber(stockAsOf), runs_out_on: dateOfDay(runsOut) };
    }
    left = maxBig(0n, left - rate * BigInt(next - day));
    day = next;
  }
}
