import { useT } from '../i18n/index.js';

interface Props {
  readonly onFirstPage: boolean;
  readonly nextCursor: string | null;
  readonly shown: number;
  readonly onFirst: () => void;
  readonly onNext: (cursor: string) => void;
}

/** Cursor paging: the API gives only a next cursor, so back is the browser's and "First page" restarts. */
export function Pager({ onFirstPage, nextCursor, shown, onFirst, onNext }: Props) {
  const t = useT();
  return (
    <nav className="pager" aria-label={t('lists.pages')}>
      <button type="button" onClick={onFirst} disabled={onFirstPage}>
        {t('lists.firstPage')}
      </button>
      <span className="pager__status" aria-live="polite">
        {t('lists.status', { shown, first: onFirstPage ? 'yes' : 'no', last: nextCursor ? 'no' : 'yes' })}
      </span>
      <button type="button" onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor}>
        {t('lists.nextPage')}
      </button>
    </nav>
  );
}
