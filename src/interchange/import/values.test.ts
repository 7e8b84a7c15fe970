import { describe, expect, it } from 'vitest';
import { parseAmount, parseDate, parseNumber, parseQuantity } from './values.js';

const number = (raw: string, decimal: ',' | '.' | 'auto' = 'auto') => {
  const parsed = parseNumber(raw, decimal);
  return parsed.ok ? parsed.value.text : `refused: ${parsed.reason}`;
};

describe('numbers as people write them', () => {
  it('reads decimal commas, thousands separators of every kind and accountants’ negatives', () => {
    expect(number('1.234,5')).toBe('1234.5');
    expect(number('1,234.5')).toBe('1234.5');
    expect(number('1 234,50')).toBe('1234.5');
    expect(number('1\u00a0234\u202f567,25')).toBe('1234567.25');
    expect(number("1'234'567")).toBe('1234567');
    expect(number('12,75')).toBe('12.75');
    expect(number('0,125')).toBe('0.125');
    expect(number('1,234,567')).toBe('1234567');
    expect(number('(1.200,00)')).toBe('-1200');
    expect(number('-3')).toBe('-3');
  });

  it('refuses what could be read two ways unless the mapping says which', () => {
    expect(number('1,500')).toMatch(/^refused: could be a decimal comma or a thousands separator/);
    expect(number('1,500', ',')).toBe('1.5');
    expect(number('1,500', '.')).toBe('1500');
    expect(number('1.500', ',')).toBe('1500');
    expect(number('1.5', ',')).toMatch(/^refused/);
    expect(number('12 Mio')).toMatch(/^refused: is not a number/);
    expect(number('')).toBe('refused: is empty');
  });

  it('reads percentages exactly and currency symbols or codes', () => {
    expect(number('12,5 %')).toBe('0.125');
    expect(number('150%')).toBe('1.5');
    const euro = parseNumber('€ 1.500.000,00');
    expect(euro.ok && euro.value).toEqual({ text: '1500000', currency: 'EUR', percent: false });
    const dollars = parseNumber('300 USD');
    expect(dollars.ok && dollars.value.currency).toBe('USD');
    const hryvnia = parseNumber('₴2 000');
    expect(hryvnia.ok && hryvnia.value).toEqual({ text: '2000', currency: 'UAH', percent: false });
  });

  it('checks quantities and amounts against what the columns hold', () => {
    expect(parseQuantity('0', 'auto')).toEqual({ ok: false, reason: 'must be greater than zero' });
    expect(parseQuantity('1,2345', 'auto')).toEqual({ ok: false, reason: 'must have at most 3 decimals' });
    expect(parseQuantity('-2', 'auto')).toEqual({ ok: false, reason: 'must not be negative' });
    expect(parseQuantity('€ 5', 'auto')).toEqual({
      ok: false,
      reason: 'is an amount of money, not a quantity',
    });
    expect(parseAmount('10%', 'auto')).toEqual({ ok: false, reason: 'is a percentage, not an amount' });
    expect(parseAmount('1.005', '.')).toEqual({ ok: false, reason: 'must have at most 2 decimals' });
  });
});

describe('dates in three notations and Excel serials', () => {
  it('reads ISO, European and Excel serial dates', () => {
    expect(parseDate('2023-02-24')).toEqual({ ok: true, value: '2023-02-24' });
    expect(parseDate('2023-02-24T10:00:00Z')).toEqual({ ok: true, value: '2023-02-24' });
    expect(parseDate('24.02.2023')).toEqual({ ok: true, value: '2023-02-24' });
    expect(parseDate('24/02/2023')).toEqual({ ok: true, value: '2023-02-24' });
    expect(parseDate('02/24/2023', 'mdy')).toEqual({ ok: true, value: '2023-02-24' });
    expect(parseDate('44981')).toEqual({ ok: true, value: '2023-02-24' });
    expect(parseDate('1')).toEqual({ ok: true, value: '1900-01-01' });
    expect(parseDate('61')).toEqual({ ok: true, value: '1900-03-01' });
  });

  it('refuses dates that do not exist, two-digit years and words', () => {
    expect(parseDate('30.02.2023')).toEqual({ ok: false, reason: 'is not a real date (30.02.2023)' });
    expect(parseDate('02/24/2023')).toEqual({ ok: false, reason: 'is not a real date (02/24/2023)' });
    expect(parseDate('24.02.23')).toEqual({
      ok: false,
      reason: 'has a two-digit year; write the year in full',
    });
    expect(parseDate('next week').ok).toBe(false);
  });
});
