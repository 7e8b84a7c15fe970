import { type ExportKind, exportUrls } from '../../api/exports.js';
import { type Action, permission } from '../../api/permissions.js';
import { listUrl, useList } from '../../api/useList.js';
import type { Lookups } from '../../api/useLookups.js';
import { useLookups } from '../../api/useLookups.js';
import { useQueryState } from '../../api/useQueryState.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { SignInLink } from '../../components/auth/SignInLink.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { DownloadLinks, ListCsvDownload } from '../../components/DownloadLinks.js';
import { FilterBar, type FilterField } from '../../components/FilterBar.js';
import { Pager } from '../../components/Pager.js';
import { RemoteState } from '../../components/RemoteState.js';
import { useT } from '../../i18n/index.js';
import { Link } from '../../router.js';

export interface ListConfig<T> {
  /** Message ids (web/src/i18n/<locale>/<list>.json): the title, what is loading ("the needs"), the empty states. */
  readonly title: string;
  readonly what: string;
  readonly empty: string;
  readonly emptyFiltered: string;
  /** Said instead of `empty` to a signed-out reader: what signing in would add. */
  readonly emptySignedOut?: string;
  /** API collection under /api/v1. */
  readonly collection: string;
  readonly filters: (lookups: Lookups) => readonly FilterField[];
  /**
   * Query parameters passed on to the API without a control in the filter bar: a list opened
   * from a record (`/allocations?need_id=…`) shows only that record's rows; "Clear" keeps them.
   */
  readonly scopes?: readonly string[];
  readonly columns: (lookups: Lookups) => readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  /** A page to add a record, offered to readers whose role may (and explained to the others). */
  readonly create?: {
    readonly action: Action /** Message id. */;
    readonly label: string;
    readonly to: string;
  };
  /**
   * The export of this list, /api/v1/exports/{exportOf}.csv; it takes the same filters as the
   * list's API, so the file holds exactly the records the list shows, every page of them.
   */
  readonly exportOf?: ExportKind;
}

/** Filters, a sortable table and cursor paging for one kind of record, all kept in the URL. */
export function ResourceListPage<T>({ config }: { config: ListConfig<T> }) {
  const t = useT();
  const [query, update] = useQueryState();
  const lookups = useLookups();
  const { state: session } = useSession();
  const filters = config.filters(lookups);
  const page = useList<T>(config.collection, query, [
    ...filters.map((field) => field.name),
    ...(config.scopes ?? []),
  ]);
  const filtered =
    filters.some((field) => query.get(field.name)) || (config.scopes ?? []).some((name) => query.get(name));

  return (
    <section className="panel" aria-labelledby="list-title">
      <div className="panel__head">
        <h2 id="list-title">{t(config.title)}</h2>
        {config.create ? (
          <ActionGate permission={permission(session, config.create.action)} label={t(config.create.label)}>
            <Link className="action-link" to={config.create.to}>
              {t(config.create.label)}
            </Link>
          </ActionGate>
        ) : null}
      </div>
      <FilterBar fields={filters} values={query} onChange={update} />
      {config.exportOf ? (
        <DownloadLinks
          urls={exportUrls(
            config.exportOf,
            query,
            filters.map((field) => field.name),
          )}
          scope={t('downloads.listScope')}
        />
      ) : (
        <ListCsvDownload
          listUrl={listUrl(
            config.collection,
            query,
            filters.map((field) => field.name),
          )}
          fileName={`aidgrid-${config.collection}.csv`}
        />
      )}
      <RemoteState
        remote={page}
        what={t(config.what)}
        isEmpty={(data) => data.items.length === 0}
        empty={
          filtered ? (
            t(config.emptyFiltered)
          ) : session.status === 'signed-out' && config.emptySignedOut ? (
            <>
              {t(config.emptySignedOut)} <SignInLink />
            </>
          ) : (
            t(config.empty)
          )
        }
      >
        {(data) => (
          <>
            <DataTable
              caption={filtered ? t('lists.captionFiltered', { title: t(config.title) }) : t(config.title)}
              columns={config.columns(lookups)}
              rows={data.items}
              rowKey={config.rowKey}
              sort={query.get('sort') ?? ''}
              onSort={(sort) => update({ sort })}
            />
            <Pager
              onFirstPage={!query.get('cursor')}
              nextCursor={data.next_cursor}
              shown={data.items.length}
              onFirst={() => update({ cursor: null })}
              onNext={(cursor) => update({ cursor })}
            />
          </>
        )}
      </RemoteState>
    </section>
  );
}
