import { describe, expect, it } from 'vitest';
import { count, formatNumber } from './output.js';

describe('numbers and plurals in CLI headlines', () => {
  it('separates thousands and keeps at most three decimals', () => {
    expect(formatNumber(1234567.5)).toBe('1,234,567.5');
    expect(formatNumber('1321920')).toBe('1,321,920');
    expect(formatNumber(0.0004)).toBe('0');
  });

  it('puts the noun in the right number', () => {
    expect(count(1, 'unit')).toBe('1 unit');
    expect(count(2, 'unit')).toBe('2 units');
    expect(count(12500, 'round')).toBe('12,500 rounds');
    expect(count(1, 'damage entry', 'damage entries')).toBe('1 damage entry');
    expect(count(0, 'damage entry', 'damage entries')).toBe('0 damage entries');
    expect(count(3, 'body')).toBe('3 bodies');
    expect(count(2, 'box')).toBe('2 boxes');
    expect(count(1500, 'kg')).toBe('1,500 kg');
    expect(count(2, 'MWh')).toBe('2 MWh');
  });
});
