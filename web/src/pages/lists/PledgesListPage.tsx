import type { Pledge } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { formatDay, formatQuantity } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { PLEDGE_STATUS_IDS, word } from '../../i18n/words.js';
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

const config: ListConfig<Pledge> = {
  title: 'pledges.title',
  what: 'pledges.what',
  empty: 'pledges.empty',
  emptyFiltered: 'pledges.emptyFiltered',
  emptySignedOut: 'pledges.emptySignedOut',
  exportOf: 'pledges',
  collection: 'pledges',
  rowKey: (pledge) => pledge.id,
  create: { action: 'create-pledge', label: 'pledges.new', to: '/pledges/new' },
  filters: (lookups) => [
    {
      name: 'donor_org_id',
      label: tr('lists.col.donor'),
      kind: 'select',
      options: organisationOptions(lookups),
    },
    { name: 'category', label: tr('lists.col.category'), kind: 'select', options: categoryOptions(lookups) },
    { name: 'item_id', label: tr('lists.col.item'), kind: 'select', options: itemOptions(lookups) },
    { name: 'region_id', label: tr('lists.col.region'), kind: 'select', options: regionOptions(lookups) },
    { name: 'event_id', label: tr('lists.col.event'), kind: 'select', options: eventOptions(lookups) },
    {
      name: 'status',
      label: tr('lists.col.status'),
      kind: 'select',
      options: valueOptions(PLEDGE_STATUS_IDS),
    },
  ],
  columns: (lookups) => [
    {
      key: 'item',
      header: tr('lists.col.item'),
      width: '24%',
      render: (pledge) => (
        <Link to={`/pledges/${pledge.id}`} className="row-link">
          <Truncate text={itemName(lookups, pledge.item_id)} />
        </Link>
      ),
    },
    {
      key: 'donor',
      header: tr('lists.col.donor'),
      render: (pledge) => <Truncate text={organisationName(lookups, pledge.donor_org_id)} />,
    },
    {
      key: 'event',
      header: tr('lists.col.announcedAt'),
      render: (pledge) => <Truncate text={eventName(lookups, pledge.event_id)} />,
    },
    {
      key: 'quantity',
      header: tr('lists.col.quantity'),
      sortKey: 'quantity',
      numeric: true,
      width: '8rem',
      render: (pledge) => formatQuantity(pledge.quantity),
    },
    {
      key: 'delivered',
      header: tr('lists.col.delivered'),
      numeric: true,
      width: '8rem',
      render: (pledge) => formatQuantity(pledge.stages.delivered),
    },
    {
      key: 'announced_on',
      header: tr('lists.col.announced'),
      sortKey: 'announced_on',
      width: '7.5rem',
      render: (pledge) => formatDay(pledge.announced_on),
    },
    {
      key: 'status',
      header: tr('lists.col.status'),
      width: '7rem',
      render: (pledge) => word(PLEDGE_STATUS_IDS, pledge.status),
    },
  ],
};

/** All pledges, filtered by donor, category, item, region, event or status. */
export default function PledgesListPage() {
  return <ResourceListPage config={config} />;
}
