import { type FormEvent, useEffect, useState } from 'react';
import { useT } from '../i18n/index.js';
import { navigate, useLocation } from '../router.js';

/** The search box of the header: its words open /search?q=…, which lists what matches by kind. */
export function SearchBox() {
  const t = useT();
  const { pathname, search } = useLocation();
  const shown = pathname === '/search' ? (new URLSearchParams(search).get('q') ?? '') : '';
  const [text, setText] = useState(shown);
  // The box shows the words of the results on screen, and empties when the reader leaves them.
  useEffect(() => setText(shown), [shown]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const words = text.trim();
    if (words) navigate(`/search?q=${encodeURIComponent(words)}`);
  };
  return (
    <search className="search-box" aria-label={t('search.label')}>
      <form onSubmit={onSubmit}>
        <label htmlFor="site-search" className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id="site-search"
          type="search"
          name="q"
          value={text}
          maxLength={200}
          placeholder={t('search.placeholder')}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit">{t('search.submit')}</button>
      </form>
    </search>
  );
}
