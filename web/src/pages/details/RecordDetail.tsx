import { createContext, type ReactNode, useContext } from 'react';
import type { LinkableEntity, VerifiableEntity } from '../../api/contract.js';
import { type Action, permission } from '../../api/permissions.js';
import { useHistory, useSources, useVerification } from '../../api/useHistory.js';
import { type Lookups, useLookups } from '../../api/useLookups.js';
import { useRecord } from '../../api/useRecord.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { DetailFields, type Field } from '../../components/DetailFields.js';
import { HistoryList } from '../../components/HistoryList.js';
import { RemoteState } from '../../components/RemoteState.js';
import { SourcesPanel } from '../../components/SourcesPanel.js';
import { useT } from '../../i18n/index.js';
import { Link } from '../../router.js';

export interface DetailConfig<T> {
  /** API collection, e.g. 'needs'; the list lives at the same path in the UI. */
  readonly collection: string;
  /** Singular noun and the verification entity type, e.g. 'need'. */
  readonly entity: VerifiableEntity;
  /** The entity type sources link to; absent for kinds of record sources cannot be linked to. */
  readonly sourcesEntity?: LinkableEntity;
  readonly listTitle: string;
  readonly title: (record: T, lookups: Lookups) => string;
  readonly fields: (record: T, lookups: Lookups) => readonly Field[];
  /** Extra sections between the fields and the sources: lifecycle, lines, receipts … */
  readonly sections?: (record: T, lookups: Lookups) => ReactNode;
  /** A page to change the record, offered to readers whose role may (and explained to the others). */
  readonly edit?: { readonly action: Action; readonly label: string; readonly to: (record: T) => string };
}

/** The names of the people (and tools) in a record's history, by actor id, from its audit trail. */
const ActorNames = createContext<ReadonlyMap<string, string>>(new Map());

/** Who created or changed the record, by name (the id on hover); the id until the history is read. */
function ActorName({ actor }: { actor: string }) {
  const name = useContext(ActorNames).get(actor);
  return name === undefined ? <>{actor}</> : <span title={actor}>{name}</span>;
}

/** Common meta fields at the end of every record. */
export function metaFields(record: {
  classification: string;
  synthetic: boolean;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  version: number;
}): Field[] {
  return [
    ['Classification', record.classification],
    ['Synthetic', record.synthetic ? 'yes (demo data)' : 'no'],
    [
      'Created',
      <>
        {record.created_at.slice(0, 16).replace('T', ' ')} UTC by <ActorName actor={record.created_by} />
      </>,
    ],
    [
      'Updated',
      <>
        {record.updated_at.slice(0, 16).replace('T', ' ')} UTC by <ActorName actor={record.updated_by} />
      </>,
    ],
    ['Version', record.version],
  ];
}

function Sections<T>({ config, id, record }: { config: DetailConfig<T>; id: string; record: T }) {
  const lookups = useLookups();
  const history = useHistory(config.collection, id);
  const sources = useSources(config.sourcesEntity, id);
  const verification = useVerification(config.entity, id);
  const { state: session } = useSession();
  const t = useT();
  const edit = config.edit;
  const names = new Map(
    history.state === 'ready'
      ? history.data.items.map((entry) => [entry.actor, entry.actor_name] as const)
      : [],
  );
  // A need is named by its reference (N-000123) wherever people speak of it.
  const reference = (record as { reference?: unknown }).reference;
  return (
    <ActorNames.Provider value={names}>
      <div className="detail__head">
        <h2 id="detail-title">{config.title(record, lookups)}</h2>
        {config.entity === 'need' && typeof reference === 'string' ? (
          <p className="muted">
            {t('needref.reference')} {reference}
          </p>
        ) : null}
        {edit ? (
          <ActionGate permission={permission(session, edit.action)} label={edit.label}>
            <Link className="action-link" to={edit.to(record)}>
              {edit.label}
            </Link>
          </ActionGate>
        ) : null}
      </div>
      <section className="detail-section" aria-labelledby="detail-fields-title">
        <h3 id="detail-fields-title">Record</h3>
        <DetailFields fields={config.fields(record, lookups)} />
      </section>
      {config.sections?.(record, lookups)}
      <section className="detail-section" aria-labelledby="detail-sources-title">
        <h3 id="detail-sources-title">Sources and verification</h3>
        <SourcesPanel verification={verification} sources={sources} />
      </section>
      <section className="detail-section" aria-labelledby="detail-history-title">
        <h3 id="detail-history-title">History</h3>
        <RemoteState
          remote={history}
          what="the history"
          isEmpty={(data) => data.items.length === 0}
          empty="No change is recorded for this record."
        >
          {(data) => <HistoryList entries={data.items} />}
        </RemoteState>
      </section>
    </ActorNames.Provider>
  );
}

/** One record: its fields, lifecycle sections, sources with verification, and its audit trail. */
export function RecordDetail<T>({ config, id }: { config: DetailConfig<T>; id: string }) {
  const record = useRecord<T>(config.collection, id);
  return (
    <article className="panel detail" aria-labelledby="detail-title">
      <p className="breadcrumb">
        <Link to={`/${config.collection}`}>← {config.listTitle}</Link>
      </p>
      <RemoteState remote={record} what={`the ${config.entity}`}>
        {(data) => <Sections config={config} id={id} record={data} />}
      </RemoteState>
    </article>
  );
}
