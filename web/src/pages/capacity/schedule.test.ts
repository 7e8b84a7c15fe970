import { describe, expect, it } from 'vitest';
import { capacityIn } from './schedule.js';

describe('capacityIn', () => {
  // The US 155 mm ramp-up of the demo: 14,000 → 28,000 → 40,000 a month.
  const schedule = [
    { from: '2023-01', per_month: 14_000 },
    { from: '2023-09', per_month: 28_000 },
    { from: '2025-06', per_month: 40_000 },
  ];

  it('is nothing before the first step', () => {
    expect(capacityIn(schedule, '2022-12')).toBe(0);
  });

  it('holds a step from its month until the next one', () => {
    expect(capacityIn(schedule, '2023-01')).toBe(14_000);
    expect(capacityIn(schedule, '2023-08')).toBe(14_000);
    expect(capacityIn(schedule, '2023-09')).toBe(28_000);
    expect(capacityIn(schedule, '2025-05')).toBe(28_000);
    expect(capacityIn(schedule, '2030-01')).toBe(40_000);
  });

  it('compares months across years, not as numbers of a year', () => {
    expect(capacityIn([{ from: '2023-10', per_month: 5 }], '2024-02')).toBe(5);
    expect(capacityIn([{ from: '2024-02', per_month: 5 }], '2023-10')).toBe(0);
  });
});
