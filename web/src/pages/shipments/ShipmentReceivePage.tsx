import { type FormEvent, useState } from 'react';
import type { ReceiptLineInput } from '../../../../src/core/shipments/receipt.schema.js';
import {
  type DiscrepancyReason,
  isShipmentActionAllowed,
} from '../../../../src/core/shipments/shipment-status.js';
import type { Shipment, ShipmentLine } from '../../api/contract.js';
import type { Need } from '../../api/formsContract.js';
import { permission } from '../../api/permissions.js';
import type { SessionUser } from '../../api/session.js';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import { useShipmentLines } from '../../api/useHistory.js';
import { type Lookups, useLookups } from '../../api/useLookups.js';
import { useRecord } from '../../api/useRecord.js';
import { useSession } from '../../api/useSession.js';
import { receiveShipment, useLineNeeds, useRunner } from '../../api/useShipments.js';
import { useReason } from '../../components/auth/ActionGate.js';
import { DateInput, isIsoDay } from '../../components/forms/DateInput.js';
import { Field } from '../../components/forms/Field.js';
import { Select } from '../../components/forms/Select.js';
import { RemoteState } from '../../components/RemoteState.js';
import { useT } from '../../i18n/index.js';
import { SHIPMENT_STATUS_IDS, word } from '../../i18n/words.js';
import { Link, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { itemName, organisationName } from '../lists/names.js';
import { CONDITIONS, conditionWord, quantityOf } from './shipmentWords.js';

interface LineEntry {
  readonly quantity: string;
  readonly condition: string;
  readonly note: string;
}

/** A random key for one receipt (getRandomValues: randomUUID needs a secure context). */
function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `receipt-${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** What is still to come on a line: shipped less received so far. */
function outstanding(line: ShipmentLine): number {
  return Math.max(0, Math.round((line.quantity - line.received_quantity) * 1000) / 1000);
}

/**
 * The receipt's lines: those that arrived (a quantity above zero) or that come with a discrepancy
 * (damaged goods may arrive as zero usable); lines left at zero in good order have not arrived.
 */
function receiptLines(
  lines: readonly ShipmentLine[],
  entries: Readonly<Record<string, LineEntry>>,
): ReceiptLineInput[] | { badLine: string } {
  const chosen: ReceiptLineInput[] = [];
  for (const line of lines) {
    const entry = entries[line.id];
    if (!entry) continue;
    const quantity = entry.quantity.trim() === '' ? 0 : Number(entry.quantity);
    if (!Number.isFinite(quantity) || quantity < 0) return { badLine: line.id };
    if (quantity === 0 && entry.condition === 'good') continue;
    chosen.push({
      shipment_line_id: line.id,
      quantity,
      ...(entry.condition === 'good' ? {} : { discrepancy_reason: entry.condition as DiscrepancyReason }),
      ...(entry.note.trim() ? { note: entry.note.trim() } : {}),
    });
  }
  return chosen;
}

function ReceiveForm({
  shipment,
  lines,
  needs,
  lookups,
  user,
}: {
  shipment: Shipment;
  lines: readonly ShipmentLine[];
  needs: ReadonlyMap<string, Need>;
  lookups: Lookups;
  user: SessionUser;
}) {
  const t = useT();
  const clock = useDataAsOf();
  const runner = useRunner();
  // One key per receipt: sending the same receipt again (a second click, a retry after a lost
  // answer) records it once; a changed receipt is a new one with a key of its own.
  const [sent, setSent] = useState<{ body: string; key: string } | undefined>(undefined);
  const open = lines.filter((line) => outstanding(line) > 0);
  const recipients = [...new Set([...needs.values()].map((need) => need.recipient_org_id))];
  const receivers = (user.role === 'coordinator' ? recipients : [user.org_id]).map((id) => ({
    value: id,
    label: organisationName(lookups, id),
  }));
  // A recipient confirms only what goes to its own organisation (the API's shipment.recipient rule).
  const mine = user.role !== 'recipient' || recipients.includes(user.org_id);
  const [receiver, setReceiver] = useState(user.role === 'coordinator' ? (recipients[0] ?? '') : user.org_id);
  const [typedDay, setDay] = useState('');
  const day = typedDay === '' && clock.state === 'ready' ? clock.data.as_of : typedDay;
  const [note, setNote] = useState('');
  const [entries, setEntries] = useState<Record<string, LineEntry>>(() =>
    Object.fromEntries(
      open.map((line) => [line.id, { quantity: String(outstanding(line)), condition: 'good', note: '' }]),
    ),
  );
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const change = (lineId: string, part: keyof LineEntry, value: string) =>
    setEntries((current) => ({
      ...current,
      [lineId]: { ...(current[lineId] ?? { quantity: '', condition: 'good', note: '' }), [part]: value },
    }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isIsoDay(day)) return setProblem(t('shipmentReceive.dayFormat'));
    if (!receiver) return setProblem(t('shipmentReceive.chooseReceiver'));
    const chosen = receiptLines(open, entries);
    if ('badLine' in chosen) {
      document.getElementById(`receive-qty-${chosen.badLine}`)?.focus();
      return setProblem(t('shipmentReceive.quantityInvalid'));
    }
    if (chosen.length === 0) return setProblem(t('shipmentReceive.nothingArrived'));
    setProblem(undefined);
    const body = {
      received_on: day,
      received_by_org_id: receiver,
      ...(note.trim() ? { note: note.trim() } : {}),
      lines: chosen,
    };
    const text = JSON.stringify(body);
    const key = sent?.body === text ? sent.key : idempotencyKey();
    setSent({ body: text, key });
    if (await runner.run(() => receiveShipment(shipment.id, body, key)))
      navigate(`/shipments/${shipment.id}`);
  };

  if (!mine) {
    return (
      <p className="notice notice--warn" role="note">
        {t('shipmentReceive.notYours')}
      </p>
    );
  }
  return (
    <form className="record-form shipment-receive" onSubmit={(event) => void submit(event)} noValidate>
      <div className="record-form__row">
        <Field name="received_on" label={t('shipmentReceive.receivedOn')} error={undefined} required>
          {(control) => (
            <DateInput {...control} value={day} onChange={(event) => setDay(event.target.value)} />
          )}
        </Field>
        <Field
          name="received_by_org_id"
          label={t('shipmentReceive.receivedBy')}
          hint={t('shipmentReceive.receivedByHint')}
          error={undefined}
          required
        >
          {(control) => (
            <Select
              control={control}
              value={receiver}
              options={receivers}
              placeholder={t('shipmentReceive.chooseReceiver')}
              onChange={setReceiver}
            />
          )}
        </Field>
      </div>
      <div className="data-table-scroll">
        <table className="data-table shipment-receive__lines">
          <caption>{t('shipmentReceive.linesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('shipmentReceive.colItem')}</th>
              <th scope="col" className="num shipment-col--qty">
                {t('shipmentReceive.colShipped')}
              </th>
              <th scope="col" className="num shipment-col--qty">
                {t('shipmentReceive.colOutstanding')}
              </th>
              <th scope="col" className="shipment-col--input">
                {t('shipmentReceive.colReceivedNow')}
              </th>
              <th scope="col" className="shipment-col--condition">
                {t('shipmentReceive.colCondition')}
              </th>
              <th scope="col">{t('shipmentReceive.colNote')}</th>
            </tr>
          </thead>
          <tbody>
            {open.map((line) => {
              const entry = entries[line.id] ?? { quantity: '', condition: 'good', note: '' };
              const item = itemName(lookups, line.item_id);
              return (
                <tr key={line.id}>
                  <th scope="row">{item}</th>
                  <td className="num">{quantityOf(lookups, line.item_id, line.quantity)}</td>
                  <td className="num">{quantityOf(lookups, line.item_id, outstanding(line))}</td>
                  <td>
                    <input
                      id={`receive-qty-${line.id}`}
                      className="shipment-receive__field"
                      inputMode="decimal"
                      aria-label={t('shipmentReceive.receivedNowOf', { item })}
                      value={entry.quantity}
                      onChange={(event) => change(line.id, 'quantity', event.target.value)}
                    />
                  </td>
                  <td>
                    <select
                      className="shipment-receive__field"
                      aria-label={t('shipmentReceive.conditionOf', { item })}
                      value={entry.condition}
                      onChange={(event) => change(line.id, 'condition', event.target.value)}
                    >
                      {CONDITIONS.map((condition) => (
                        <option key={condition} value={condition}>
                          {conditionWord(condition)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <input
                      className="shipment-receive__field"
                      aria-label={t('shipmentReceive.noteOf', { item })}
                      maxLength={4000}
                      value={entry.note}
                      onChange={(event) => change(line.id, 'note', event.target.value)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="form-field__hint">{t('shipmentReceive.linesHint')}</p>
      <Field name="receipt_note" label={t('shipmentReceive.note')} error={undefined}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            maxLength={4000}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        )}
      </Field>
      {problem ? (
        <p role="alert" className="form-problem">
          {problem}
        </p>
      ) : null}
      {runner.error ? (
        <p role="alert" className="form-problem">
          {t('shipmentActions.failed', { detail: runner.error })}
        </p>
      ) : null}
      <div className="record-form__actions">
        <button type="submit" disabled={runner.busy}>
          {runner.busy ? t('shipmentReceive.saving') : t('shipmentReceive.save')}
        </button>
      </div>
    </form>
  );
}

function Receive({ shipment, user }: { shipment: Shipment; user: SessionUser }) {
  const t = useT();
  const lookups = useLookups();
  const lines = useShipmentLines(shipment.id);
  const ready = lines.state === 'ready' ? lines.data.items : [];
  const needs = useLineNeeds(ready);
  if (!isShipmentActionAllowed(shipment.status, 'receive')) {
    return (
      <p className="notice notice--warn" role="note">
        {t('shipmentReceive.notNow', { status: word(SHIPMENT_STATUS_IDS, shipment.status) })}
      </p>
    );
  }
  return (
    <RemoteState remote={lines} what={t('shipmentDetail.linesWhat')}>
      {() => (
        <RemoteState remote={needs} what={t('shipmentReceive.needsWhat')}>
          {(byId) => (
            <ReceiveForm shipment={shipment} lines={ready} needs={byId} lookups={lookups} user={user} />
          )}
        </RemoteState>
      )}
    </RemoteState>
  );
}

/** /shipments/:id/receive: what arrived, per line, with its condition and any discrepancy. */
export default function ShipmentReceivePage({ params }: PageProps) {
  const t = useT();
  const reason = useReason();
  const id = params.id ?? '';
  const shipment = useRecord<Shipment>('shipments', id);
  const { state: session } = useSession();
  const allowed = permission(session, 'receive-shipment');
  return (
    <section className="panel form-page" aria-labelledby="shipment-receive-title">
      <div className="panel__head">
        <h2 id="shipment-receive-title">
          {shipment.state === 'ready'
            ? t('shipmentReceive.title', { reference: shipment.data.reference })
            : t('shipmentReceive.titlePlain')}
        </h2>
        <Link to={`/shipments/${id}`}>{t('shipmentReceive.cancel')}</Link>
      </div>
      {!allowed.allowed ? (
        <p className="notice notice--warn" role="note">
          {reason(allowed)}
        </p>
      ) : null}
      {allowed.allowed && session.status === 'signed-in' ? (
        <RemoteState remote={shipment} what={t('details.recordWhat')}>
          {(data) => <Receive shipment={data} user={session.user} />}
        </RemoteState>
      ) : null}
    </section>
  );
}
