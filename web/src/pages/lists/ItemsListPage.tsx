import type { Item } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { currentLocale, tr } from '../../i18n/index.js';
import { localName } from '../../i18n/names.js';
import { UNIT_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { categoryName, categoryOptions } from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

const config: ListConfig<Item> = {
  title: 'items.title',
  what: 'items.what',
  empty: 'items.empty',
  emptyFiltered: 'items.emptyFiltered',
  collection: 'items',
  rowKey: (item) => item.id,
  filters: (lookups) => [
    { name: 'q', label: tr('lists.col.nameContains'), kind: 'text' },
    { name: 'category', label: tr('lists.col.category'), kind: 'select', options: categoryOptions(lookups) },
  ],
  columns: (lookups) => [
    {
      key: 'code',
      header: tr('lists.col.code'),
      sortKey: 'code',
      width: '11rem',
      render: (item) => <Truncate text={item.code} />,
    },
    {
      key: 'name',
      header: tr('lists.col.name'),
      sortKey: 'name',
      width: '40%',
      render: (item) => (
        <Link to={`/items/${item.id}`} className="row-link">
          <Truncate text={localName(item, currentLocale())} />
        </Link>
      ),
    },
    {
      key: 'category',
      header: tr('lists.col.category'),
      sortKey: 'category',
      render: (item) => <Truncate text={categoryName(lookups, item.category)} />,
    },
    { key: 'unit', header: tr('lists.col.unit'), width: '6rem', render: (item) => word(UNIT_IDS, item.unit) },
  ],
};

/** The item catalogue. */
export default function ItemsListPage() {
  return <ResourceListPage config={config} />;
}
