import { describe, expect, it } from 'vitest';
import { coverageOf } from './coverage.js';
import { forecastItem, type LineInput, lineDeliveries } from './forecast.js';
import { fromMilli, monthsFrom } from './months.js';

const rampUp: LineInput = {
  id: 'us-155',
  capacity_schedule: [
    { from: '2023-01', per_month: 14_000 },
    { from: '2023-09', per_month: 28_000 },
    { from: '2025-06', per_month: 40_000 },
  ],
  lead_time_months: 2,
  backlog: 20_000,
  coalition_share: 1,
};

const supplyOf = (line: LineInput, first: string, count: number) =>
  lineDeliveries(line, monthsFrom(first, count)).map(fromMilli);

describe('lineDeliveries', () => {
  it('works off the backlog, then delivers the ramp-up lead_time months later', () => {
    // Jan: 14k all to the backlog (6k left); Feb: 6k backlog, 8k free → April; Mar–Aug 14k → May–Oct;
    // Sep and Oct 28k → Nov and Dec.
    expect(supplyOf(rampUp, '2023-01', 12)).toEqual([
      0, 0, 0, 8_000, 14_000, 14_000, 14_000, 14_000, 14_000, 14_000, 28_000, 28_000,
    ]);
  });

  it('gives the coalition only its share of what is left after the backlog', () => {
    expect(supplyOf({ ...rampUp, coalition_share: 0.5 }, '2023-01', 5)).toEqual([0, 0, 0, 4_000, 7_000]);
  });

  it('reaches the last step of the schedule', () => {
    expect(supplyOf({ ...rampUp, lead_time_months: 0, backlog: 0 }, '2025-05', 3)).toEqual([
      28_000, 40_000, 40_000,
    ]);
  });

  it('produces only the available part of capacity during an outage', () => {
    const line = { ...rampUp, lead_time_months: 0, backlog: 0, availability: () => 250n };
    expect(supplyOf(line, '2023-01', 2)).toEqual([3_500, 3_500]);
  });
});

describe('forecastItem', () => {
  const consumption = [
    { rate_schedule: [{ from: '2023-01-01', per_day: 300 }], stock_on_hand: 0, stock_as_of: '2023-01-01' },
  ];
  const line = (per_month: number, lead: number): LineInput => ({
    id: 'line',
    capacity_schedule: [{ from: '2022-01', per_month }],
    lead_time_months: lead,
    backlog: 0,
    coalition_share: 1,
  });

  it('carries surplus as stock and blames the lead time for the months before deliveries start', () => {
    const result = forecastItem({
      as_of: '2023-01',
      months: 4,
      lines: [line(10_000, 1)],
      needs: [],
      pledges: [],
      consumption,
    });
    expect(result.months.map((m) => fromMilli(m.demand_consumption))).toEqual([9_300, 8_400, 9_300, 9_000]);
    expect(result.months.map((m) => fromMilli(m.shortfall))).toEqual([9_300, 0, 0, 0]);
    expect(result.months.map((m) => fromMilli(m.opening_stock))).toEqual([0, 0, 1_600, 2_300]);
    expect(result.first_shortfall_month).toBe('2023-01');
    expect(result.months[0]?.cause).toBe('lead_time');
    expect(result.main_cause).toBe('lead_time');
  });

  it('blames capacity when production is too small even without lead time', () => {
    const result = forecastItem({
      as_of: '2023-01',
      months: 1,
      lines: [line(5_000, 0)],
      needs: [],
      pledges: [],
      consumption,
    });
    expect(fromMilli(result.months[0]?.shortfall ?? 0n)).toBe(4_300);
    expect(result.main_cause).toBe('capacity');
  });

  it('blames uncommitted pledges and counts overdue needs in the first month', () => {
    const result = forecastItem({
      as_of: '2023-02',
      months: 2,
      lines: [],
      needs: [{ id: 'n1', needed_by: '2023-01-15', open: 1_000 }],
      pledges: [{ id: 'p1', committed_open: 400, uncommitted: 600, due: '2023-01' }],
      consumption: [],
    });
    expect(result.months.map((m) => fromMilli(m.shortfall))).toEqual([600, 0]);
    expect(result.main_cause).toBe('pledges_not_committed');
    expect(fromMilli(result.shortfall_by_cause.pledges_not_committed)).toBe(600);
  });

  it('reports no shortfall and no cause when supply covers demand', () => {
    const result = forecastItem({
      as_of: '2023-01',
      months: 3,
      lines: [line(10_000, 0)],
      needs: [],
      pledges: [],
      consumption,
    });
    expect(result.first_shortfall_month).toBeNull();
    expect(result.main_cause).toBeNull();
    expect(result.lots).toHaveLength(3);
  });

  it('draws a stock taken before the first month down to the first month', () => {
    const stocked = [
      {
        rate_schedule: [{ from: '2022-12-01', per_day: 300 }],
        stock_on_hand: 10_000,
        stock_as_of: '2022-12-22',
      },
    ];
    // 10 days at 300 before 1 Jan leave 7,000 against January's 9,300.
    const result = forecastItem({
      as_of: '2023-01',
      months: 1,
      lines: [],
      needs: [],
      pledges: [],
      consumption: stocked,
    });
    expect(fromMilli(result.months[0]?.opening_stock ?? 0n)).toBe(7_000);
    expect(fromMilli(result.months[0]?.shortfall ?? 0n)).toBe(2_300);
  });
});

describe('coverageOf', () => {
  it('divides the stock by a constant rate', () => {
    expect(coverageOf([{ from: '2023-01-01', per_day: 100 }], 1_000, '2023-01-01')).toEqual({
      coverage_days: 10,
      runs_out_on: '2023-01-11',
    });
  });

  it('follows a step up in the rate', () => {
    // 4 days at 100 use 400; the 600 left last 3 days at 200.
    const schedule = [
      { from: '2023-01-01', per_day: 100 },
      { from: '2023-01-05', per_day: 200 },
    ];
    expect(coverageOf(schedule, 1_000, '2023-01-01')).toEqual({
      coverage_days: 7,
      runs_out_on: '2023-01-08',
    });
  });

  it('never runs out when the rate falls to zero', () => {
    const schedule = [
      { from: '2023-01-01', per_day: 100 },
      { from: '2023-01-03', per_day: 0 },
    ];
    expect(coverageOf(schedule, 1_000, '2023-01-01')).toEqual({ coverage_days: null, runs_out_on: null });
  });
});
