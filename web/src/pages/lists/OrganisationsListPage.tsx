import type { Organisation } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { Link } from '../../router.js';
import { valueOptions } from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

const config: ListConfig<Organisation> = {
  title: 'Organisations',
  noun: 'organisations',
  collection: 'organisations',
  rowKey: (organisation) => organisation.id,
  filters: () => [
    { name: 'q', label: 'Name contains', kind: 'text' },
    {
      name: 'kind',
      label: 'Kind',
      kind: 'select',
      options: valueOptions([
        'state',
        'international_organisation',
        'ngo',
        'manufacturer',
        'recipient_agency',
      ]),
    },
    { name: 'country_code', label: 'Country code', kind: 'text' },
  ],
  columns: () => [
    {
      key: 'name',
      header: 'Name',
      sortKey: 'name',
      width: '45%',
      render: (organisation) => (
        <Link to={`/organisations/${organisation.id}`} className="row-link">
          <Truncate text={organisation.name} />
        </Link>
      ),
    },
    { key: 'short_name', header: 'Short name', render: (organisation) => organisation.short_name ?? '—' },
    { key: 'kind', header: 'Kind', render: (organisation) => organisation.kind.replaceAll('_', ' ') },
    {
      key: 'country',
      header: 'Country',
      width: '6rem',
      render: (organisation) => organisation.country_code ?? '—',
    },
  ],
};

/** Donors, recipients and other organisations. */
export default function OrganisationsListPage() {
  return <ResourceListPage config={config} />;
}
