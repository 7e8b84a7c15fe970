import type { Organisation } from '../../api/contract.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { organisationName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

const config: DetailConfig<Organisation> = {
  collection: 'organisations',
  entity: 'organisation',
  sourcesEntity: 'organisation',
  listTitle: 'Organisations',
  title: (organisation) => organisation.name,
  fields: (organisation, lookups) => [
    ['Name', organisation.name],
    ['Short name', organisation.short_name],
    ['Kind', organisation.kind.replaceAll('_', ' ')],
    ['Country code', organisation.country_code],
    ['Part of', organisation.parent_id ? organisationName(lookups, organisation.parent_id) : null],
    [
      'Pledges as donor',
      <Link key="pledges" to={`/pledges?donor_org_id=${organisation.id}`}>
        Show pledges
      </Link>,
    ],
    [
      'Needs as recipient',
      <Link key="needs" to={`/needs?recipient_org_id=${organisation.id}`}>
        Show needs
      </Link>,
    ],
    ...metaFields(organisation),
  ],
};

/** One organisation. */
export default function OrganisationDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
