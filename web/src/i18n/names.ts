import type { Locale } from './locales.js';

/** A catalogue record's name in the language on screen: `name_uk` in Ukrainian when known, else `name`. */
export function localName(
  record: { readonly name: string; readonly name_uk?: string | null | undefined },
  locale: Locale,
): string {
  return locale === 'uk' && record.name_uk ? record.name_uk : record.name;
}
