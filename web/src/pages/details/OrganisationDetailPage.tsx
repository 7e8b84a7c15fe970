import type { Organisation } from '../../api/contract.js';
import { tr } from '../../i18n/index.js';
import { ORGANISATION_KIND_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { organisationName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

const config: DetailConfig<Organisation> = {
  collection: 'organisations',
  entity: 'organisation',
  sourcesEntity: 'organisation',
  listTitle: 'organisations.title',
  title: (organisation) => organisation.name,
  fields: (organisation, lookups) => [
    [tr('details.field.name'), organisation.name],
    [tr('details.field.shortName'), organisation.short_name],
    [tr('details.field.kind'), word(ORGANISATION_KIND_IDS, organisation.kind)],
    [tr('details.field.countryCode'), organisation.country_code],
    [
      tr('details.field.partOf'),
      organisation.parent_id ? organisationName(lookups, organisation.parent_id) : null,
    ],
    [
      tr('details.field.pledgesAsDonor'),
      <Link key="pledges" to={`/pledges?donor_org_id=${organisation.id}`}>
        {tr('organisationDetail.showPledges')}
      </Link>,
    ],
    [
      tr('details.field.needsAsRecipient'),
      <Link key="needs" to={`/needs?recipient_org_id=${organisation.id}`}>
        {tr('organisationDetail.showNeeds')}
      </Link>,
    ],
    ...metaFields(organisation),
  ],
};

/** One organisation. */
export default function OrganisationDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
