import type { Incident } from '../../api/formsContract.js';
import type { Lookups } from '../../api/useLookups.js';
import { Truncate } from '../../components/Truncate.js';
import { formatCount, formatMoment } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { regionName, regionOptions, valueOptions } from '../lists/names.js';
import { type ListConfig, ResourceListPage } from '../lists/ResourceListPage.js';
import { INCIDENT_KIND_IDS, INCIDENT_STATUS_IDS } from './incidentWords.js';

/** The regions an incident touched, by name, each once. */
export function incidentRegions(lookups: Lookups, incident: Incident): string {
  const ids = [...new Set([...incident.impacts, ...incident.damage].map((entry) => entry.region_id))];
  return ids.length === 0 ? '—' : ids.map((id) => regionName(lookups, id)).join(', ');
}

/** People without a service, summed over the incident's impacts: each impact counts one service. */
function peopleOf(incident: Incident, service: string): number {
  return incident.impacts
    .filter((impact) => impact.service === service)
    .reduce((sum, impact) => sum + impact.people_affected, 0);
}

const config: ListConfig<Incident> = {
  title: 'incidents.title',
  what: 'incidents.what',
  empty: 'incidents.empty',
  emptyFiltered: 'incidents.emptyFiltered',
  collection: 'incidents',
  rowKey: (incident) => incident.id,
  create: { action: 'create-incident', label: 'incidents.new', to: '/incidents/new' },
  filters: (lookups) => [
    { name: 'region_id', label: tr('incidents.col.region'), kind: 'select', options: regionOptions(lookups) },
    {
      name: 'status',
      label: tr('incidents.col.status'),
      kind: 'select',
      options: valueOptions(INCIDENT_STATUS_IDS),
    },
    { name: 'occurred_from', label: tr('incidents.filter.from'), kind: 'date' },
    { name: 'occurred_to', label: tr('incidents.filter.to'), kind: 'date' },
  ],
  columns: (lookups) => [
    {
      key: 'title',
      header: tr('incidents.col.title'),
      width: '20%',
      render: (incident) => (
        <Link to={`/incidents/${incident.id}`} className="row-link">
          <Truncate text={incident.title} />
        </Link>
      ),
    },
    {
      key: 'occurred_at',
      header: tr('incidents.col.occurred'),
      sortKey: 'occurred_at',
      width: '12.5rem',
      render: (incident) => formatMoment(incident.occurred_at),
    },
    {
      key: 'kind',
      header: tr('incidents.col.kind'),
      width: '8rem',
      render: (incident) => word(INCIDENT_KIND_IDS, incident.kind),
    },
    {
      key: 'regions',
      header: tr('incidents.col.region'),
      render: (incident) => <Truncate text={incidentRegions(lookups, incident)} />,
    },
    {
      key: 'power',
      header: tr('incidents.col.withoutPower'),
      numeric: true,
      width: '8.5rem',
      render: (incident) => formatCount(peopleOf(incident, 'power')),
    },
    {
      key: 'heat',
      header: tr('incidents.col.withoutHeat'),
      numeric: true,
      width: '8.5rem',
      render: (incident) => formatCount(peopleOf(incident, 'heat')),
    },
    {
      key: 'status',
      header: tr('incidents.col.status'),
      width: '6.5rem',
      render: (incident) => word(INCIDENT_STATUS_IDS, incident.status),
    },
  ],
};

/** Strikes and failures, filtered by region, status and the days they happened. */
export default function IncidentsListPage() {
  return <ResourceListPage config={config} />;
}
