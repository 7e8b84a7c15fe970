import type { Shipment } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { formatDay } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { SHIPMENT_STATUS_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { regionName, regionOptions, valueOptions } from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

const config: ListConfig<Shipment> = {
  title: 'shipments.title',
  what: 'shipments.what',
  empty: 'shipments.empty',
  emptyFiltered: 'shipments.emptyFiltered',
  emptySignedOut: 'shipments.emptySignedOut',
  collection: 'shipments',
  rowKey: (shipment) => shipment.id,
  create: { action: 'create-shipment', label: 'shipments.new', to: '/shipments/new' },
  filters: (lookups) => [
    {
      name: 'status',
      label: tr('lists.col.status'),
      kind: 'select',
      options: valueOptions(SHIPMENT_STATUS_IDS),
    },
    {
      name: 'destination_region_id',
      label: tr('lists.col.destination'),
      kind: 'select',
      options: regionOptions(lookups),
    },
    { name: 'origin_hub', label: tr('lists.col.originHub'), kind: 'text' },
    { name: 'dispatched_from', label: tr('lists.col.dispatchedFrom'), kind: 'date' },
    { name: 'dispatched_to', label: tr('lists.col.dispatchedTo'), kind: 'date' },
  ],
  columns: (lookups) => [
    {
      key: 'reference',
      header: tr('lists.col.reference'),
      sortKey: 'reference',
      render: (shipment) => (
        <Link to={`/shipments/${shipment.id}`} className="row-link">
          <Truncate text={shipment.reference} />
        </Link>
      ),
    },
    {
      key: 'origin',
      header: tr('lists.col.originHub'),
      sortKey: 'origin_hub',
      render: (shipment) => <Truncate text={shipment.origin_hub} />,
    },
    {
      key: 'destination',
      header: tr('lists.col.destination'),
      render: (shipment) => <Truncate text={regionName(lookups, shipment.destination_region_id)} />,
    },
    {
      key: 'dispatched',
      header: tr('lists.col.dispatched'),
      width: '7.5rem',
      render: (shipment) => (shipment.dispatched_on ? formatDay(shipment.dispatched_on) : '—'),
    },
    {
      key: 'eta',
      header: tr('lists.col.eta'),
      width: '7.5rem',
      render: (shipment) => (shipment.eta ? formatDay(shipment.eta) : '—'),
    },
    {
      key: 'status',
      header: tr('lists.col.status'),
      width: '7rem',
      render: (shipment) => word(SHIPMENT_STATUS_IDS, shipment.status),
    },
  ],
};

/** All shipments, filtered by status, destination, hub or dispatch dates. */
export default function ShipmentsListPage() {
  return <ResourceListPage config={config} />;
}
