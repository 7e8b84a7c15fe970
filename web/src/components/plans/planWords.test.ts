import { describe, expect, it } from 'vitest';
import { formatMs, isoWeekOf } from './planWords.js';

describe('isoWeekOf', () => {
  it('names the ISO week, with the year of its Thursday', () => {
    expect(isoWeekOf('2022-11-24')).toBe('2022-W47');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2023-01-02')).toBe('2023-W01');
  });
});

describe('formatMs', () => {
  it('says milliseconds under a second and seconds above', () => {
    expect(formatMs(850.4)).toBe('850 ms');
    expect(formatMs(2430)).toBe('2.4 s');
    expect(formatMs(undefined)).toBe('—');
  });
});
