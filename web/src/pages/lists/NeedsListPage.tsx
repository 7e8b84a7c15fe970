import type { Need } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { formatDay, formatQuantity } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { NEED_STATUS_IDS, PRIORITY_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import {
  categoryName,
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
  title: 'needs.title',
  what: 'needs.what',
  empty: 'needs.empty',
  emptyFiltered: 'needs.emptyFiltered',
  emptySignedOut: 'needs.emptySignedOut',
  exportOf: 'needs',
  collection: 'needs',
  rowKey: (need) => need.id,
  create: { action: 'create-need', label: 'needs.new', to: '/needs/new' },
  filters: (lookups) => [
    { name: 'category', label: tr('lists.col.category'), kind: 'select', options: categoryOptions(lookups) },
    { name: 'item_id', label: tr('lists.col.item'), kind: 'select', options: itemOptions(lookups) },
    { name: 'region_id', label: tr('lists.col.region'), kind: 'select', options: regionOptions(lookups) },
    {
      name: 'recipient_org_id',
      label: tr('lists.col.recipient'),
      kind: 'select',
      options: organisationOptions(lookups),
    },
    {
      name: 'status',
      label: tr('lists.col.status'),
      kind: 'select',
      options: valueOptions(NEED_STATUS_IDS),
    },
    {
      name: 'priority',
      label: tr('lists.col.priority'),
      kind: 'select',
      options: valueOptions(PRIORITY_IDS),
    },
  ],
  columns: (lookups) => [
    {
      key: 'item',
      header: tr('lists.col.item'),
      width: '17%',
      render: (need) => (
        <Link to={`/needs/${need.id}`} className="row-link">
          <Truncate text={itemName(lookups, need.item_id)} />
        </Link>
      ),
    },
    {
      key: 'category',
      header: tr('lists.col.category'),
      render: (need) => <Truncate text={categoryName(lookups, lookups.items.get(need.item_id)?.category)} />,
    },
    {
      key: 'region',
      header: tr('lists.col.region'),
      render: (need) => <Truncate text={regionName(lookups, need.region_id)} />,
    },
    {
      key: 'recipient',
      header: tr('lists.col.recipient'),
      render: (need) => <Truncate text={organisationName(lookups, need.recipient_org_id)} />,
    },
    {
      key: 'quantity',
      header: tr('lists.col.quantity'),
      sortKey: 'quantity',
      numeric: true,
      width: '6.5rem',
      render: (need) => formatQuantity(need.quantity),
    },
    {
      key: 'met',
      header: tr('lists.col.met'),
      numeric: true,
      width: '6rem',
      render: (need) => formatQuantity(need.stages.met),
    },
    {
      key: 'priority',
      header: tr('lists.col.priority'),
      sortKey: 'priority',
      width: '5.5rem',
      render: (need) => word(PRIORITY_IDS, need.priority),
    },
    {
      key: 'needed_by',
      header: tr('lists.col.neededBy'),
      sortKey: 'needed_by',
      width: '7.5rem',
      render: (need) => (need.needed_by ? formatDay(need.needed_by) : '—'),
    },
    {
      key: 'status',
      header: tr('lists.col.status'),
      width: '7.5rem',
      render: (need) => word(NEED_STATUS_IDS, need.status),
    },
  ],
};

/** All needs, filtered by category, item, region, recipient, status or priority. */
export default function NeedsListPage() {
  return <ResourceListPage config={config} />;
}
