import { type FormEvent, useState } from 'react';
import type { LinkableEntity, Source, SourceLink, Verification } from '../../api/contract.js';
import { permission } from '../../api/permissions.js';
import { type Lookups, useLookups } from '../../api/useLookups.js';
import { useJson, useRecord } from '../../api/useRecord.js';
import { type ChangeResult, sendChange, useReloadable } from '../../api/useRegistry.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { DetailFields } from '../../components/DetailFields.js';
import { Field } from '../../components/forms/Field.js';
import { RemoteState } from '../../components/RemoteState.js';
import { Truncate } from '../../components/Truncate.js';
import { formatDay } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { CLASSIFICATION_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { eventName, itemName, organisationName, regionName } from '../lists/names.js';
import { RegistryTabs } from './RegistryTabs.js';
import { SOURCE_KIND_IDS } from './SourcesListPage.js';

/** Kinds of record a source can support, as message ids (literal, so the key check finds them). */
const ENTITY_IDS: Readonly<Record<LinkableEntity, string>> = {
  organisation: 'sources.entity.organisation',
  region: 'sources.entity.region',
  item: 'sources.entity.item',
  event: 'sources.entity.event',
  need: 'sources.entity.need',
  pledge: 'sources.entity.pledge',
  incident: 'sources.entity.incident',
  need_rule: 'sources.entity.need_rule',
};

const STATUS_IDS: Readonly<Record<Verification['status'], string>> = {
  unverified: 'sourcesPanel.status.unverified',
  single_source: 'sourcesPanel.status.single_source',
  corroborated: 'sourcesPanel.status.corroborated',
  confirmed: 'sourcesPanel.status.confirmed',
};

/** Where a supported record has a page of its own (the others are named by id). */
const PAGES: Partial<Record<LinkableEntity, string>> = {
  organisation: '/organisations',
  item: '/items',
  event: '/events',
  need: '/needs',
  pledge: '/pledges',
};

function recordName(lookups: Lookups, link: SourceLink): string {
  switch (link.entity_type) {
    case 'organisation':
      return organisationName(lookups, link.entity_id);
    case 'item':
      return itemName(lookups, link.entity_id);
    case 'event':
      return eventName(lookups, link.entity_id);
    case 'region':
      return regionName(lookups, link.entity_id);
    default:
      return link.entity_id;
  }
}

/** One record the source supports, with how well its sources support it now. */
function LinkRow({
  link,
  lookups,
  canDetach,
  onDetach,
}: {
  link: SourceLink;
  lookups: Lookups;
  canDetach: boolean;
  onDetach: (link: SourceLink) => void;
}) {
  const t = useT();
  const verification = useJson<Verification>(
    `/api/v1/verification/${link.entity_type}/${encodeURIComponent(link.entity_id)}`,
  );
  const page = PAGES[link.entity_type];
  const name = recordName(lookups, link);
  return (
    <tr>
      <td>{word(ENTITY_IDS, link.entity_type)}</td>
      <td>
        {page ? (
          <Link to={`${page}/${link.entity_id}`}>
            <Truncate text={name} />
          </Link>
        ) : (
          <Truncate text={name} />
        )}
      </td>
      <td>
        {verification.state === 'ready' ? (
          <span className={`badge badge--${verification.data.status}`} title={verification.data.reason}>
            {word(STATUS_IDS, verification.data.status)}
          </span>
        ) : verification.state === 'error' ? (
          verification.detail
        ) : (
          '…'
        )}
      </td>
      <td>
        {canDetach ? (
          <button
            type="button"
            aria-label={t('sources.detachFrom', { record: name })}
            onClick={() => onDetach(link)}
          >
            {t('sources.detach')}
          </button>
        ) : null}
      </td>
    </tr>
  );
}

/** Attaches the source to a record named by its kind and id. */
function AttachForm({ sourceId, onDone }: { sourceId: string; onDone: () => void }) {
  const t = useT();
  const [entityType, setEntityType] = useState<LinkableEntity>('pledge');
  const [entityId, setEntityId] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ChangeResult<unknown> | undefined>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const answer = await sendChange('POST', `/api/v1/sources/${encodeURIComponent(sourceId)}/links`, {
      body: { entity_type: entityType, entity_id: entityId.trim() },
    });
    setBusy(false);
    setResult(answer);
    if (answer.ok) {
      setEntityId('');
      onDone();
    }
  }

  return (
    <form
      className="record-form"
      aria-labelledby="source-attach-title"
      onSubmit={(event) => void submit(event)}
    >
      <h3 id="source-attach-title">{t('sources.attachTitle')}</h3>
      {result && !result.ok ? (
        <p role="alert" className="form-problem">
          {t('sources.notAttached', { detail: result.detail })}
        </p>
      ) : null}
      {result?.ok ? (
        <p role="status" className="registry-done">
          {t('sources.attached')}
        </p>
      ) : null}
      <div className="record-form__row">
        <Field name="link-entity-type" label={t('sources.entityType')} error={undefined} required>
          {(control) => (
            <select
              {...control}
              value={entityType}
              onChange={(event) => setEntityType(event.target.value as LinkableEntity)}
            >
              {(Object.keys(ENTITY_IDS) as LinkableEntity[]).map((kind) => (
                <option key={kind} value={kind}>
                  {word(ENTITY_IDS, kind)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="link-entity-id"
          label={t('sources.entityId')}
          hint={t('sources.entityIdHint')}
          error={undefined}
          required
        >
          {(control) => (
            <input
              {...control}
              required
              autoComplete="off"
              spellCheck={false}
              value={entityId}
              onChange={(event) => setEntityId(event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="record-form__actions">
        <button type="submit" disabled={busy}>
          {busy ? t('sources.attaching') : t('sources.attach')}
        </button>
      </div>
    </form>
  );
}

/** A source: what it is, the records it supports with their verification status, attach and detach. */
export default function SourceDetailPage({ params }: PageProps) {
  const t = useT();
  const id = params.id ?? '';
  const lookups = useLookups();
  const { state: session } = useSession();
  const source = useRecord<Source>('sources', id);
  const links = useReloadable<{ items: SourceLink[] }>(`/api/v1/sources/${encodeURIComponent(id)}/links`);
  const [detachProblem, setDetachProblem] = useState<string | undefined>();
  const may = permission(session, 'link-source');

  async function detach(link: SourceLink) {
    const answer = await sendChange(
      'DELETE',
      `/api/v1/sources/${encodeURIComponent(id)}/links/${link.entity_type}/${encodeURIComponent(link.entity_id)}`,
    );
    setDetachProblem(answer.ok ? undefined : answer.detail);
    links.reload();
  }

  return (
    <>
      <RegistryTabs current="/sources" />
      <RemoteState remote={source} what={t('sources.whatOne')}>
        {(s) => (
          <article className="panel" aria-labelledby="source-title">
            <p>
              <Link to="/sources">{t('sources.back')}</Link>
            </p>
            <h2 id="source-title">{s.title}</h2>
            <DetailFields
              fields={[
                [
                  t('sources.url'),
                  s.url ? (
                    <a
                      key="url"
                      href={s.url}
                      rel="noreferrer noopener"
                      target="_blank"
                      className="registry-url"
                    >
                      {s.url}
                    </a>
                  ) : null,
                ],
                [t('sources.publisher'), s.publisher],
                [t('sources.kind'), word(SOURCE_KIND_IDS, s.kind)],
                [t('sources.published'), s.published_on ? formatDay(s.published_on) : null],
                [t('sources.notes'), s.notes],
                [t('sources.owner'), organisationName(lookups, s.owner_org_id)],
                [t('sources.classification'), word(CLASSIFICATION_IDS, s.classification)],
              ]}
            />
            <section aria-labelledby="source-links-title">
              <h3 id="source-links-title">{t('sources.supports')}</h3>
              <p className="muted">{t('sources.verificationNote')}</p>
              {detachProblem ? (
                <p role="alert" className="form-problem">
                  {t('sources.notDetached', { detail: detachProblem })}
                </p>
              ) : null}
              <RemoteState
                remote={links.remote}
                what={t('sources.linksWhat')}
                isEmpty={(data) => data.items.length === 0}
                empty={t('sources.noLinks')}
              >
                {(data) => (
                  <table className="data-table registry-table">
                    <caption className="visually-hidden">{t('sources.supports')}</caption>
                    <thead>
                      <tr>
                        <th scope="col" style={{ width: '10rem' }}>
                          {t('sources.entityType')}
                        </th>
                        <th scope="col">{t('sources.record')}</th>
                        <th scope="col" style={{ width: '12rem' }}>
                          {t('sources.verification')}
                        </th>
                        <th scope="col" style={{ width: '8rem' }}>
                          <span className="visually-hidden">{t('sources.actions')}</span>
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((link) => (
                        <LinkRow
                          key={`${link.entity_type}-${link.entity_id}`}
                          link={link}
                          lookups={lookups}
                          canDetach={may.allowed}
                          onDetach={(l) => void detach(l)}
                        />
                      ))}
                    </tbody>
                  </table>
                )}
              </RemoteState>
            </section>
            <div className="registry-forms">
              <ActionGate permission={may} label={t('sources.attachTitle')}>
                <AttachForm sourceId={id} onDone={links.reload} />
              </ActionGate>
            </div>
          </article>
        )}
      </RemoteState>
    </>
  );
}
