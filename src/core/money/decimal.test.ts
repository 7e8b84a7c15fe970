import { describe, expect, it } from 'vitest';
import { Decimal } from './decimal.js';

const d = (text: string) => Decimal.parse(text);

describe('Decimal', () => {
  it('adds 0.1 and 0.2 to exactly 0.3, where binary floats do not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    const sum = d('0.1').add(d('0.2'));
    expect(sum.toString()).toBe('0.3');
    expect(sum.equals(d('0.3'))).toBe(true);
  });

  it('rounds 1.005 × 1 to 1.01 (half away from zero), where toFixed on a float gives 1.00', () => {
    expect((1.005 * 1).toFixed(2)).toBe('1.00');
    expect(d('1.005').multiplyRounded(d('1'), 2).toString()).toBe('1.01');
    expect(d('-1.005').multiplyRounded(d('1'), 2).toString()).toBe('-1.01');
  });

  it('rounds ties to the even neighbour in half-even mode, and everything else to the nearest', () => {
    const cases: [string, string, string][] = [
      // value, half away from zero, half even
      ['0.125', '0.13', '0.12'],
      ['0.135', '0.14', '0.14'],
      ['2.5', '3', '2'],
      ['3.5', '4', '4'],
      ['-2.5', '-3', '-2'],
      ['1.0049', '1.00', '1.00'],
      ['1.0051', '1.01', '1.01'],
      ['-1.0051', '-1.01', '-1.01'],
      ['0.0050000000001', '0.01', '0.01'],
    ];
    for (const [value, away, even] of cases) {
      const places = away.includes('.') ? away.split('.')[1]!.length : 0;
      expect(d(value).toFixed(places), value).toBe(away);
      expect(d(value).toFixed(places, 'half-even'), value).toBe(even);
    }
  });

  it('sums a hundred thousand cents exactly, where adding floats drifts', () => {
    let float = 0;
    for (let i = 0; i < 100_000; i++) float += 0.01;
    expect(float).not.toBe(1000);
    const cents = Array.from({ length: 100_000 }, () => d('0.01'));
    expect(Decimal.sum(cents).toString()).toBe('1000.00');
  });

  it('keeps every digit of amounts around 1e15 and beyond', () => {
    expect(1e15 + 0.01 - 1e15).not.toBe(0.01);
    const large = d('1000000000000000.01').add(d('0.02'));
    expect(large.toString()).toBe('1000000000000000.03');
    expect(d('999999999999999.99').add(d('0.01')).toString()).toBe('1000000000000000.00');
    expect(d('1234567890123456.78').multiplyRounded(d('0.9712345678'), 2).toString()).toBe(
      '1199055011183813.43',
    );
  });

  it('multiplies exactly and rounds only when asked', () => {
    expect(d('1250000.00').multiply(d('0.9700000000')).toString()).toBe('1212500.000000000000');
    expect(d('1250000.00').multiplyRounded(d('0.97'), 2).toString()).toBe('1212500.00');
    expect(d('19.99').multiply(d('3')).toString()).toBe('59.97');
  });

  it('subtracts, negates and compares values of different scales', () => {
    expect(d('10').subtract(d('0.01')).toString()).toBe('9.99');
    expect(d('0.01').subtract(d('10')).toString()).toBe('-9.99');
    expect(d('1.50').compare(d('1.5'))).toBe(0);
    expect(d('1.49').compare(d('1.5'))).toBe(-1);
    expect(d('-1').compare(d('-2'))).toBe(1);
    expect(d('0.00').isZero()).toBe(true);
    expect(d('-0.01').isNegative()).toBe(true);
    expect(d('0.01').isPositive()).toBe(true);
    expect(d('-3.2').abs().toString()).toBe('3.2');
  });

  it('divides with rounding and refuses to divide by zero', () => {
    expect(d('1').divide(d('3'), 4).toString()).toBe('0.3333');
    expect(d('2').divide(d('3'), 4).toString()).toBe('0.6667');
    expect(d('1').divide(d('0.9993'), 10).toString()).toBe('1.0007004903');
    expect(d('-1').divide(d('8'), 2).toString()).toBe('-0.13');
    expect(d('-1').divide(d('8'), 2, 'half-even').toString()).toBe('-0.12');
    expect(() => d('1').divide(d('0.00'), 2)).toThrow(RangeError);
  });

  it('pads, normalises and counts digits', () => {
    expect(d('3').toFixed(2)).toBe('3.00');
    expect(d('1.2500').normalise().toString()).toBe('1.25');
    expect(d('3.000').normalise().toString()).toBe('3');
    expect(d('0.5').integerDigits).toBe(0);
    expect(d('123.45').integerDigits).toBe(3);
    expect(d('-123.45').fractionDigits).toBe(2);
    expect(d('0.05').toString()).toBe('0.05');
    expect(JSON.stringify({ amount: d('7.10') })).toBe('{"amount":"7.10"}');
  });

  it.each(['', '1.', '.5', '1e3', ' 1', '1,5', 'NaN', '0x10', '--1', '1.2.3'])('refuses "%s"', (text) => {
    expect(Decimal.tryParse(text)).toBeUndefined();
    expect(() => Decimal.parse(text)).toThrow(TypeError);
  });
});
