import { type ReactNode, useSyncExternalStore } from 'react';
import { IntlProvider } from 'react-intl';
import { INTL_TAG } from './locales.js';
import { i18nSnapshot, subscribeI18n } from './store.js';

/** Gives every component the chosen language's messages and formats; re-renders when it changes. */
export function I18nProvider({ children }: { readonly children: ReactNode }) {
  const { locale, messages } = useSyncExternalStore(subscribeI18n, i18nSnapshot, i18nSnapshot);
  return (
    <IntlProvider locale={INTL_TAG[locale]} defaultLocale="en-GB" messages={messages} key={locale}>
      {children}
    </IntlProvider>
  );
}
