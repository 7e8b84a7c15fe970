import type { Event } from '../../api/contract.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { organisationName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

const config: DetailConfig<Event> = {
  collection: 'events',
  entity: 'event',
  sourcesEntity: 'event',
  listTitle: 'Events',
  title: (event) => event.name,
  fields: (event, lookups) => [
    ['Name', event.name],
    ['Kind', event.kind],
    ['Location', event.location],
    ['Starts on', event.starts_on],
    ['Ends on', event.ends_on],
    ['Organiser', event.organiser_org_id ? organisationName(lookups, event.organiser_org_id) : null],
    [
      'Pledges announced here',
      <Link key="pledges" to={`/pledges?event_id=${event.id}`}>
        Show pledges
      </Link>,
    ],
    [
      'Report',
      <Link key="report" to={`/events/${event.id}/report`}>
        Announced against arrived
      </Link>,
    ],
    ...metaFields(event),
  ],
};

/** One pledging event. */
export default function EventDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
