/** The languages of the UI. English is the fallback; Ukrainian is the country's own. */
export const LOCALES = ['en', 'uk'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** The BCP 47 tag each locale formats numbers, dates and money with. */
export const INTL_TAG: Readonly<Record<Locale, string>> = { en: 'en-GB', uk: 'uk-UA' };

/** What each language is called in itself, for the switch in the header. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', uk: 'Українська' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The first of the browser's languages (`navigator.languages`, most wanted first) the UI speaks. */
export function localeFromLanguages(languages: readonly string[]): Locale | undefined {
  for (const language of languages) {
    const primary = language.trim().toLowerCase().split(/[-_]/)[0];
    if (isLocale(primary)) return primary;
  }
  return undefined;
}

/** Where a choice of language may come from, strongest first. */
export interface LocaleSources {
  /** `?lang=uk` in the address. */
  readonly url?: string | null;
  /** The signed-in user's stored preference. */
  readonly user?: string | null;
  /** The choice remembered in this browser (signed-out visitors). */
  readonly stored?: string | null;
  /** `navigator.languages` (what the browser sends as Accept-Language). */
  readonly languages?: readonly string[];
}

/** The language to show: the address, then the user's preference, this browser's choice, the browser's languages. */
export function chooseLocale(sources: LocaleSources): Locale {
  if (isLocale(sources.url)) return sources.url;
  if (isLocale(sources.user)) return sources.user;
  if (isLocale(sources.stored)) return sources.stored;
  return localeFromLanguages(sources.languages ?? []) ?? DEFAULT_LOCALE;
}
