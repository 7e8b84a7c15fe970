import { describe, expect, it } from 'vitest';
import { ProblemList } from '../errors.js';
import { Decimal } from './decimal.js';
import { DEMO_FX_SOURCE, demoFxRates, firstBusinessDay } from './demo-fx-rates.js';
import { checkFxRate } from './fx-csv.js';

const CURRENCIES = [
  'USD',
  'GBP',
  'PLN',
  'CAD',
  'NOK',
  'SEK',
  'DKK',
  'CHF',
  'JPY',
  'CZK',
  'RON',
  'BGN',
  'TRY',
];

describe('demoFxRates', () => {
  const rates = demoFxRates();

  it('has one synthetic rate per currency and month, Apr 2022 – Jun 2023, each a valid rate', () => {
    expect([...new Set(rates.map((r) => r.currency))].sort()).toEqual([...CURRENCIES].sort());
    for (const currency of CURRENCIES) {
      const months = rates.filter((r) => r.currency === currency).map((r) => r.rate_on.slice(0, 7));
      expect(months).toHaveLength(15);
      expect(months[0]).toBe('2022-04');
      expect(months.at(-1)).toBe('2023-06');
      expect(new Set(months).size).toBe(15);
    }
    const problems = new ProblemList();
    for (const rate of rates) {
      expect(rate).toMatchObject({ synthetic: true, source: DEMO_FX_SOURCE });
      checkFxRate(problems, rate);
    }
    expect(problems.items).toEqual([]);
  });

  it('falls on the first business day of each month', () => {
    expect(firstBusinessDay(2022, 10)).toBe('2022-10-03'); // 1 October was a Saturday
    expect(firstBusinessDay(2023, 1)).toBe('2023-01-02'); // New Year's Day
    expect(firstBusinessDay(2023, 5)).toBe('2023-05-02'); // Labour Day, a Monday
    expect(firstBusinessDay(2022, 9)).toBe('2022-09-01');
    const days = new Set(rates.map((r) => r.rate_on));
    for (const day of days) expect([1, 2, 3, 4, 5]).toContain(new Date(`${day}T00:00:00Z`).getUTCDay());
  });

  it('is close to the rates of the period', () => {
    const eur = (currency: string, day: string) =>
      Number(rates.find((r) => r.currency === currency && r.rate_on === day)?.eur_per_unit);
    for (const day of ['2022-09-01', '2022-10-03', '2022-11-01', '2022-12-01']) {
      expect(eur('USD', day)).toBeGreaterThan(0.95);
      expect(eur('USD', day)).toBeLessThan(1.03);
      expect(eur('GBP', day)).toBeGreaterThan(1.13);
      expect(eur('GBP', day)).toBeLessThan(1.17);
      expect(eur('PLN', day)).toBeGreaterThan(0.2);
      expect(eur('PLN', day)).toBeLessThan(0.22);
    }
    expect(rates.find((r) => r.currency === 'USD' && r.rate_on === '2022-10-03')?.eur_per_unit).toBe(
      Decimal.ONE.divide(Decimal.parse('0.9764'), 10).toString(),
    );
  });

  it('gives every day of the demo period but one Sunday a rate no older than 31 days', () => {
    const days = rates.filter((r) => r.currency === 'USD').map((r) => Date.parse(`${r.rate_on}T00:00:00Z`));
    const uncovered: string[] = [];
    for (
      let t = Date.parse('2022-04-26T00:00:00Z');
      t <= Date.parse('2023-06-30T00:00:00Z');
      t += 86_400_000
    ) {
      const latest = Math.max(...days.filter((d) => d <= t));
      if ((t - latest) / 86_400_000 > 31) uncovered.push(new Date(t).toISOString().slice(0, 10));
    }
    // 1 March to 3 April 2023 is 33 days: only Sunday 2 April falls outside the 31-day rule.
    expect(uncovered).toEqual(['2023-04-02']);
  });
});
