import { useEffect, useState } from 'react';
import type { OpenDataRelease } from '../../api/contract.js';
import { detailOf } from '../../api/http.js';
import { permission } from '../../api/permissions.js';
import {
  OPEN_DATA_FEED_URL,
  publishRelease,
  releaseFileUrl,
  useOpenDataReleases,
} from '../../api/useOpenData.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { DetailFields } from '../../components/DetailFields.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatCount, formatDay, formatMoment, formatQuantity } from '../../format.js';
import { tr, useT } from '../../i18n/index.js';

const LICENCE_URL = 'https://creativecommons.org/licenses/by/4.0/';

/** The tables a release counts and compares (src/core/open-data/release.service.ts), in reading order. */
const TABLE_IDS: Readonly<Record<string, string>> = {
  needs: 'openData.table.needs',
  pledges: 'openData.table.pledges',
  events: 'openData.table.events',
  gaps_by_category: 'openData.table.gapsByCategory',
  gaps_by_item: 'openData.table.gapsByItem',
  gaps_by_region: 'openData.table.gapsByRegion',
  gaps_by_donor: 'openData.table.gapsByDonor',
  gap_weekly: 'openData.table.gapWeekly',
};

function tableName(name: string): string {
  const id = TABLE_IDS[name];
  return id ? tr(id) : name;
}

function tableOrder(names: readonly string[]): string[] {
  const known = Object.keys(TABLE_IDS);
  const rank = (name: string) => (known.includes(name) ? known.indexOf(name) : known.length);
  return [...names].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return tr('openData.bytes', { size: formatQuantity(bytes) });
  if (bytes < 1024 * 1024)
    return tr('openData.kib', { size: formatQuantity(Math.round(bytes / 102.4) / 10) });
  return tr('openData.mib', { size: formatQuantity(Math.round(bytes / 1024 / 102.4) / 10) });
}

/** Announces the Atom feed to browsers and feed readers while the page is open. */
function useFeedLink(title: string): void {
  useEffect(() => {
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = 'application/atom+xml';
    link.href = OPEN_DATA_FEED_URL;
    link.title = title;
    document.head.append(link);
    return () => link.remove();
  }, [title]);
}

