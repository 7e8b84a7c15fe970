import type { Source, Verification } from '../api/contract.js';
import type { Remote } from '../api/useRemote.js';
import { RemoteState } from './RemoteState.js';
import { Truncate } from './Truncate.js';

const STATUS_TEXT: Record<Verification['status'], string> = {
  unverified: 'Unverified',
  single_source: 'Single source',
  corroborated: 'Corroborated',
  confirmed: 'Confirmed',
};

interface Props {
  readonly verification: Remote<Verification>;
  /** Undefined when sources cannot be attached to this kind of record. */
  readonly sources: Remote<{ items: Source[] }> | undefined;
}

/** Verification status (as a word, not only a colour) and the sources behind the record. */
export function SourcesPanel({ verification, sources }: Props) {
  return (
    <div className="sources-panel">
      <RemoteState remote={verification} what="the verification status">
        {(data) => (
          <p>
            Verification:{' '}
            <span className={`badge badge--${data.status}`}>{STATUS_TEXT[data.status] ?? data.status}</span>{' '}
            <span className="muted">
              {data.reason}
              {data.publishers.length > 0 ? ` (${data.publishers.join(', ')})` : ''}
            </span>
          </p>
        )}
      </RemoteState>
      {sources === undefined ? (
        <p className="muted">Sources are attached to the records this one carries, not to it directly.</p>
      ) : (
        <RemoteState
          remote={sources}
          what="the sources"
          isEmpty={(data) => data.items.length === 0}
          empty="No source is attached to this record."
        >
          {(data) => (
            <ul className="sources-panel__list">
              {data.items.map((source) => (
                <li key={source.id}>
                  {source.url ? (
                    <a href={source.url} rel="noreferrer noopener" target="_blank">
                      <Truncate text={source.title} />
                    </a>
                  ) : (
                    <Truncate text={source.title} />
                  )}{' '}
                  <span className="muted">
                    {source.publisher} · {source.kind}
                    {source.published_on ? ` · ${source.published_on}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </RemoteState>
      )}
    </div>
  );
}
