import type { Receipt, Shipment, ShipmentLine } from '../../api/contract.js';
import { useShipmentLines, useShipmentReceipts } from '../../api/useHistory.js';
import type { Lookups } from '../../api/useLookups.js';
import { RemoteState } from '../../components/RemoteState.js';
import { Truncate } from '../../components/Truncate.js';
import { formatQuantity } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { itemName, organisationName, regionName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

function LinesTable({ lines, lookups }: { lines: readonly ShipmentLine[]; lookups: Lookups }) {
  return (
    <table className="data-table">
      <caption>What the shipment carries, one line per allocation</caption>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col" className="num">
            Shipped
          </th>
          <th scope="col" className="num">
            Received
          </th>
          <th scope="col">Pledge</th>
          <th scope="col">Need</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.id}>
            <td>
              <Truncate text={itemName(lookups, line.item_id)} />
            </td>
            <td className="num">{formatQuantity(line.quantity)}</td>
            <td className="num">{formatQuantity(line.received_quantity)}</td>
            <td>
              <Link to={`/pledges/${line.pledge_id}`}>Pledge</Link>
            </td>
            <td>
              <Link to={`/needs/${line.need_id}`}>Need</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReceiptsList({ receipts, lookups }: { receipts: readonly Receipt[]; lookups: Lookups }) {
  return (
    <ul className="receipts">
      {receipts.map((receipt) => (
        <li key={receipt.id}>
          Received on <strong>{receipt.received_on}</strong> by{' '}
          {organisationName(lookups, receipt.received_by_org_id)}: {receipt.lines.length} line
          {receipt.lines.length === 1 ? '' : 's'},{' '}
          {formatQuantity(receipt.lines.reduce((sum, line) => sum + line.quantity, 0))} in total
          {receipt.lines.some((line) => line.discrepancy_reason)
            ? ` — discrepancy: ${receipt.lines
                .map((line) => line.discrepancy_reason)
                .filter(Boolean)
                .join(', ')}`
            : ''}
          {receipt.note ? <span className="muted"> ({receipt.note})</span> : null}
        </li>
      ))}
    </ul>
  );
}

function Contents({ id, lookups }: { id: string; lookups: Lookups }) {
  const lines = useShipmentLines(id);
  const receipts = useShipmentReceipts(id);
  return (
    <>
      <section className="detail-section" aria-labelledby="shipment-lines-title">
        <h3 id="shipment-lines-title">Lines</h3>
        <RemoteState
          remote={lines}
          what="the lines"
          isEmpty={(data) => data.items.length === 0}
          empty="The shipment carries no lines yet."
        >
          {(data) => <LinesTable lines={data.items} lookups={lookups} />}
        </RemoteState>
      </section>
      <section className="detail-section" aria-labelledby="shipment-receipts-title">
        <h3 id="shipment-receipts-title">Receipts</h3>
        <RemoteState
          remote={receipts}
          what="the receipts"
          isEmpty={(data) => data.items.length === 0}
          empty="Nothing has been received yet."
        >
          {(data) => <ReceiptsList receipts={data.items} lookups={lookups} />}
        </RemoteState>
      </section>
    </>
  );
}

const config: DetailConfig<Shipment> = {
  collection: 'shipments',
  entity: 'shipment',
  listTitle: 'shipments.title',
  title: (shipment) => `Shipment ${shipment.reference}`,
  fields: (shipment, lookups) => [
    [tr('details.field.reference'), shipment.reference],
    [tr('details.field.status'), shipment.status.replaceAll('_', ' ')],
    [tr('details.field.originHub'), shipment.origin_hub],
    [tr('details.field.destination'), regionName(lookups, shipment.destination_region_id)],
    [tr('details.field.dispatchedOn'), shipment.dispatched_on],
    [tr('details.field.eta'), shipment.eta],
    ...metaFields(shipment),
  ],
  sections: (shipment, lookups) => <Contents id={shipment.id} lookups={lookups} />,
};

/** One shipment: fields, lines, receipts, sources and history. */
export default function ShipmentDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
