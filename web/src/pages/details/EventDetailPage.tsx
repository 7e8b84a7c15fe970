import type { Event } from '../../api/contract.js';
import { formatDay } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { EVENT_KIND_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { organisationName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

const config: DetailConfig<Event> = {
  collection: 'events',
  entity: 'event',
  sourcesEntity: 'event',
  listTitle: 'events.title',
  title: (event) => event.name,
  fields: (event, lookups) => [
    [tr('details.field.name'), event.name],
    [tr('details.field.kind'), word(EVENT_KIND_IDS, event.kind)],
    [tr('details.field.location'), event.location],
    [tr('details.field.startsOn'), event.starts_on ? formatDay(event.starts_on) : null],
    [tr('details.field.endsOn'), event.ends_on ? formatDay(event.ends_on) : null],
    [
      tr('details.field.organiser'),
      event.organiser_org_id ? organisationName(lookups, event.organiser_org_id) : null,
    ],
    [
      tr('details.field.pledgesHere'),
      <Link key="pledges" to={`/pledges?event_id=${event.id}`}>
        {tr('eventDetail.showPledges')}
      </Link>,
    ],
    [
      tr('details.field.report'),
      <Link key="report" to={`/events/${event.id}/report`}>
        {tr('eventDetail.report')}
      </Link>,
    ],
    ...metaFields(event),
  ],
};

/** One pledging event. */
export default function EventDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
