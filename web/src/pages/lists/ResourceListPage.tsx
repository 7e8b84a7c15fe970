import { type Action, permission } from '../../api/permissions.js';
import { useList } from '../../api/useList.js';
import type { Lookups } from '../../api/useLookups.js';
import { useLookups } from '../../api/useLookups.js';
import { useQueryState } from '../../api/useQueryState.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { type Column, DataTable } from '../../components/DataTable.js';
import { FilterBar, type FilterField } from '../../components/FilterBar.js';
import { Pager } from '../../components/Pager.js';
import { RemoteState } from '../../components/RemoteState.js';
import { Link } from '../../router.js';

export interface ListConfig<T> {
  readonly title: string;
  /** Plural noun for states and captions: "needs". */
  readonly noun: string;
  /** API collection under /api/v1. */
  readonly collection: string;
  readonly filters: (lookups: Lookups) => readonly FilterField[];
  readonly columns: (lookups: Lookups) => readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  /** A page to add a record, offered to readers whose role may (and explained to the others). */
  readonly create?: { readonly action: Action; readonly label: string; readonly to: string };
}

/** Filters, a sortable table and cursor paging for one kind of record, all kept in the URL. */
export function ResourceListPage<T>({ config }: { config: ListConfig<T> }) {
  const [query, update] = useQueryState();
  const lookups = useLookups();
  const { state: session } = useSession();
  const filters = config.filters(lookups);
  const page = useList<T>(
    config.collection,
    query,
    filters.map((field) => field.name),
  );
  const filtered = filters.some((field) => query.get(field.name));

  return (
    <section className="panel" aria-labelledby="list-title">
      <div className="panel__head">
        <h2 id="list-title">{config.title}</h2>
        {config.create ? (
          <ActionGate permission={permission(session, config.create.action)} label={config.create.label}>
            <Link className="action-link" to={config.create.to}>
              {config.create.label}
            </Link>
          </ActionGate>
        ) : null}
      </div>
      <FilterBar fields={filters} values={query} onChange={update} />
      <RemoteState
        remote={page}
        what={`the ${config.noun}`}
        isEmpty={(data) => data.items.length === 0}
        empty={filtered ? `No ${config.noun} match these filters.` : `No ${config.noun} are recorded yet.`}
      >
        {(data) => (
          <>
            <DataTable
              caption={`${config.title}${filtered ? ' matching the filters' : ''}`}
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
