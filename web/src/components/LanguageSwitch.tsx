import { chooseLanguage, LOCALE_NAMES, LOCALES, useLocale, useT } from '../i18n/index.js';

/** The language switch in the header: each language named in itself; the choice is remembered. */
export function LanguageSwitch() {
  const t = useT();
  const current = useLocale();
  return (
    <fieldset className="language-switch">
      <legend className="visually-hidden">{t('app.language')}</legend>
      {LOCALES.map((locale) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={locale === current}
          onClick={() => void chooseLanguage(locale)}
        >
          {LOCALE_NAMES[locale]}
        </button>
      ))}
    </fieldset>
  );
}
