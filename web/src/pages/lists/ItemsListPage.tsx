import type { Item } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { Link } from '../../router.js';
import { categoryOptions } from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

const config: ListConfig<Item> = {
  title: 'Items',
  noun: 'items',
  collection: 'items',
  rowKey: (item) => item.id,
  filters: (lookups) => [
    { name: 'q', label: 'Name contains', kind: 'text' },
    { name: 'category', label: 'Category', kind: 'select', options: categoryOptions(lookups) },
  ],
  columns: () => [
    {
      key: 'code',
      header: 'Code',
      sortKey: 'code',
      width: '11rem',
      render: (item) => <Truncate text={item.code} />,
    },
    {
      key: 'name',
      header: 'Name',
      sortKey: 'name',
      width: '40%',
      render: (item) => (
        <Link to={`/items/${item.id}`} className="row-link">
          <Truncate text={item.name} />
        </Link>
      ),
    },
    {
      key: 'category',
      header: 'Category',
      sortKey: 'category',
      render: (item) => <Truncate text={item.category} />,
    },
    { key: 'unit', header: 'Unit', width: '6rem', render: (item) => item.unit },
  ],
};

/** The item catalogue. */
export default function ItemsListPage() {
  return <ResourceListPage config={config} />;
}
