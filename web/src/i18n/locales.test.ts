import { describe, expect, it } from 'vitest';
import { chooseLocale, localeFromLanguages } from './locales.js';

describe('the language shown', () => {
  it('follows the browser on a first visit: the first of its languages the UI speaks, else English', () => {
    expect(localeFromLanguages(['uk-UA', 'en-GB'])).toBe('uk');
    expect(localeFromLanguages(['de-DE', 'uk', 'en'])).toBe('uk');
    expect(localeFromLanguages(['en-US', 'uk'])).toBe('en');
    expect(localeFromLanguages(['de-DE', 'fr'])).toBeUndefined();
    expect(chooseLocale({ languages: ['de-DE'] })).toBe('en');
  });

  it('lets ?lang= win, then the user’s stored choice, then this browser’s, then the browser’s languages', () => {
    const languages = ['en-GB'];
    expect(chooseLocale({ url: 'uk', user: 'en', stored: 'en', languages })).toBe('uk');
    expect(chooseLocale({ url: null, user: 'uk', stored: 'en', languages })).toBe('uk');
    expect(chooseLocale({ url: null, user: null, stored: 'uk', languages })).toBe('uk');
    expect(chooseLocale({ url: 'xx', user: null, stored: null, languages: ['uk'] })).toBe('uk');
    expect(chooseLocale({ url: 'ru', languages })).toBe('en');
  });
});
