// Numbers, dates and money in the language on screen (en-GB "12,345.5", uk-UA "12 345,5").
// The i18n store sets the locale before the UI renders and whenever the reader changes it.
let locale = 'en-GB';
const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale} n ${JSON.stringify(options)}`;
  const known = formats.get(key);
  if (known) return known as Intl.NumberFormat;
  const format = new Intl.NumberFormat(locale, options);
  formats.set(key, format);
  return format;
}

function dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale} d ${JSON.stringify(options)}`;
  const known = formats.get(key);
  if (known) return known as Intl.DateTimeFormat;
  const format = new Intl.DateTimeFormat(locale, options);
  formats.set(key, format);
  return format;
}

/** Sets the BCP 47 tag every figure is formatted with (called by the i18n store). */
export function setFormatLocale(tag: string): void {
  locale = tag;
}

/** The BCP 47 tag figures are formatted with now. */
export function formatLocale(): string {
  return locale;
}

/** A quantity with thousands separators and at most the three decimals the API keeps. */
export function formatQuantity(value: number): string {
  return numberFormat({ maximumFractionDigits: 3 }).format(value);
}

/** A whole count with thousands separators. */
export function formatCount(value: number): string {
  return numberFormat({ maximumFractionDigits: 0 }).format(value);
}

/** Coverage as text, "87.5 %"; a dash when nothing is needed. */
export function formatCoverage(pct: number | null): string {
  return pct === null
    ? '—'
    : `${numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(pct)} %`;
}

/** An exact money amount in its currency, whole units: "€759,000" / "759 000 €". */
export function formatMoney(amount: number | string, currency = 'EUR'): string {
  return numberFormat({ style: 'currency', currency, maximumFractionDigits: 0 }).format(Number(amount));
}

/** A money amount shortened for reading with one decimal: "€4.5M" / "4,5 млн €"; same style everywhere. */
export function formatMoneyShort(amount: number | string, currency = 'EUR'): string {
  const value = Number(amount);
  if (Math.abs(value) < 1e4) return formatMoney(value, currency);
  return numberFormat({
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(value);
}

/** An axis figure, "12M", "1.5K": short enough not to collide with its neighbours. */
export function formatCompact(value: number): string {
  return numberFormat({ notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A calendar day (`2022-11-15`) in the language on screen: "15 Nov 2022" / "15 лист. 2022 р.". */
export function formatDay(isoDay: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay.slice(0, 10));
  if (!match) return isoDay;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateFormat({ day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(day);
}

/** A moment (ISO timestamp) to the minute, in UTC so that every reader sees the same figure. */
export function formatMoment(iso: string): string {
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return iso;
  return `${dateFormat({
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    hour12: false,
  }).format(moment)} UTC`;
}

export type CoverageLevel = 'none' | 'low' | 'partial' | 'full';

/** The band a coverage falls in; the UI shows it as a word as well as a colour. */
export function coverageLevel(pct: number | null): CoverageLevel {
  if (pct === null) return 'none';
  if (pct >= 100) return 'full';
  if (pct >= 50) return 'partial';
  return 'low';
}
