/**
 * The shortfall forecast of one item, month by month: pure arithmetic on thousandths.
 *
 * Demand in a month = the open quantity of needs due that month (needs already overdue count in
 * the first month) + what the consumption profiles use in the month.
 * Supply in a month = the committed-but-undelivered pledge pipeline due that month (earlier dates
 * count in the first month) + production available to the coalition: each line's capacity in a
 * production month first works off the line's backlog; the coalition share of what is left is
 * delivered lead_time_months later. Only production from the first forecast month on counts, so
 * a line with a lead time of L months adds nothing in the first L months (orders placed now).
 * Opening stock = the profiles' stock on hand less what they use between stock_as_of and the first
 * month. Supply not used in a month carries over as stock; demand not met in a month is a
 * shortfall of that month and does not carry over (it is reported once).
 *
 * Cause of a shortfall (per month and over the horizon), by counterfactual re-runs:
 *   lead_time             — shortfall recovered if every line delivered without lead time;
 *   backlog               — shortfall recovered if no line had a backlog;
 *   pledges_not_committed — shortfall recovered if announced, uncommitted pledge quantity were committed;
 *   capacity              — shortfall left with all three removed at once.
 * The cause is the largest of the four; ties go to capacity, then lead_time, backlog, pledges.
 */
import { consumedBetween, type RateStep } from './coverage.js';
import {
  dayNumber,
  firstDayOf,
  type Month,
  maxBig,
  milli,
  minBig,
  monthIndex,
  monthOfDate,
  monthsFrom,
} from './months.js';

export interface CapacityStep {
  readonly from: Month;
  readonly per_month: number;
}

export interface LineInput {
  readonly id: string;
  readonly capacity_schedule: readonly CapacityStep[];
  readonly lead_time_months: number;
  readonly backlog: number;
  readonly coalition_share: number;
  /** Part of capacity that can still be produced in a month, in thousandths (outage scenarios). */
  readonly availability?: (month: Month) => bigint;
}

export interface NeedInput {
  readonly id: string;
  readonly needed_by: string;
  /** Quantity not yet met. */
  readonly open: number;
}

export interface PledgeInput {
  readonly id: string;
  /** Committed but not yet delivered. */
  readonly committed_open: number;
  /** Announced but not committed. */
  readonly uncommitted: number;
  /** Month the quantity is expected. */
  readonly due: Month;
}

export interface ConsumptionInput {
  readonly rate_schedule: readonly RateStep[];
  readonly stock_on_hand: number;
  readonly stock_as_of: string;
}

export interface ForecastInput {
  readonly as_of: Month;
  readonly months: number;
  readonly lines: readonly LineInput[];
  readonly needs: readonly NeedInput[];
  readonly pledges: readonly PledgeInput[];
  readonly consumption: readonly ConsumptionInput[];
}

export const CAUSES = ['capacity', 'lead_time', 'backlog', 'pledges_not_committed'] as const;
export type Cause = (typeof CAUSES)[number];

export interface ForecastMonth {
  readonly month: Month;
  readonly demand_needs: bigint;
  readonly demand_consumption: bigint;
  readonly supply_pledges: bigint;
  readonly supply_production: bigint;
  readonly opening_stock: bigint;
  readonly shortfall: bigint;
  readonly cause: Cause | null;
}

export interface SupplyLot {
  readonly production_line_id: string;
  readonly month: Month;
  readonly quantity: bigint;
}

export interface Forecast {
  readonly months: readonly ForecastMonth[];
  readonly first_shortfall_month: Month | null;
  readonly main_cause: Cause | null;
  readonly shortfall_by_cause: Readonly<Record<Cause, bigint>>;
  readonly lots: readonly SupplyLot[];
}

/** The capacity of a schedule in a month (thousandths): the last step begun by then, else zero. */
export function capacityIn(schedule: readonly CapacityStep[], month: Month): bigint {
  let capacity = 0n;
  const at = monthIndex(month);
  for (const step of schedule) if (monthIndex(step.from) <= at) capacity = milli(step.per_month);
  return capacity;
}

interface Variant {
  readonly noLead: boolean;
  readonly noBacklog: boolean;
  readonly allPledges: boolean;
}

/** Coalition deliveries of one line per forecast month, after backlog and lead time. */
export function lineDeliveries(
  line: LineInput,
  months: readonly Month[],
  variant: Partial<Variant> = {},
): bigint[] {
  const deliveries = months.map(() => 0n);
  let backlog = variant.noBacklog ? 0n : milli(line.backlog);
  const share = milli(line.coalition_share);
  const lead = variant.noLead ? 0 : line.lead_time_months;
  months.forEach((month, s) => {
    const available = line.availability?.(month) ?? 1000n;
    const capacity = (capacityIn(line.capacity_schedule, month) * available) / 1000n;
    const worked = minBig(backlog, capacity);
    backlog -= worked;
    const t = s + lead;
    if (t < deliveries.length) deliveries[t] = (deliveries[t] ?? 0n) + ((capacity - worked) * share) / 1000n;
  });
  return deliveries;
}

