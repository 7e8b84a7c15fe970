import { createIntl, createIntlCache, type IntlShape } from 'react-intl';
import { setFormatLocale } from '../format.js';
import { loadMessages } from './catalogues.js';
import { chooseLocale, INTL_TAG, isLocale, type Locale } from './locales.js';

/** The language on screen and its messages; one store per page load, outside React like the session. */
export interface I18nSnapshot {
  readonly locale: Locale;
  readonly messages: Readonly<Record<string, string>>;
  /** For code outside components (list configurations, name helpers): see `tr` in index.ts. */
  readonly intl: IntlShape;
}

const cache = createIntlCache();

const STORAGE_KEY = 'aidgrid.locale';
let current: I18nSnapshot | undefined;
const listeners = new Set<() => void>();
/** Saves a signed-in user's choice on the server; set by the session code once it knows the user. */
let saveForUser: ((locale: Locale) => Promise<void>) | undefined;

export function subscribeI18n(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function i18nSnapshot(): I18nSnapshot {
  if (!current) throw new Error('initI18n() must finish before the UI renders');
  return current;
}

function stored(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function remember(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage refused (private mode, quota): the choice lasts for this page load.
  }
}

function urlLocale(): string | null {
  return new URLSearchParams(window.location.search).get('lang');
}

async function show(locale: Locale): Promise<void> {
  if (current?.locale === locale) return;
  const messages = await loadMessages(locale);
  const intl = createIntl({ locale: INTL_TAG[locale], defaultLocale: 'en-GB', messages }, cache);
  current = { locale, messages, intl };
  setFormatLocale(INTL_TAG[locale]);
  document.documentElement.lang = locale;
  for (const listener of listeners) listener();
}

/**
 * Picks the first language (`?lang=`, this browser's remembered choice, `navigator.languages`)
 * and loads its catalogue. A `?lang=` in the address is remembered like a choice in the switch.
 */
export async function initI18n(): Promise<void> {
  const fromUrl = urlLocale();
  if (isLocale(fromUrl)) remember(fromUrl);
  await show(chooseLocale({ url: fromUrl, stored: stored(), languages: navigator.languages }));
}

/** The reader chose a language (switch in the header): show it and remember it. */
export async function chooseLanguage(locale: Locale): Promise<void> {
  remember(locale);
  await show(locale);
  await saveForUser?.(locale).catch(() => undefined);
}

/**
 * The session became known. A signed-in user's stored language wins over the browser's (unless the
 * address names one, which is then stored for the user); `save` stores a later choice.
 */
export async function adoptUserLocale(
  userLocale: string | null | undefined,
  save: ((locale: Locale) => Promise<void>) | undefined,
): Promise<void> {
  saveForUser = save;
  const fromUrl = urlLocale();
  if (isLocale(fromUrl)) {
    if (save && fromUrl !== userLocale) await save(fromUrl).catch(() => undefined);
    return;
  }
  if (isLocale(userLocale)) {
    remember(userLocale);
    await show(userLocale);
  } else if (save && current) {
    // First sign-in with no stored preference: keep what the reader sees, for next time too.
    await save(current.locale).catch(() => undefined);
  }
}
