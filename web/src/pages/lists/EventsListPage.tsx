import type { Event } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { Link } from '../../router.js';
import { organisationName, organisationOptions, valueOptions } from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

const config: ListConfig<Event> = {
  title: 'Events',
  noun: 'events',
  collection: 'events',
  rowKey: (event) => event.id,
  filters: (lookups) => [
    {
      name: 'kind',
      label: 'Kind',
      kind: 'select',
      options: valueOptions(['ministerial', 'conference', 'summit', 'bilateral', 'other']),
    },
    { name: 'organiser_org_id', label: 'Organiser', kind: 'select', options: organisationOptions(lookups) },
    { name: 'from', label: 'From', kind: 'date' },
    { name: 'to', label: 'To', kind: 'date' },
  ],
  columns: (lookups) => [
    {
      key: 'name',
      header: 'Name',
      sortKey: 'name',
      width: '40%',
      render: (event) => (
        <Link to={`/events/${event.id}`} className="row-link">
          <Truncate text={event.name} />
        </Link>
      ),
    },
    { key: 'kind', header: 'Kind', width: '8rem', render: (event) => event.kind },
    { key: 'location', header: 'Location', render: (event) => <Truncate text={event.location ?? '—'} /> },
    {
      key: 'organiser',
      header: 'Organiser',
      render: (event) => <Truncate text={organisationName(lookups, event.organiser_org_id)} />,
    },
    {
      key: 'starts_on',
      header: 'Starts',
      sortKey: 'starts_on',
      width: '7.5rem',
      render: (event) => event.starts_on,
    },
  ],
};

/** Pledging events (conferences, ministerials …). */
export default function EventsListPage() {
  return <ResourceListPage config={config} />;
}
