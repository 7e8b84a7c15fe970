import type { Source } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { formatDay } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { organisationName, valueOptions } from '../lists/names.js';
import { type ListConfig, ResourceListPage } from '../lists/ResourceListPage.js';
import { RegistryTabs } from './RegistryTabs.js';

export const SOURCE_KIND_IDS: Readonly<Record<string, string>> = {
  primary: 'sourcesPanel.kind.primary',
  secondary: 'sourcesPanel.kind.secondary',
};

const config: ListConfig<Source> = {
  title: 'sources.title',
  what: 'sources.what',
  empty: 'sources.empty',
  emptyFiltered: 'sources.emptyFiltered',
  collection: 'sources',
  rowKey: (source) => source.id,
  filters: () => [
    { name: 'kind', label: tr('sources.kind'), kind: 'select', options: valueOptions(SOURCE_KIND_IDS) },
    { name: 'publisher', label: tr('sources.publisher'), kind: 'text' },
  ],
  columns: (lookups) => [
    {
      key: 'title',
      header: tr('sources.titleColumn'),
      sortKey: 'title',
      width: '40%',
      render: (source) => (
        <Link to={`/sources/${source.id}`} className="row-link">
          <Truncate text={source.title} />
        </Link>
      ),
    },
    {
      key: 'publisher',
      header: tr('sources.publisher'),
      sortKey: 'publisher',
      render: (source) => <Truncate text={source.publisher} />,
    },
    {
      key: 'kind',
      header: tr('sources.kind'),
      width: '8rem',
      render: (source) => word(SOURCE_KIND_IDS, source.kind),
    },
    {
      key: 'published_on',
      header: tr('sources.published'),
      width: '8.5rem',
      render: (source) => (source.published_on ? formatDay(source.published_on) : '—'),
    },
    {
      key: 'owner',
      header: tr('sources.owner'),
      render: (source) => <Truncate text={organisationName(lookups, source.owner_org_id)} />,
    },
  ],
};

/** Documents and pages that support records (provenance); each opens to the records it supports. */
export default function SourcesListPage() {
  return (
    <>
      <RegistryTabs current="/sources" />
      <ResourceListPage config={config} />
    </>
  );
}
