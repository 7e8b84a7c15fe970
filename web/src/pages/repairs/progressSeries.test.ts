import { describe, expect, it } from 'vitest';
import { measureOf, seriesOf, unitsOf, weekRange } from './progressSeries.js';

const cell = (
  week: string,
  key: string,
  people: number,
  capacity: { unit: 'MVA' | 'MW'; capacity: number }[],
) => ({
  week,
  key,
  projects: 1,
  people_reconnected: people,
  capacity,
});

describe('repair progress series', () => {
  const cells = [
    cell('2022-W52', 'a', 1000, [{ unit: 'MVA', capacity: 200 }]),
    cell('2023-W02', 'b', 500, [{ unit: 'MW', capacity: 30 }]),
    cell('2023-W02', 'a', 100, [{ unit: 'MVA', capacity: 40 }]),
  ];

  it('fills the weeks without energising, across the turn of the year', () => {
    expect(weekRange(cells)).toEqual(['2022-W52', '2023-W01', '2023-W02']);
    expect(weekRange([cell('2020-W53', 'a', 1, [])])).toEqual(['2020-W53']);
  });

  it('reads one unit at a time and never adds MVA to MW', () => {
    expect(unitsOf(cells)).toEqual(['MVA', 'MW']);
    expect(measureOf(cells[1] as (typeof cells)[number], 'MVA')).toBe(0);
    const weeks = weekRange(cells);
    expect(seriesOf(cells, weeks, 'MVA', 5).series).toEqual([{ key: 'a', values: [200, 0, 40] }]);
    expect(seriesOf(cells, weeks, 'people', 1)).toEqual({
      series: [{ key: 'a', values: [1000, 0, 100] }],
      left_out: 1,
    });
  });
});
