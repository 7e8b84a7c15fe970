/**
 * Cell values as people and spreadsheets write them, read into the canonical text the staging
 * table stores (decimal strings with a dot, ISO dates). Each reader answers the value or the reason
 * it is refused; nothing is guessed: "1,500" is 1.5 in Kyiv and 1500 in London, so it is refused
 * unless the mapping says which (`decimal`).
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const refused = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** How numbers are written: a decimal comma, a decimal point, or either when it is unambiguous. */
export type DecimalMark = ',' | '.' | 'auto';
/** Day before month (31/12/2023, the European order) or month before day (12/31/2023). */
export type DateOrder = 'dmy' | 'mdy';

/** Currency symbols and the ISO 4217 code each stands for (a "$" is taken as US dollars). */
const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = {
  '€': 'EUR',
  $: 'USD',
  US$: 'USD',
  '£': 'GBP',
  '₴': 'UAH',
  '¥': 'JPY',
  zł: 'PLN',
  C$: 'CAD',
  A$: 'AUD',
  Kč: 'CZK',
  CHF: 'CHF',
};

export interface ParsedNumber {
  /** Canonical decimal text: digits, at most one dot, optional leading minus. */
  readonly text: string;
  /** The currency its symbol or code named (€ 1.200,50 → EUR), if any. */
  readonly currency: string | null;
  /** Written as a percentage (12,5 % → 0.125). */
  readonly percent: boolean;
}

/** Thousands separators besides the comma and dot: spaces (also no-break and narrow no-break) and ’/'. */
const GROUPING = /[\s\u00a0\u202f'’]/g;

/** Shifts a canonical decimal text two places left (percent → fraction) without binary rounding. */
function divideBy100(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const padded = whole.padStart(3, '0');
  const result = `${padded.slice(0, -2).replace(/^0+(?=\d)/, '')}.${padded.slice(-2)}${fraction}`.replace(
    /\.?0+$/,
    '',
  );
  return `${negative && result !== '0' ? '-' : ''}${result === '' ? '0' : result}`;
}

/**
 * A number as Europeans and Excel write it: "1 234,5", "1.234,50", "1,234.50", "€ 2,5 Mio" is not
 * a number (words are refused), "12,5 %", "(1.200)" negative as accountants write it, "USD 300".
 */
export function parseNumber(raw: string, decimal: DecimalMark = 'auto'): Parsed<ParsedNumber> {
  let text = raw.trim();
  if (text === '') return refused('is empty');
  let currency: string | null = null;
  // A leading or trailing currency symbol or ISO code.
  const symbol = /^([A-Z]{3}|US\$|C\$|A\$|[€$£₴¥]|zł|Kč)\s*|\s*([A-Z]{3}|[€$£₴¥]|zł|Kč)$/u.exec(text);
  if (symbol) {
    const code = symbol[1] ?? symbol[2] ?? '';
    currency = CURRENCY_SYMBOLS[code] ?? code;
    text = (text.slice(0, symbol.index) + text.slice(symbol.index + symbol[0].length)).trim();
  }
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  let percent = false;
  if (text.endsWith('%')) {
    percent = true;
    text = text.slice(0, -1).trim();
  }
  if (text.startsWith('-') || text.startsWith('−')) {
    negative = !negative;
    text = text.slice(1).trim();
  } else if (text.startsWith('+')) {
    text = text.slice(1).trim();
  }
  text = text.replace(GROUPING, '');
  if (!/^[0-9.,]+$/.test(text) || !/[0-9]/.test(text)) return refused('is not a number');
  const commas = text.split(',').length - 1;
  const dots = text.split('.').length - 1;
  let mark: ',' | '.' | null;
  if (commas > 0 && dots > 0) {
    // Both: the last one is the decimal mark, the other groups thousands (1.234,5 and 1,234.5).
    mark = text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
    if (decimal !== 'auto' && decimal !== mark)
      return refused(`does not use "${decimal}" as its decimal mark`);
  } else if (commas === 0 && dots === 0) {
    mark = null;
  } else {
    const only: ',' | '.' = commas > 0 ? ',' : '.';
    const count = commas + dots;
    const grouped = new RegExp(`^[0-9]{1,3}(\\${only}[0-9]{3})+$`).test(text);
    if (decimal !== 'auto') {
      mark = only === decimal ? (count === 1 ? only : null) : null;
      if (only === decimal && count > 1) return refused('has more than one decimal mark');
      if (only !== decimal && !grouped)
        return refused(`is not a number with "${decimal}" as its decimal mark`);
    } else if (count > 1) {
      if (!grouped) return refused('is not a number');
      mark = null;
    } else if (only === ',' && grouped && !/^0,/.test(text)) {
      return refused(
        'could be a decimal comma or a thousands separator; say which with "decimal" in the mapping',
      );
    } else {
      mark = only;
    }
  }
  let canonical: string;
  if (mark === null) {
    canonical = text.replace(/[.,]/g, '');
  } else {
    const at = text.lastIndexOf(mark);
    const whole = text.slice(0, at).replace(/[.,]/g, '');
    const fraction = text.slice(at + 1);
    if (fraction.length === 0 || /[.,]/.test(fraction)) return refused('is not a number');
    canonical = `${whole === '' ? '0' : whole}.${fraction}`;
  }
  canonical = canonical.replace(/^0+(?=\d)/, '');
  if (canonical.includes('.')) canonical = canonical.replace(/\.?0+$/, '');
  if (percent) canonical = divideBy100(canonical);
  if (negative && canonical !== '0') canonical = `-${canonical}`;
  return ok({ text: canonical, currency, percent });
}

/** Excel's day 0 is 1899-12-30 (it counts a 29 February 1900 that never was). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A date in any of the notations files carry: ISO 8601 (2023-02-24, also with a time), European
 * 24.02.2023 / 24/02/2023 / 24-02-2023 (or month first with `dates: "mdy"`), and Excel serial day
 * numbers (44981). Two-digit years are refused: 24.02.23 could be 1923.
 */
export function parseDate(raw: string, order: DateOrder = 'dmy'): Parsed<string> {
  const text = raw.trim();
  if (text === '') return refused('is empty');
  let match =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (match) {
    return fromParts(Number(match[1]), Number(match[2]), Number(match[3]), text);
  }
  match = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2,4})$/.exec(text);
  if (match) {
    if ((match[4] as string).length !== 4) return refused('has a two-digit year; write the year in full');
    const first = Number(match[1]);
    const second = Number(match[3]);
    const [day, month] = order === 'dmy' ? [first, second] : [second, first];
    return fromParts(Number(match[4]), month, day, text);
  }
  match = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
  if (match) return fromParts(Number(match[1]), Number(match[2]), Number(match[3]), text);
  if (/^\d{1,6}(\.\d+)?$/.test(text)) {
    const serial = Math.floor(Number(text));
    // 1 … 109574: 1900-01-01 … 2199-12-31 as Excel counts.
    if (serial < 1 || serial > 109_574) return refused('is not a date');
    // Excel's 60 is 29 February 1900, a day that never was; before it its count is one day ahead.
    if (serial === 60) return refused("is Excel's 29 February 1900, a day that never was");
    const days = serial < 60 ? serial + 1 : serial;
    return ok(new Date(EXCEL_EPOCH_MS + days * 86_400_000).toISOString().slice(0, 10));
  }
  return refused('is not a date (write 2023-02-24, 24.02.2023 or 24/02/2023)');
}

