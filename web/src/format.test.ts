import { describe, expect, it } from 'vitest';
import {
  coverageLevel,
  formatCount,
  formatCoverage,
  formatDay,
  formatMoney,
  formatQuantity,
  setFormatLocale,
} from './format.js';

describe('figures', () => {
  it('follows the language on screen: Ukrainian groups digits with spaces and a decimal comma', () => {
    setFormatLocale('uk-UA');
    try {
      expect(formatQuantity(1234567.125).replaceAll('\u00a0', ' ')).toBe('1 234 567,125');
      expect(formatDay('2022-11-15')).toMatch(/^15 лист\.? 2022/);
      expect(formatMoney(759000).replaceAll('\u00a0', ' ')).toMatch(/^759 000 (€|EUR)$/);
    } finally {
      setFormatLocale('en-GB');
    }
    expect(formatDay('2022-11-15')).toBe('15 Nov 2022');
    expect(formatMoney(759000)).toBe('€759,000');
  });

  it('separates thousands and keeps up to three decimals', () => {
    expect(formatQuantity(1234567.125)).toBe('1,234,567.125');
    expect(formatQuantity(12.5)).toBe('12.5');
    expect(formatQuantity(0)).toBe('0');
    expect(formatCount(25000)).toBe('25,000');
  });

  it('writes coverage as text with one decimal, a dash when nothing is needed', () => {
    expect(formatCoverage(87.5)).toBe('87.5 %');
    expect(formatCoverage(100)).toBe('100.0 %');
    expect(formatCoverage(null)).toBe('—');
  });

  it('bands coverage', () => {
    expect([null, 0, 49.9, 50, 99.9, 100].map(coverageLevel)).toEqual([
      'none',
      'low',
      'low',
      'partial',
      'partial',
      'full',
    ]);
  });
});
