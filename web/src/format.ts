// One fixed locale so that every user of a coalition reads figures the same way: 12,345.5.
const LOCALE = 'en-GB';

const quantityFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 3 });
const countFormat = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const percentFormat = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A quantity with thousands separators and at most the three decimals the API keeps. */
export function formatQuantity(value: number): string {
  return quantityFormat.format(value);
}

/** A whole count with thousands separators. */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** Coverage as text, "87.5 %"; a dash when nothing is needed. */
export function formatCoverage(pct: number | null): string {
  return pct === null ? '—' : `${percentFormat.format(pct)} %`;
}

export type CoverageLevel = 'none' | 'low' | 'partial' | 'full';

/** The band a coverage falls in; the UI shows it as a word as well as a colour. */
export function coverageLevel(pct: number | null): CoverageLevel {
  if (pct === null) return 'none';
  if (pct >= 100) return 'full';
  if (pct >= 50) return 'partial';
  return 'low';
}
