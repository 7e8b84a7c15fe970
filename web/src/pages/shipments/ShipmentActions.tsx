import { type FormEvent, type ReactElement, useState } from 'react';
import { isShipmentActionAllowed } from '../../../../src/core/shipments/shipment-status.js';
import type { Shipment } from '../../api/contract.js';
import { permission } from '../../api/permissions.js';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import type { Lookups } from '../../api/useLookups.js';
import { useSession } from '../../api/useSession.js';
import {
  addShipmentLine,
  closeShipment,
  dispatchShipment,
  loseShipment,
  type Runner,
  useAllocationChoices,
  useRunner,
} from '../../api/useShipments.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { DateInput, isIsoDay } from '../../components/forms/DateInput.js';
import { Field } from '../../components/forms/Field.js';
import { Select } from '../../components/forms/Select.js';
import { useT } from '../../i18n/index.js';
import { SHIPMENT_STATUS_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { allocationLabel } from './AllocationField.js';

function Failure({ runner }: { runner: Runner }) {
  const t = useT();
  return runner.error ? (
    <p role="alert" className="form-problem">
      {t('shipmentActions.failed', { detail: runner.error })}
    </p>
  ) : null;
}

/** A line against one of the region's accepted allocations, while the shipment is preparing. */
function AddLine({
  shipment,
  lookups,
  onDone,
}: {
  shipment: Shipment;
  lookups: Lookups;
  onDone: () => void;
}) {
  const t = useT();
  const { state: session } = useSession();
  const donor =
    session.status === 'signed-in' && session.user.role === 'donor' ? session.user.org_id : undefined;
  const choices = useAllocationChoices(shipment.destination_region_id, donor);
  const runner = useRunner();
  const [allocationId, setAllocationId] = useState('');
  const [quantity, setQuantity] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const options = choices.state === 'ready' ? choices.data : [];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amount = Number(quantity);
    if (!allocationId) return setProblem(t('shipmentActions.chooseAllocationFirst'));
    if (quantity.trim() === '' || !Number.isFinite(amount) || amount <= 0) {
      return setProblem(t('shipmentActions.quantityPositive'));
    }
    setProblem(undefined);
    if (
      await runner.run(() => addShipmentLine(shipment.id, { allocation_id: allocationId, quantity: amount }))
    ) {
      onDone();
    }
  };
  return (
    <form className="shipment-action" onSubmit={(event) => void submit(event)} noValidate>
      <h4>{t('shipmentActions.addLine')}</h4>
      <Field
        name="line_allocation"
        label={t('shipmentActions.allocation')}
        hint={
          choices.state === 'loading'
            ? t('shipmentActions.loadingAllocations')
            : options.length === 0
              ? t('shipmentActions.noAllocations')
              : t('shipmentActions.allocationHint')
        }
        error={choices.state === 'error' ? choices.detail : undefined}
        required
      >
        {(control) => (
          <Select
            control={control}
            value={allocationId}
            options={options.map((choice) => ({
              value: choice.allocation.id,
              label: allocationLabel(lookups, choice),
            }))}
            placeholder={t('shipmentActions.chooseAllocation')}
            onChange={(value) => {
              setAllocationId(value);
              const chosen = options.find((choice) => choice.allocation.id === value);
              if (chosen) setQuantity(String(chosen.unshipped));
            }}
          />
        )}
      </Field>
      <Field name="line_quantity" label={t('shipmentActions.quantity')} error={problem} required>
        {(control) => (
          <input
            {...control}
            inputMode="decimal"
            value={quantity}
            onChange={(event) => setQuantity(event.target.value)}
          />
        )}
      </Field>
      <Failure runner={runner} />
      <div className="record-form__actions">
        <button type="submit" disabled={runner.busy}>
          {t('shipmentActions.addLineButton')}
        </button>
      </div>
    </form>
  );
}

function Dispatch({ shipment, onDone }: { shipment: Shipment; onDone: () => void }) {
  const t = useT();
  const clock = useDataAsOf();
  const runner = useRunner();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const day = typed === '' && clock.state === 'ready' ? clock.data.as_of : typed;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!isIsoDay(day)) return setProblem(t('shipmentActions.dayFormat'));
    setProblem(undefined);
    if (await runner.run(() => dispatchShipment(shipment.id, { dispatched_on: day }))) onDone();
  };
  return (
    <form className="shipment-action" onSubmit={(event) => void submit(event)} noValidate>
      <h4>{t('shipmentActions.dispatch')}</h4>
      <Field
        name="dispatched_on"
        label={t('shipmentActions.dispatchedOn')}
        hint={t('shipmentActions.dispatchHint')}
        error={problem}
        required
      >
        {(control) => (
          <DateInput {...control} value={day} onChange={(event) => setTyped(event.target.value)} />
        )}
      </Field>
      <Failure runner={runner} />
      <div className="record-form__actions">
        <button type="submit" disabled={runner.busy}>
          {t('shipmentActions.dispatchButton')}
        </button>
      </div>
    </form>
  );
}

