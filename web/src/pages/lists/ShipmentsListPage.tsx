import type { Shipment } from '../../api/contract.js';
import { Truncate } from '../../components/Truncate.js';
import { Link } from '../../router.js';
import { regionName, regionOptions, valueOptions } from './names.js';
import { type ListConfig, ResourceListPage } from './ResourceListPage.js';

const config: ListConfig<Shipment> = {
  title: 'Shipments',
  noun: 'shipments',
  collection: 'shipments',
  rowKey: (shipment) => shipment.id,
  filters: (lookups) => [
    {
      name: 'status',
      label: 'Status',
      kind: 'select',
      options: valueOptions(['preparing', 'in_transit', 'arrived', 'received', 'lost']),
    },
    { name: 'destination_region_id', label: 'Destination', kind: 'select', options: regionOptions(lookups) },
    { name: 'origin_hub', label: 'Origin hub', kind: 'text' },
    { name: 'dispatched_from', label: 'Dispatched from', kind: 'date' },
    { name: 'dispatched_to', label: 'Dispatched to', kind: 'date' },
  ],
  columns: (lookups) => [
    {
      key: 'reference',
      header: 'Reference',
      sortKey: 'reference',
      render: (shipment) => (
        <Link to={`/shipments/${shipment.id}`} className="row-link">
          <Truncate text={shipment.reference} />
        </Link>
      ),
    },
    {
      key: 'origin',
      header: 'Origin hub',
      sortKey: 'origin_hub',
      render: (shipment) => <Truncate text={shipment.origin_hub} />,
    },
    {
      key: 'destination',
      header: 'Destination',
      render: (shipment) => <Truncate text={regionName(lookups, shipment.destination_region_id)} />,
    },
    {
      key: 'dispatched',
      header: 'Dispatched',
      width: '7.5rem',
      render: (shipment) => shipment.dispatched_on ?? '—',
    },
    { key: 'eta', header: 'ETA', width: '7.5rem', render: (shipment) => shipment.eta ?? '—' },
    {
      key: 'status',
      header: 'Status',
      width: '7rem',
      render: (shipment) => shipment.status.replaceAll('_', ' '),
    },
  ],
};

/** All shipments, filtered by status, destination, hub or dispatch dates. */
export default function ShipmentsListPage() {
  return <ResourceListPage config={config} />;
}