function fromParts(year: number, month: number, day: number, text: string): Parsed<string> {
  const iso = isoDate(year, month, day);
  return iso === null ? refused(`is not a real date (${text})`) : ok(iso);
}

/** A quantity: a positive number with at most 3 decimals below 10^15 (numeric(18, 3)). */
export function parseQuantity(raw: string, decimal: DecimalMark): Parsed<string> {
  const number = parseNumber(raw, decimal);
  if (!number.ok) return number;
  if (number.value.currency !== null) return refused('is an amount of money, not a quantity');
  return checkDecimal(number.value.text, { decimals: 3, positive: true, digits: 15 });
}

/** A money amount: non-negative, at most 2 decimals, below 10^18 (numeric(20, 2)). */
export function parseAmount(raw: string, decimal: DecimalMark): Parsed<ParsedNumber> {
  const number = parseNumber(raw, decimal);
  if (!number.ok) return number;
  if (number.value.percent) return refused('is a percentage, not an amount');
  const checked = checkDecimal(number.value.text, { decimals: 2, positive: false, digits: 18 });
  return checked.ok ? ok({ ...number.value, text: checked.value }) : checked;
}

function checkDecimal(
  text: string,
  rules: { decimals: number; positive: boolean; digits: number },
): Parsed<string> {
  if (text.startsWith('-')) return refused('must not be negative');
  const [whole = '', fraction = ''] = text.split('.');
  if (rules.positive && /^0*$/.test(whole) && /^0*$/.test(fraction))
    return refused('must be greater than zero');
  if (fraction.length > rules.decimals) return refused(`must have at most ${rules.decimals} decimals`);
  if (whole.replace(/^0+/, '').length > rules.digits) return refused('is too large');
  return ok(text);
}

/** An ISO 4217 code, upper case. */
export function parseCurrency(raw: string): Parsed<string> {
  const text = raw.trim();
  const symbol = CURRENCY_SYMBOLS[text];
  if (symbol) return ok(symbol);
  const code = text.toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? ok(code) : refused('is not an ISO 4217 currency code (EUR, USD, UAH)');
}
