import type { Receipt, Shipment, ShipmentLine } from '../../api/contract.js';
import { useShipmentLines, useShipmentReceipts } from '../../api/useHistory.js';
import type { Lookups } from '../../api/useLookups.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatDay, formatQuantity } from '../../format.js';
import { T, tr, useT } from '../../i18n/index.js';
import { SHIPMENT_STATUS_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { itemName, organisationName, regionName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

function LinesTable({ lines, lookups }: { lines: readonly ShipmentLine[]; lookups: Lookups }) {
  const t = useT();
  return (
    <table className="data-table">
      <caption>{t('shipmentDetail.linesCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('shipmentDetail.colItem')}</th>
          <th scope="col" className="num">
            {t('shipmentDetail.colShipped')}
          </th>
          <th scope="col" className="num">
            {t('shipmentDetail.colReceived')}
          </th>
          <th scope="col">{t('shipmentDetail.colPledge')}</th>
          <th scope="col">{t('shipmentDetail.colNeed')}</th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.id}>
            <td>
              {/* The whole name: the table has the room at 1440 px, so it is not cut. */}
              {itemName(lookups, line.item_id)}
            </td>
            <td className="num">{formatQuantity(line.quantity)}</td>
            <td className="num">{formatQuantity(line.received_quantity)}</td>
            <td>
              <Link to={`/pledges/${line.pledge_id}`}>{t('shipmentDetail.pledge')}</Link>
            </td>
            <td>
              <Link to={`/needs/${line.need_id}`}>{t('shipmentDetail.need')}</Link>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReceiptsList({ receipts, lookups }: { receipts: readonly Receipt[]; lookups: Lookups }) {
  const t = useT();
  return (
    <ul className="receipts">
      {receipts.map((receipt) => (
        <li key={receipt.id}>
          <T
            id="shipmentDetail.receipt"
            values={{
              day: formatDay(receipt.received_on),
              by: organisationName(lookups, receipt.received_by_org_id),
              lines: receipt.lines.length,
              total: formatQuantity(receipt.lines.reduce((sum, line) => sum + line.quantity, 0)),
              strong: (text) => <strong>{text}</strong>,
            }}
          />
          {receipt.lines.some((line) => line.discrepancy_reason)
            ? ` — ${t('shipmentDetail.discrepancy', {
                reasons: receipt.lines
                  .map((line) => line.discrepancy_reason)
                  .filter(Boolean)
                  .join(', '),
              })}`
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
  const t = useT();
  return (
    <>
      <section className="detail-section" aria-labelledby="shipment-lines-title">
        <h3 id="shipment-lines-title">{t('shipmentDetail.lines')}</h3>
        <RemoteState
          remote={lines}
          what={t('shipmentDetail.linesWhat')}
          isEmpty={(data) => data.items.length === 0}
          empty={t('shipmentDetail.noLines')}
        >
          {(data) => <LinesTable lines={data.items} lookups={lookups} />}
        </RemoteState>
      </section>
      <section className="detail-section" aria-labelledby="shipment-receipts-title">
        <h3 id="shipment-receipts-title">{t('shipmentDetail.receipts')}</h3>
        <RemoteState
          remote={receipts}
          what={t('shipmentDetail.receiptsWhat')}
          isEmpty={(data) => data.items.length === 0}
          empty={t('shipmentDetail.noReceipts')}
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
  title: (shipment) => tr('shipmentDetail.title', { reference: shipment.reference }),
  fields: (shipment, lookups) => [
    [tr('details.field.reference'), shipment.reference],
    [tr('details.field.status'), word(SHIPMENT_STATUS_IDS, shipment.status)],
    [tr('details.field.originHub'), shipment.origin_hub],
    [tr('details.field.destination'), regionName(lookups, shipment.destination_region_id)],
    [tr('details.field.dispatchedOn'), shipment.dispatched_on ? formatDay(shipment.dispatched_on) : null],
    [tr('details.field.eta'), shipment.eta ? formatDay(shipment.eta) : null],
    ...metaFields(shipment),
  ],
  sections: (shipment, lookups) => <Contents id={shipment.id} lookups={lookups} />,
};

/** One shipment: fields, lines, receipts, sources and history. */
export default function ShipmentDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
