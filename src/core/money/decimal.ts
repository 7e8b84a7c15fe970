/**
 * Exact decimal arithmetic on BigInt, for money and rates: a JavaScript number cannot hold 0.1
 * exactly, so sums of amounts drift and halves round the wrong way (1.005 is 1.00499999…).
 *
 * Rounding: the default is half away from zero ("commercial" rounding: 1.005 → 1.01,
 * -1.005 → -1.01, 0.125 → 0.13), which is what PostgreSQL's round(numeric, n) does, so a value
 * computed here and one computed in SQL agree to the cent. Half-even (banker's rounding:
 * 0.125 → 0.12) is available where a sum of many rounded values must not drift upwards.
 */

export type RoundingMode = 'half-away-from-zero' | 'half-even';

export const DEFAULT_ROUNDING: RoundingMode = 'half-away-from-zero';

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d+))?$/;

const TEN = 10n;
const pow10 = (n: number): bigint => TEN ** BigInt(n);
const abs = (n: bigint): bigint => (n < 0n ? -n : n);

/** numerator / denominator as an integer, rounded with `mode` (denominator ≠ 0). */
function divideRounded(numerator: bigint, denominator: bigint, mode: RoundingMode): bigint {
  const quotient = numerator / denominator; // truncates towards zero
  const remainder = numerator % denominator;
  if (remainder === 0n) return quotient;
  const negative = numerator < 0n !== denominator < 0n;
  const twice = abs(remainder) * 2n;
  const divisor = abs(denominator);
  const awayFromZero =
    twice > divisor || (twice === divisor && (mode === 'half-away-from-zero' || quotient % 2n !== 0n));
  if (!awayFromZero) return quotient;
  return negative ? quotient - 1n : quotient + 1n;
}

/** An immutable exact decimal: `units` × 10^-`scale`. */
export class Decimal {
  private constructor(
    /** The value as an integer number of 10^-scale. */
    readonly units: bigint,
    /** Number of decimal places carried. */
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);
  static readonly ONE = new Decimal(1n, 0);

  /** Parses "1250000.00", "-0.1" or "42"; anything else (exponents, spaces, "1.") is refused. */
  static parse(text: string): Decimal {
    const parsed = Decimal.tryParse(text);
    if (!parsed) throw new TypeError(`not a decimal number: "${text}"`);
    return parsed;
  }

  /** Like parse, but answers undefined for text that is not a plain decimal. */
  static tryParse(text: string): Decimal | undefined {
    const match = DECIMAL_TEXT.exec(text);
    if (!match) return undefined;
    const [, sign = '', whole = '0', fraction = ''] = match;
    const units = BigInt(`${whole}${fraction}`);
    return new Decimal(sign === '-' ? -units : units, fraction.length);
  }

  /** An integer (a JavaScript safe integer or a BigInt). */
  static fromInteger(value: number | bigint): Decimal {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) {
      throw new TypeError(`not a safe integer: ${value}`);
    }
    return new Decimal(BigInt(value), 0);
  }

  /** The exact sum; zero for an empty list. */
  static sum(values: Iterable<Decimal>): Decimal {
    let total = Decimal.ZERO;
    for (const value of values) total = total.add(value);
    return total;
  }

  /** Number of fraction digits of the text as written ("1.50" has 2). */
  get fractionDigits(): number {
    return this.scale;
  }

  /** Number of digits before the decimal point, ignoring leading zeros ("0.5" has 0, "12.3" has 2). */
  get integerDigits(): number {
    const whole = abs(this.units) / pow10(this.scale);
    return whole === 0n ? 0 : whole.toString().length;
  }

  private rescaled(scale: number): bigint {
    return this.units * pow10(scale - this.scale);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.rescaled(scale) + other.rescaled(scale), scale);
  }

  subtract(other: Decimal): Decimal {
    return this.add(other.negate());
  }

  /** The exact product (its scale is the sum of both scales). */
  multiply(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  /** amount × rate rounded to `places` decimals: how a converted amount is computed. */
  multiplyRounded(rate: Decimal, places: number, mode: RoundingMode = DEFAULT_ROUNDING): Decimal {
    return this.multiply(rate).round(places, mode);
  }

  /** this ÷ divisor rounded to `places` decimals; throws RangeError on division by zero. */
  divide(divisor: Decimal, places: number, mode: RoundingMode = DEFAULT_ROUNDING): Decimal {
    if (divisor.units === 0n) throw new RangeError('division by zero');
    checkPlaces(places);
    // (u1 / 10^s1) / (u2 / 10^s2) = u1 × 10^s2 / (u2 × 10^s1); scaled by 10^places.
    const numerator = this.units * pow10(divisor.scale + places);
    const denominator = divisor.units * pow10(this.scale);
    return new Decimal(divideRounded(numerator, denominator, mode), places);
  }

  negate(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.negate() : this;
  }

  /** Rounded to `places` decimals (padded with zeros when it has fewer). */
  round(places: number, mode: RoundingMode = DEFAULT_ROUNDING): Decimal {
    checkPlaces(places);
    if (places >= this.scale) return new Decimal(this.rescaled(places), places);
    return new Decimal(divideRounded(this.units, pow10(this.scale - places), mode), places);
  }

  /** -1, 0 or 1; "1.50" and "1.5" compare equal. */
  compare(other: Decimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.rescaled(scale);
    const b = other.rescaled(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  isPositive(): boolean {
    return this.units > 0n;
  }

  /** The smaller scale that holds the same value ("1.2500" → "1.25", "3.0" → "3"). */
  normalise(): Decimal {
    let { units, scale } = this;
    while (scale > 0 && units % TEN === 0n) {
      units /= TEN;
      scale -= 1;
    }
    return new Decimal(units, scale);
  }

  /** The value with exactly `places` decimals, rounded with `mode` if it has more. */
  toFixed(places: number, mode: RoundingMode = DEFAULT_ROUNDING): string {
    return this.round(places, mode).toString();
  }

  /** The value with all the decimals it carries ("0.1" + "0.20" → "0.30"). */
  toString(): string {
    const digits = abs(this.units)
      .toString()
      .padStart(this.scale + 1, '0');
    const sign = this.units < 0n ? '-' : '';
    if (this.scale === 0) return `${sign}${digits}`;
    const cut = digits.length - this.scale;
    return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function checkPlaces(places: number): void {
  if (!Number.isInteger(places) || places < 0 || places > 100) {
    throw new RangeError(`decimal places must be an integer from 0 to 100, not ${places}`);
  }
}
