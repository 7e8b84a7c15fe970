interface Props {
  readonly onFirstPage: boolean;
  readonly nextCursor: string | null;
  readonly shown: number;
  readonly onFirst: () => void;
  readonly onNext: (cursor: string) => void;
}

/** Cursor paging: the API gives only a next cursor, so back is the browser's and "First page" restarts. */
export function Pager({ onFirstPage, nextCursor, shown, onFirst, onNext }: Props) {
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" onClick={onFirst} disabled={onFirstPage}>
        First page
      </button>
      <span className="pager__status" aria-live="polite">
        {shown} shown{onFirstPage ? ' (first page)' : ''}
        {nextCursor ? '' : ' — last page'}
      </span>
      <button type="button" onClick={() => nextCursor && onNext(nextCursor)} disabled={!nextCursor}>
        Next page
      </button>
    </nav>
  );
}
