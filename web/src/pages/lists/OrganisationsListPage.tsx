import type { Organisation } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { tr } from '../../i18n/index.js';
import { ORGANISATION_KIND_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { valueOptions } from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

const config: ListConfig<Organisation> = {
  title: 'organisations.title',
  what: 'organisations.what',
  empty: 'organisations.empty',
  emptyFiltered: 'organisations.emptyFiltered',
  collection: 'organisations',
  rowKey: (organisation) => organisation.id,
  filters: () => [
    { name: 'q', label: tr('lists.col.nameContains'), kind: 'text' },
    {
      name: 'kind',
      label: tr('lists.col.kind'),
      kind: 'select',
      options: valueOptions(ORGANISATION_KIND_IDS),
    },
    { name: 'country_code', label: tr('lists.col.countryCode'), kind: 'text' },
  ],
  columns: () => [
    {
      key: 'name',
      header: tr('lists.col.name'),
      sortKey: 'name',
      width: '45%',
      render: (organisation) => (
        <Link to={`/organisations/${organisation.id}`} className="row-link">
          <Truncate text={organisation.name} />
        </Link>
      ),
    },
    {
      key: 'short_name',
      header: tr('lists.col.shortName'),
      render: (organisation) => organisation.short_name ?? '—',
    },
    {
      key: 'kind',
      header: tr('lists.col.kind'),
      render: (organisation) => word(ORGANISATION_KIND_IDS, organisation.kind),
    },
    {
      key: 'country',
      header: tr('lists.col.country'),
      width: '6rem',
      render: (organisation) => organisation.country_code ?? '—',
    },
  ],
};

/** Donors, recipients and other organisations. */
export default function OrganisationsListPage() {
  return <ResourceListPage config={config} />;
}
