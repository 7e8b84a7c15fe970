import { describe, expect, it } from 'vitest';
import { addWeeks, isIsoWeek, isoWeekOf, mondayOfIsoWeek, weeksBetween } from './iso-week.js';

describe('ISO weeks', () => {
  it('names the week of a date, including the weeks that straddle a new year', () => {
    expect(isoWeekOf('2022-11-29')).toBe('2022-W48');
    expect(isoWeekOf('2022-11-28')).toBe('2022-W48'); // Monday
    expect(isoWeekOf('2022-12-04')).toBe('2022-W48'); // Sunday
    expect(isoWeekOf('2023-01-01')).toBe('2022-W52'); // a Sunday belongs to the old year's last week
    expect(isoWeekOf('2023-01-02')).toBe('2023-W01');
    expect(isoWeekOf('2020-12-31')).toBe('2020-W53');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2019-12-30')).toBe('2020-W01'); // a Monday in December can open week 1
  });

  it('gives the Monday of a week and round-trips every day of two years', () => {
    expect(mondayOfIsoWeek('2022-W48')).toBe('2022-11-28');
    expect(mondayOfIsoWeek('2020-W01')).toBe('2019-12-30');
    expect(mondayOfIsoWeek('2020-W53')).toBe('2020-12-28');
    for (let day = Date.UTC(2020, 0, 1); day < Date.UTC(2022, 0, 1); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      const monday = mondayOfIsoWeek(isoWeekOf(date));
      expect(monday <= date).toBe(true);
      expect(new Date(`${monday}T00:00:00Z`).getUTCDay()).toBe(1);
      expect((day - Date.parse(`${monday}T00:00:00Z`)) / 86_400_000).toBeLessThan(7);
    }
  });

  it('knows which weeks exist and counts weeks between two', () => {
    expect(isIsoWeek('2020-W53')).toBe(true);
    expect(isIsoWeek('2021-W53')).toBe(false);
    expect(isIsoWeek('2022-W00')).toBe(false);
    expect(isIsoWeek('2022-48')).toBe(false);
    expect(() => mondayOfIsoWeek('2021-W53')).toThrow(RangeError);
    expect(weeksBetween('2022-W48', '2022-W48')).toBe(0);
    expect(weeksBetween('2022-W52', '2023-W01')).toBe(1);
    expect(weeksBetween('2023-W01', '2022-W52')).toBe(-1);
    expect(addWeeks('2022-W52', 1)).toBe('2023-W01');
    expect(addWeeks('2021-W01', -1)).toBe('2020-W53');
    expect(weeksBetween('2020-W10', addWeeks('2020-W10', 260))).toBe(260);
  });
});
