import { useState } from 'react';
import { isShipmentActionAllowed } from '../../../../src/core/shipments/shipment-status.js';
import type { Receipt, Shipment, ShipmentLine } from '../../api/contract.js';
import { permission } from '../../api/permissions.js';
import { useShipmentLines, useShipmentReceipts } from '../../api/useHistory.js';
import type { Lookups } from '../../api/useLookups.js';
import { useSession } from '../../api/useSession.js';
import { removeShipmentLine, useRunner } from '../../api/useShipments.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatDay } from '../../format.js';
import { T, tr, useT } from '../../i18n/index.js';
import { SHIPMENT_STATUS_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { itemName, organisationName, regionName } from '../lists/names.js';
import { ShipmentActions } from '../shipments/ShipmentActions.js';
import { conditionWord, quantityOf } from '../shipments/shipmentWords.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

/** The discrepancies recorded against one line, over all receipts, oldest first. */
function discrepanciesOf(receipts: readonly Receipt[], lineId: string) {
  return receipts.flatMap((receipt) =>
    receipt.lines
      .filter((line) => line.shipment_line_id === lineId && line.discrepancy_reason !== null)
      .map((line) => ({ receipt, line })),
  );
}

function LinesTable({
  shipment,
  lines,
  receipts,
  lookups,
  onChanged,
}: {
  shipment: Shipment;
  lines: readonly ShipmentLine[];
  receipts: readonly Receipt[];
  lookups: Lookups;
  onChanged: () => void;
}) {
  const t = useT();
  const { state: session } = useSession();
  const runner = useRunner();
  // Lines are removed while preparing, by the roles that may change them; others see no button.
  const removable =
    isShipmentActionAllowed(shipment.status, 'remove_line') &&
    permission(session, 'change-shipment-lines').allowed;
  return (
    <>
      {runner.error ? (
        <p role="alert" className="form-problem">
          {t('shipmentActions.failed', { detail: runner.error })}
        </p>
      ) : null}
      <div className="data-table-scroll">
        <table className="data-table shipment-lines">
          <caption>{t('shipmentDetail.linesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('shipmentDetail.colItem')}</th>
              <th scope="col" className="num shipment-col--qty">
                {t('shipmentDetail.colShipped')}
              </th>
              <th scope="col" className="num shipment-col--qty">
                {t('shipmentDetail.colReceived')}
              </th>
              <th scope="col" className="shipment-col--wide">
                {t('shipmentDetail.colDiscrepancies')}
              </th>
              <th scope="col" className="shipment-col--links">
                {t('shipmentDetail.colLinks')}
              </th>
              {removable ? (
                <th scope="col" className="shipment-col--remove">
                  {t('shipmentDetail.colRemove')}
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => {
              const item = itemName(lookups, line.item_id);
              const found = discrepanciesOf(receipts, line.id);
              return (
                <tr key={line.id}>
                  <th scope="row">{item}</th>
                  <td className="num">{quantityOf(lookups, line.item_id, line.quantity)}</td>
                  <td className="num">{quantityOf(lookups, line.item_id, line.received_quantity)}</td>
                  <td>
                    {found.length === 0 ? (
                      <span className="muted">{t('shipmentDetail.noDiscrepancy')}</span>
                    ) : (
                      <ul className="shipment-discrepancies">
                        {found.map(({ receipt, line: part }) => (
                          <li key={part.id} className="shipment-discrepancy">
                            <strong>{conditionWord(part.discrepancy_reason)}</strong>{' '}
                            {t('shipmentDetail.discrepancyOn', {
                              day: formatDay(receipt.received_on),
                              quantity: quantityOf(lookups, line.item_id, part.quantity),
                            })}
                            {part.note ? <span className="muted"> — {part.note}</span> : null}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <Link to={`/pledges/${line.pledge_id}`}>{t('shipmentDetail.pledge')}</Link>
                    {' · '}
                    <Link to={`/needs/${line.need_id}`}>{t('shipmentDetail.need')}</Link>
                  </td>
                  {removable ? (
                    <td>
                      <button
                        type="button"
                        disabled={runner.busy}
                        aria-label={t('shipmentDetail.removeLineOf', { item })}
                        onClick={() =>
                          void runner
                            .run(() => removeShipmentLine(shipment.id, line.id))
                            .then((done) => {
                              if (done) onChanged();
                            })
                        }
                      >
                        {t('shipmentDetail.removeLine')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** Each receipt with what arrived per line, in that line's unit: quantities of different items are never added up. */
function ReceiptsList({
  receipts,
  lines,
  lookups,
}: {
  receipts: readonly Receipt[];
  lines: readonly ShipmentLine[];
  lookups: Lookups;
}) {
  const t = useT();
  const itemOf = new Map(lines.map((line) => [line.id, line.item_id]));
  return (
    <ol className="receipts">
      {receipts.map((receipt) => (
        <li key={receipt.id}>
          <p>
            <T
              id="shipmentDetail.receipt"
              values={{
                day: formatDay(receipt.received_on),
                by: organisationName(lookups, receipt.received_by_org_id),
                lines: receipt.lines.length,
                strong: (text) => <strong>{text}</strong>,
              }}
            />
            {receipt.note ? <span className="muted"> — {receipt.note}</span> : null}
          </p>
          <ul>
            {receipt.lines.map((line) => {
              const itemId = itemOf.get(line.shipment_line_id) ?? '';
              return (
                <li key={line.id}>
                  {t('shipmentDetail.receiptLine', {
                    item: itemName(lookups, itemId),
                    quantity: quantityOf(lookups, itemId, line.quantity),
                    condition: conditionWord(line.discrepancy_reason),
                  })}
                  {line.note ? <span className="muted"> — {line.note}</span> : null}
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ol>
  );
}

/**
 * The shipment's steps so far on the data's days: prepared, dispatched, each receipt, and where it
 * is now. When each change was stored (the system's clock) is in the history below.
 */
function Lifecycle({ shipment, receipts }: { shipment: Shipment; receipts: readonly Receipt[] }) {
  const t = useT();
  const steps: { key: string; text: string }[] = [
    { key: 'prepared', text: t('shipmentDetail.stepPrepared', { hub: shipment.origin_hub }) },
  ];
  if (shipment.dispatched_on) {
    steps.push({
      key: 'dispatched',
      text: t('shipmentDetail.stepDispatched', {
        day: formatDay(shipment.dispatched_on),
        eta: shipment.eta ? formatDay(shipment.eta) : '—',
      }),
    });
  }
  for (const receipt of receipts) {
    steps.push({
      key: receipt.id,
      text: t('shipmentDetail.stepReceipt', { day: formatDay(receipt.received_on) }),
    });
  }
  steps.push({
    key: 'now',
    text: t('shipmentDetail.stepNow', { status: word(SHIPMENT_STATUS_IDS, shipment.status) }),
  });
  return (
    <ol className="shipment-lifecycle">
      {steps.map((step) => (
        <li key={step.key}>{step.text}</li>
      ))}
    </ol>
  );
}

function Contents({
  shipment,
  lookups,
  onChanged,
}: {
  shipment: Shipment;
  lookups: Lookups;
  onChanged: () => void;
}) {
  const lines = useShipmentLines(shipment.id);
  const receipts = useShipmentReceipts(shipment.id);
  const t = useT();
  const receiptItems = receipts.state === 'ready' ? receipts.data.items : [];
  const lineItems = lines.state === 'ready' ? lines.data.items : [];
  return (
    <>
      <ShipmentActions shipment={shipment} lookups={lookups} onChanged={onChanged} />
      <section className="detail-section" aria-labelledby="shipment-lifecycle-title">
        <h3 id="shipment-lifecycle-title">{t('shipmentDetail.lifecycle')}</h3>
        <Lifecycle shipment={shipment} receipts={receiptItems} />
      </section>
      <section className="detail-section" aria-labelledby="shipment-lines-title">
        <h3 id="shipment-lines-title">{t('shipmentDetail.lines')}</h3>
        <RemoteState
          remote={lines}
          what={t('shipmentDetail.linesWhat')}
          isEmpty={(data) => data.items.length === 0}
          empty={t('shipmentDetail.noLines')}
        >
          {(data) => (
            <LinesTable
              shipment={shipment}
              lines={data.items}
              receipts={receiptItems}
              lookups={lookups}
              onChanged={onChanged}
            />
          )}
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
          {(data) => <ReceiptsList receipts={data.items} lines={lineItems} lookups={lookups} />}
        </RemoteState>
      </section>
    </>
  );
}

function configFor(onChanged: () => void): DetailConfig<Shipment> {
  return {
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
      [tr('shipmentDetail.owner'), organisationName(lookups, shipment.owner_org_id)],
      ...metaFields(shipment),
    ],
    sections: (shipment, lookups) => <Contents shipment={shipment} lookups={lookups} onChanged={onChanged} />,
  };
}

/** One shipment: fields, the next steps the reader may take, lifecycle, lines with discrepancies, receipts and history. */
export default function ShipmentDetailPage({ params }: PageProps) {
  // Every step changes the shipment, its lines and history: the page reads them all again.
  const [version, setVersion] = useState(0);
  return (
    <RecordDetail
      key={version}
      config={configFor(() => setVersion((current) => current + 1))}
      id={params.id ?? ''}
    />
  );
}
