import type { Event } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { formatDay } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { EVENT_KIND_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { organisationName, organisationOptions, valueOptions } from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

const config: ListConfig<Event> = {
  title: 'events.title',
  what: 'events.what',
  empty: 'events.empty',
  emptyFiltered: 'events.emptyFiltered',
  collection: 'events',
  rowKey: (event) => event.id,
  filters: (lookups) => [
    {
      name: 'kind',
      label: tr('lists.col.kind'),
      kind: 'select',
      options: valueOptions(EVENT_KIND_IDS),
    },
    {
      name: 'organiser_org_id',
      label: tr('lists.col.organiser'),
      kind: 'select',
      options: organisationOptions(lookups),
    },
    { name: 'from', label: tr('lists.col.from'), kind: 'date' },
    { name: 'to', label: tr('lists.col.to'), kind: 'date' },
  ],
  columns: (lookups) => [
    {
      key: 'name',
      header: tr('lists.col.name'),
      sortKey: 'name',
      width: '40%',
      render: (event) => (
        <Link to={`/events/${event.id}`} className="row-link">
          <Truncate text={event.name} />
        </Link>
      ),
    },
    {
      key: 'kind',
      header: tr('lists.col.kind'),
      width: '8rem',
      render: (event) => word(EVENT_KIND_IDS, event.kind),
    },
    {
      key: 'location',
      header: tr('lists.col.location'),
      render: (event) => <Truncate text={event.location ?? '—'} />,
    },
    {
      key: 'organiser',
      header: tr('lists.col.organiser'),
      render: (event) => <Truncate text={organisationName(lookups, event.organiser_org_id)} />,
    },
    {
      key: 'starts_on',
      header: tr('lists.col.starts'),
      sortKey: 'starts_on',
      width: '7.5rem',
      render: (event) => formatDay(event.starts_on),
    },
  ],
};

/** Pledging events (conferences, ministerials …). */
export default function EventsListPage() {
  return <ResourceListPage config={config} />;
}