/** A release's counts and changes per table against the previous release. */
function ReleaseChanges({ release, caption }: { release: OpenDataRelease; caption: string }) {
  const t = useT();
  const names = tableOrder([
    ...new Set([...Object.keys(release.counts), ...Object.keys(release.changelog.tables)]),
  ]);
  return (
    <div className="data-table-scroll">
      <table className="data-table open-data-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('openData.colTable')}</th>
            <th scope="col" className="num">
              {t('openData.colRecords')}
            </th>
            <th scope="col" className="num">
              {t('openData.colAdded')}
            </th>
            <th scope="col" className="num">
              {t('openData.colRemoved')}
            </th>
            <th scope="col" className="num">
              {t('openData.colChanged')}
            </th>
          </tr>
        </thead>
        <tbody>
          {names.map((name) => {
            const changes = release.changelog.tables[name];
            return (
              <tr key={name}>
                <th scope="row">{tableName(name)}</th>
                <td className="num">{formatCount(release.counts[name] ?? 0)}</td>
                <td className="num">{changes ? formatCount(changes.added.length) : '—'}</td>
                <td className="num">{changes ? formatCount(changes.removed.length) : '—'}</td>
                <td className="num">{changes ? formatCount(changes.changed.length) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** A release's files; with `download`, each name links to the file (a preview has nothing stored yet). */
function ReleaseFiles({
  release,
  download,
  caption,
}: {
  release: OpenDataRelease;
  download: boolean;
  caption: string;
}) {
  const t = useT();
  return (
    <div className="data-table-scroll">
      <table className="data-table open-data-table open-data-files">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('openData.colFile')}</th>
            <th scope="col">{t('openData.colType')}</th>
            <th scope="col" className="num">
              {t('openData.colSize')}
            </th>
            <th scope="col">{t('openData.colSha')}</th>
          </tr>
        </thead>
        <tbody>
          {release.files.map((file) => (
            <tr key={file.name}>
              <th scope="row">
                {download ? (
                  <a
                    href={releaseFileUrl(release.number, file.name)}
                    download={file.name}
                    type={file.media_type}
                  >
                    {file.name}
                  </a>
                ) : (
                  file.name
                )}
              </th>
              <td>{file.media_type}</td>
              <td className="num">{formatBytes(file.bytes)}</td>
              <td>
                <code className="open-data-sha">{file.sha256}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function releaseFacts(release: OpenDataRelease): string {
  const compared =
    release.changelog.previous === null
      ? tr('openData.firstRelease')
      : tr('openData.comparedWith', { previous: release.changelog.previous });
  return tr('openData.facts', {
    published: formatMoment(release.published_at),
    asOf: formatDay(release.data_as_of),
    compared,
  });
}

/** One published release: when, what it holds, what changed, its files. */
function ReleaseNotes({ release }: { release: OpenDataRelease }) {
  const t = useT();
  return (
    <>
      <p className="open-data-release__facts">{releaseFacts(release)}</p>
      <ReleaseChanges release={release} caption={t('openData.changes', { number: release.number })} />
      <ReleaseFiles release={release} download caption={t('openData.files', { number: release.number })} />
    </>
  );
}

/** Coordinators and admins preview the next release (a dry run), then publish it; others see why not. */
function PublishPanel({ onPublished }: { onPublished: (release: OpenDataRelease) => void }) {
  const t = useT();
  const { state: session } = useSession();
  const [preview, setPreview] = useState<OpenDataRelease | undefined>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [published, setPublished] = useState<number | undefined>();

  const run = async (dryRun: boolean) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const release = await publishRelease(dryRun);
      if (dryRun) {
        setPreview(release);
        setPublished(undefined);
      } else {
        setPreview(undefined);
        setPublished(release.number);
        onPublished(release);
      }
    } catch (error) {
      setProblem(detailOf(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel open-data-publish" aria-labelledby="open-data-publish-title">
      <div className="panel__head">
        <h2 id="open-data-publish-title">{t('openData.publishTitle')}</h2>
      </div>
      <p className="muted">{t('openData.publishIntro')}</p>
      <ActionGate permission={permission(session, 'publish-open-data')} label={t('openData.preview')}>
        <div className="open-data-publish__buttons">
          <button type="button" disabled={busy} onClick={() => void run(true)}>
            {t('openData.preview')}
          </button>
        </div>
        {problem ? (
          <div className="form-problem" role="alert">
            <p>{problem}</p>
          </div>
        ) : null}
        {published === undefined ? null : (
          <p className="notice" role="status">
            {t('openData.published', { number: published })}
          </p>
        )}
        {preview ? (
          <section className="open-data-preview" aria-labelledby="open-data-preview-title">
            <h3 id="open-data-preview-title">{t('openData.previewTitle', { number: preview.number })}</h3>
            <p className="open-data-release__facts">
              {t('openData.previewFacts', {
                asOf: formatDay(preview.data_as_of),
                compared:
                  preview.changelog.previous === null
                    ? t('openData.firstRelease')
                    : t('openData.comparedWith', { previous: preview.changelog.previous }),
              })}
            </p>
            <ReleaseChanges
              release={preview}
              caption={t('openData.previewChanges', { number: preview.number })}
            />
            <ReleaseFiles
              release={preview}
              download={false}
              caption={t('openData.previewFiles', { number: preview.number })}
            />
            <div className="open-data-publish__buttons">
              <button
                type="button"
                className="button--primary"
                disabled={busy}
                onClick={() => void run(false)}
              >
                {t('openData.publish', { number: preview.number })}
              </button>
              <button type="button" disabled={busy} onClick={() => setPreview(undefined)}>
                {t('openData.cancel')}
              </button>
            </div>
          </section>
        ) : null}
      </ActionGate>
    </section>
  );
}

/** Open data (issue 19): the numbered public releases with their notes and files, the licence, the feed. */
export default function OpenDataPage() {
  const t = useT();
  const [version, setVersion] = useState(0);
  const releases = useOpenDataReleases(version);
  useFeedLink(t('openData.feedTitle'));

  return (
    <>
      <section className="panel open-data" aria-labelledby="open-data-title">
        <div className="panel__head">
          <h2 id="open-data-title">{t('openData.title')}</h2>
        </div>
        <p>{t('openData.intro')}</p>
        <DetailFields
          fields={[
            [
              t('openData.licence'),
              <a href={LICENCE_URL} rel="license" key="licence">
                {t('openData.licenceName')}
              </a>,
            ],
            [
              t('openData.attribution'),
              <q className="open-data-attribution" key="attribution">
                {t('openData.attributionText')}
              </q>,
            ],
            [
              t('openData.feed'),
              <a href={OPEN_DATA_FEED_URL} type="application/atom+xml" key="feed">
                {t('openData.feedLink')}
              </a>,
            ],
            [
              t('openData.latest'),
              <a href={releaseFileUrl('latest', 'datapackage.json')} key="latest">
                {t('openData.latestLink')}
              </a>,
            ],
          ]}
        />
      </section>
      <PublishPanel onPublished={() => setVersion((v) => v + 1)} />
      <section className="panel" aria-labelledby="open-data-releases-title">
        <div className="panel__head">
          <h2 id="open-data-releases-title">{t('openData.releases')}</h2>
        </div>
        <RemoteState
          remote={releases}
          what={t('openData.what')}
          isEmpty={(data) => data.items.length === 0}
          empty={t('openData.empty')}
        >
          {(data) =>
            data.items.map((release, index) =>
              index === 0 ? (
                <article
                  className="open-data-release"
                  key={release.number}
                  aria-labelledby={`open-data-release-${release.number}`}
                >
                  <h3 id={`open-data-release-${release.number}`}>
                    {t('openData.releaseLatest', { number: release.number })}
                  </h3>
                  <ReleaseNotes release={release} />
                </article>
              ) : (
                <details className="open-data-release" key={release.number}>
                  <summary>
                    {t('openData.releaseSummary', {
                      number: release.number,
                      published: formatMoment(release.published_at),
                    })}
                  </summary>
                  <ReleaseNotes release={release} />
                </details>
              ),
            )
          }
        </RemoteState>
      </section>
    </>
  );
}
