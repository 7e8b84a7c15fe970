import type { Need } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { formatQuantity } from '../../format.js';
import { Link } from '../../router.js';
import {
  categoryOptions,
  itemName,
  itemOptions,
  organisationName,
  organisationOptions,
  regionName,
  regionOptions,
  valueOptions,
} from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

const config: ListConfig<Need> = {
  title: 'Needs',
  noun: 'needs',
  collection: 'needs',
  rowKey: (need) => need.id,
  create: { action: 'create-need', label: 'New need', to: '/needs/new' },
  filters: (lookups) => [
    { name: 'category', label: 'Category', kind: 'select', options: categoryOptions(lookups) },
    { name: 'item_id', label: 'Item', kind: 'select', options: itemOptions(lookups) },
    { name: 'region_id', label: 'Region', kind: 'select', options: regionOptions(lookups) },
    { name: 'recipient_org_id', label: 'Recipient', kind: 'select', options: organisationOptions(lookups) },
    {
      name: 'status',
      label: 'Status',
      kind: 'select',
      options: valueOptions(['open', 'partially_met', 'met', 'cancelled']),
    },
    {
      name: 'priority',
      label: 'Priority',
      kind: 'select',
      options: valueOptions(['critical', 'high', 'medium', 'low']),
    },
  ],
  columns: (lookups) => [
    {
      key: 'item',
      header: 'Item',
      width: '17%',
      render: (need) => (
        <Link to={`/needs/${need.id}`} className="row-link">
          <Truncate text={itemName(lookups, need.item_id)} />
        </Link>
      ),
    },
    {
      key: 'category',
      header: 'Category',
      render: (need) => <Truncate text={lookups.items.get(need.item_id)?.category ?? '…'} />,
    },
    {
      key: 'region',
      header: 'Region',
      render: (need) => <Truncate text={regionName(lookups, need.region_id)} />,
    },
    {
      key: 'recipient',
      header: 'Recipient',
      render: (need) => <Truncate text={organisationName(lookups, need.recipient_org_id)} />,
    },
    {
      key: 'quantity',
      header: 'Quantity',
      sortKey: 'quantity',
      numeric: true,
      width: '6.5rem',
      render: (need) => formatQuantity(need.quantity),
    },
    {
      key: 'met',
      header: 'Met',
      numeric: true,
      width: '6rem',
      render: (need) => formatQuantity(need.stages.met),
    },
    {
      key: 'priority',
      header: 'Priority',
      sortKey: 'priority',
      width: '5.5rem',
      render: (need) => need.priority,
    },
    {
      key: 'needed_by',
      header: 'Needed by',
      sortKey: 'needed_by',
      width: '7.5rem',
      render: (need) => need.needed_by ?? '—',
    },
    { key: 'status', header: 'Status', width: '7.5rem', render: (need) => need.status.replaceAll('_', ' ') },
  ],
};

/** All needs, filtered by category, item, region, recipient, status or priority. */
export default function NeedsListPage() {
  return <ResourceListPage config={config} />;
}
