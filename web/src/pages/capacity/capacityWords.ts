import { formatLocale, formatQuantity } from '../../format.js';
import { currentLocale, tr } from '../../i18n/index.js';
import { UNIT_IDS, word } from '../../i18n/words.js';

/** Why a month falls short, worded (the ids written out for the catalogue test). */
export const CAUSE_IDS: Readonly<Record<string, string>> = {
  capacity: 'capacity.cause.capacity',
  lead_time: 'capacity.cause.lead_time',
  backlog: 'capacity.cause.backlog',
  pledges_not_committed: 'capacity.cause.pledges_not_committed',
};

/** A share 0–1 as a percentage in the language on screen: "72 %". */
export function formatShare(share: number): string {
  return new Intl.NumberFormat(formatLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
}

/** A quantity with the item's unit: "46,080 round". */
export function inUnit(value: number, unit: string): string {
  return tr('capacity.inUnit', { value: formatQuantity(value), unit: word(UNIT_IDS, unit) });
}

/** A country's name in the language on screen ("CA" → "Canada" / "Канада"), else its code. */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([currentLocale()], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A month YYYY-MM in the language on screen: "Jan 2023" / "січ. 2023 р.". */
export function formatMonth(month: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(formatLocale(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    day,
  );
}

export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