function slot(months: readonly Month[], month: Month): number {
  return Math.max(0, monthIndex(month) - monthIndex(months[0] as Month));
}

function balance(input: ForecastInput, months: readonly Month[], variant: Variant) {
  const n = months.length;
  const needs = months.map(() => 0n);
  for (const need of input.needs) {
    const at = slot(months, monthOfDate(need.needed_by));
    if (at < n) needs[at] = (needs[at] ?? 0n) + milli(need.open);
  }
  const consumption = months.map((month, i) => {
    const first = firstDayOf(month);
    const end = i + 1 < n ? firstDayOf(months[i + 1] as Month) : firstDayOf(monthsFrom(month, 2)[1] as Month);
    return input.consumption.reduce((sum, p) => sum + consumedBetween(p.rate_schedule, first, end), 0n);
  });
  const pledges = months.map(() => 0n);
  for (const pledge of input.pledges) {
    const at = slot(months, pledge.due);
    const quantity = milli(pledge.committed_open) + (variant.allPledges ? milli(pledge.uncommitted) : 0n);
    if (at < n) pledges[at] = (pledges[at] ?? 0n) + quantity;
  }
  const perLine = input.lines.map((line) => lineDeliveries(line, months, variant));
  const production = months.map((_, i) => perLine.reduce((sum, d) => sum + (d[i] ?? 0n), 0n));
  const start = firstDayOf(months[0] as Month);
  // A stock taken before the first month has been drawn down since; one taken later counts whole.
  let stock = input.consumption.reduce((sum, p) => {
    const taken = dayNumber(p.stock_as_of);
    const used = taken < start ? consumedBetween(p.rate_schedule, taken, start) : 0n;
    return sum + maxBig(0n, milli(p.stock_on_hand) - used);
  }, 0n);
  const rows = months.map((month, i) => {
    const demand = (needs[i] ?? 0n) + (consumption[i] ?? 0n);
    const opening = stock;
    const available = opening + (pledges[i] ?? 0n) + (production[i] ?? 0n);
    const met = minBig(demand, available);
    stock = available - met;
    return {
      month,
      demand_needs: needs[i] ?? 0n,
      demand_consumption: consumption[i] ?? 0n,
      supply_pledges: pledges[i] ?? 0n,
      supply_production: production[i] ?? 0n,
      opening_stock: opening,
      shortfall: demand - met,
    };
  });
  return { rows, perLine };
}

function causeOf(recovered: Record<Cause, bigint>): Cause | null {
  let best: Cause | null = null;
  for (const cause of CAUSES) {
    const value = recovered[cause];
    if (value > 0n && (best === null || value > recovered[best])) best = cause;
  }
  return best;
}

/** Demand against supply per month with the first shortfall month and its causes (see the module doc). */
export function forecastItem(input: ForecastInput): Forecast {
  const months = monthsFrom(input.as_of, input.months);
  const base = balance(input, months, { noLead: false, noBacklog: false, allPledges: false });
  const noLead = balance(input, months, { noLead: true, noBacklog: false, allPledges: false }).rows;
  const noBacklog = balance(input, months, { noLead: false, noBacklog: true, allPledges: false }).rows;
  const allPledges = balance(input, months, { noLead: false, noBacklog: false, allPledges: true }).rows;
  const none = balance(input, months, { noLead: true, noBacklog: true, allPledges: true }).rows;
  const totals: Record<Cause, bigint> = {
    capacity: 0n,
    lead_time: 0n,
    backlog: 0n,
    pledges_not_committed: 0n,
  };
  const rows: ForecastMonth[] = base.rows.map((row, i) => {
    if (row.shortfall === 0n) return { ...row, cause: null };
    const recovered: Record<Cause, bigint> = {
      capacity: minBig(row.shortfall, none[i]?.shortfall ?? 0n),
      lead_time: maxBig(0n, row.shortfall - (noLead[i]?.shortfall ?? 0n)),
      backlog: maxBig(0n, row.shortfall - (noBacklog[i]?.shortfall ?? 0n)),
      pledges_not_committed: maxBig(0n, row.shortfall - (allPledges[i]?.shortfall ?? 0n)),
    };
    for (const cause of CAUSES) totals[cause] += recovered[cause];
    return { ...row, cause: causeOf(recovered) ?? 'capacity' };
  });
  const first = rows.find((row) => row.shortfall > 0n);
  const lots: SupplyLot[] = [];
  input.lines.forEach((line, l) => {
    base.perLine[l]?.forEach((quantity, i) => {
      if (quantity > 0n) lots.push({ production_line_id: line.id, month: months[i] as Month, quantity });
    });
  });
  return {
    months: rows,
    first_shortfall_month: first?.month ?? null,
    main_cause: first ? (causeOf(totals) ?? 'capacity') : null,
    shortfall_by_cause: totals,
    lots,
  };
}