/** Report lost (a note is required) or close short (a note is optional). */
function NoteAction({
  kind,
  shipment,
  onDone,
}: {
  kind: 'lose' | 'close';
  shipment: Shipment;
  onDone: () => void;
}) {
  const t = useT();
  const runner = useRunner();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = note.trim();
    if (kind === 'lose' && text === '') return setProblem(t('shipmentActions.loseNoteRequired'));
    setProblem(undefined);
    const done = await runner.run(() =>
      kind === 'lose'
        ? loseShipment(shipment.id, { note: text })
        : closeShipment(shipment.id, text === '' ? {} : { note: text }),
    );
    if (done) onDone();
  };
  return (
    <form className="shipment-action" onSubmit={(event) => void submit(event)} noValidate>
      <h4>{kind === 'lose' ? t('shipmentActions.lose') : t('shipmentActions.close')}</h4>
      <Field
        name={`${kind}_note`}
        label={kind === 'lose' ? t('shipmentActions.loseNote') : t('shipmentActions.closeNote')}
        hint={kind === 'lose' ? t('shipmentActions.loseHint') : t('shipmentActions.closeHint')}
        error={problem}
        required={kind === 'lose'}
      >
        {(control) => (
          <textarea
            {...control}
            rows={2}
            maxLength={4000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Field>
      <Failure runner={runner} />
      <div className="record-form__actions">
        <button type="submit" disabled={runner.busy}>
          {kind === 'lose' ? t('shipmentActions.loseButton') : t('shipmentActions.closeButton')}
        </button>
      </div>
    </form>
  );
}

/**
 * What can be done next with a shipment: only the steps its status allows, each offered to the
 * roles the API lets take it and shown disabled, with the reason, to the others.
 */
export function ShipmentActions({
  shipment,
  lookups,
  onChanged,
}: {
  shipment: Shipment;
  lookups: Lookups;
  onChanged: () => void;
}) {
  const t = useT();
  const { state: session } = useSession();
  const allowed = (action: Parameters<typeof isShipmentActionAllowed>[1]) =>
    isShipmentActionAllowed(shipment.status, action);
  const steps: ReactElement[] = [];
  if (allowed('add_line')) {
    steps.push(
      <ActionGate
        key="add"
        permission={permission(session, 'change-shipment-lines')}
        label={t('shipmentActions.addLine')}
      >
        <AddLine shipment={shipment} lookups={lookups} onDone={onChanged} />
      </ActionGate>,
    );
  }
  if (allowed('dispatch')) {
    steps.push(
      <ActionGate
        key="dispatch"
        permission={permission(session, 'dispatch-shipment')}
        label={t('shipmentActions.dispatch')}
      >
        <Dispatch shipment={shipment} onDone={onChanged} />
      </ActionGate>,
    );
  }
  if (allowed('receive')) {
    steps.push(
      <ActionGate
        key="receive"
        permission={permission(session, 'receive-shipment')}
        label={t('shipmentActions.receive')}
      >
        <div className="shipment-action">
          <h4>{t('shipmentActions.receive')}</h4>
          <p>{t('shipmentActions.receiveHint')}</p>
          <Link className="action-link" to={`/shipments/${shipment.id}/receive`}>
            {t('shipmentActions.receiveLink')}
          </Link>
        </div>
      </ActionGate>,
    );
  }
  if (allowed('close')) {
    steps.push(
      <ActionGate
        key="close"
        permission={permission(session, 'close-shipment')}
        label={t('shipmentActions.close')}
      >
        <NoteAction kind="close" shipment={shipment} onDone={onChanged} />
      </ActionGate>,
    );
  }
  if (allowed('lose')) {
    steps.push(
      <ActionGate
        key="lose"
        permission={permission(session, 'lose-shipment')}
        label={t('shipmentActions.lose')}
      >
        <NoteAction kind="lose" shipment={shipment} onDone={onChanged} />
      </ActionGate>,
    );
  }
  return (
    <section className="detail-section" aria-labelledby="shipment-actions-title">
      <h3 id="shipment-actions-title">{t('shipmentActions.title')}</h3>
      {steps.length === 0 ? (
        <p className="muted">
          {t('shipmentActions.nothingLeft', { status: word(SHIPMENT_STATUS_IDS, shipment.status) })}
        </p>
      ) : (
        <div className="shipment-actions">{steps}</div>
      )}
    </section>
  );
}
