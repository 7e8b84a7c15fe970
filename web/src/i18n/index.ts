// The UI's i18n: react-intl (FormatJS) with ICU messages. See /work/wt/_brief/i18n-ready.md and
// docs/architecture.md. Components use `useT()` for strings in attributes and code, `<T id=…/>`
// in JSX; numbers, dates and money go through web/src/format.ts, which follows the language.
import { useSyncExternalStore } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import type { Locale } from './locales.js';
import { i18nSnapshot, subscribeI18n } from './store.js';

export { LOCALE_NAMES, LOCALES, type Locale } from './locales.js';
export { chooseLanguage } from './store.js';
export { FormattedMessage as T };

/** Values an ICU message may interpolate: numbers for plurals, strings, elements for rich text. */
export type MessageValues = Record<string, string | number | boolean | null | undefined | Date>;

/** `t(id)`, `t(id, { count: 3 })`: the message `<namespace>.<key>` in the language on screen. */
export function useT(): (id: string, values?: MessageValues) => string {
  const intl = useIntl();
  return (id, values) => intl.formatMessage({ id }, values);
}

/** The language on screen. */
export function useLocale(): Locale {
  return useSyncExternalStore(subscribeI18n, i18nSnapshot, i18nSnapshot).locale;
}

/**
 * The message in the language on screen, for code outside components (list columns, name helpers).
 * The whole tree re-renders when the language changes (I18nProvider is keyed by it), so a value
 * computed during render is always current. In components prefer `useT()`.
 */
export function tr(id: string, values?: MessageValues): string {
  return i18nSnapshot().intl.formatMessage({ id }, values);
}

/** The language on screen, for code outside components. */
export function currentLocale(): Locale {
  return i18nSnapshot().locale;
}
