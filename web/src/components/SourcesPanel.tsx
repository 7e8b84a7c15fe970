import type { Source, Verification } from '../api/contract.js';
import type { Remote } from '../api/useRemote.js';
import { formatDay } from '../format.js';
import { T, useT } from '../i18n/index.js';
import { word } from '../i18n/words.js';
import { RemoteState } from './RemoteState.js';
import { Truncate } from './Truncate.js';

const STATUS_IDS: Readonly<Record<Verification['status'], string>> = {
  unverified: 'sourcesPanel.status.unverified',
  single_source: 'sourcesPanel.status.single_source',
  corroborated: 'sourcesPanel.status.corroborated',
  confirmed: 'sourcesPanel.status.confirmed',
};

/** Why the record has its status, in words (src/core/provenance/verification.service.ts). */
const REASON_IDS: Readonly<Record<Verification['status'], string>> = {
  unverified: 'sourcesPanel.reason.unverified',
  single_source: 'sourcesPanel.reason.single_source',
  corroborated: 'sourcesPanel.reason.corroborated',
  confirmed: 'sourcesPanel.reason.confirmed',
};

const KIND_IDS: Readonly<Record<string, string>> = {
  primary: 'sourcesPanel.kind.primary',
  secondary: 'sourcesPanel.kind.secondary',
};

interface Props {
  readonly verification: Remote<Verification>;
  /** Undefined when sources cannot be attached to this kind of record. */
  readonly sources: Remote<{ items: Source[] }> | undefined;
}

/** Verification status (as a word, not only a colour) and the sources behind the record. */
export function SourcesPanel({ verification, sources }: Props) {
  const t = useT();
  return (
    <div className="sources-panel">
      <RemoteState remote={verification} what={t('sourcesPanel.verificationWhat')}>
        {(data) => (
          <p>
            {t('sourcesPanel.verification')}{' '}
            <span className={`badge badge--${data.status}`}>{word(STATUS_IDS, data.status)}</span>{' '}
            {/* The API's reason is English; the page says the same from its fields. */}
            <span className="muted" title={data.reason}>
              {t(REASON_IDS[data.status], { count: data.sources, publishers: data.publishers.length })}
              {data.publishers.length > 0 ? ` (${data.publishers.join(', ')})` : ''}
            </span>
          </p>
        )}
      </RemoteState>
      {sources === undefined ? (
        <p className="muted">
          <T id="sourcesPanel.notAttached" />
        </p>
      ) : (
        <RemoteState
          remote={sources}
          what={t('sourcesPanel.sourcesWhat')}
          isEmpty={(data) => data.items.length === 0}
          empty={t('sourcesPanel.none')}
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
                    {source.publisher} · {word(KIND_IDS, source.kind)}
                    {source.published_on ? ` · ${formatDay(source.published_on)}` : ''}
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
