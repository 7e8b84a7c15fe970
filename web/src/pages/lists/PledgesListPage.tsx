import type { Pledge } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { formatQuantity } from '../../format.js';
import { Link } from '../../router.js';
import {
  categoryOptions,
  eventName,
  eventOptions,
  itemName,
  itemOptions,
  organisationName,
  organisationOptions,
  regionOptions,
  valueOptions,
} from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

export const PLEDGE_STATUSES = [
  'announced',
  'committed',
  'allocated',
  'shipped',
  'delivered',
  'in_service',
  'cancelled',
  'expired',
];

const config: ListConfig<Pledge> = {
  title: 'Pledges',
  noun: 'pledges',
  collection: 'pledges',
  rowKey: (pledge) => pledge.id,
  create: { action: 'create-pledge', label: 'New pledge', to: '/pledges/new' },
  filters: (lookups) => [
    { name: 'donor_org_id', label: 'Donor', kind: 'select', options: organisationOptions(lookups) },
    { name: 'category', label: 'Category', kind: 'select', options: categoryOptions(lookups) },
    { name: 'item_id', label: 'Item', kind: 'select', options: itemOptions(lookups) },
    { name: 'region_id', label: 'Region', kind: 'select', options: regionOptions(lookups) },
    { name: 'event_id', label: 'Event', kind: 'select', options: eventOptions(lookups) },
    { name: 'status', label: 'Status', kind: 'select', options: valueOptions(PLEDGE_STATUSES) },
  ],
  columns: (lookups) => [
    {
      key: 'item',
      header: 'Item',
      width: '24%',
      render: (pledge) => (
        <Link to={`/pledges/${pledge.id}`} className="row-link">
          <Truncate text={itemName(lookups, pledge.item_id)} />
        </Link>
      ),
    },
    {
      key: 'donor',
      header: 'Donor',
      render: (pledge) => <Truncate text={organisationName(lookups, pledge.donor_org_id)} />,
    },
    {
      key: 'event',
      header: 'Announced at',
      render: (pledge) => <Truncate text={eventName(lookups, pledge.event_id)} />,
    },
    {
      key: 'quantity',
      header: 'Quantity',
      sortKey: 'quantity',
      numeric: true,
      width: '8rem',
      render: (pledge) => formatQuantity(pledge.quantity),
    },
    {
      key: 'delivered',
      header: 'Delivered',
      numeric: true,
      width: '8rem',
      render: (pledge) => formatQuantity(pledge.stages.delivered),
    },
    {
      key: 'announced_on',
      header: 'Announced',
      sortKey: 'announced_on',
      width: '7.5rem',
      render: (pledge) => pledge.announced_on,
    },
    {
      key: 'status',
      header: 'Status',
      width: '7rem',
      render: (pledge) => pledge.status.replaceAll('_', ' '),
    },
  ],
};

/** All pledges, filtered by donor, category, item, region, event or status. */
export default function PledgesListPage() {
  return <ResourceListPage config={config} />;
}
