import { type FormEvent, useState } from 'react';
import { ShipmentCreateSchema } from '../../../../src/core/shipments/shipment.schema.js';
import type { Shipment } from '../../api/contract.js';
import type { FieldProblem } from '../../api/formsContract.js';
import { permission } from '../../api/permissions.js';
import type { SessionUser } from '../../api/session.js';
import { type Lookups, useLookups } from '../../api/useLookups.js';
import { useSave } from '../../api/useSave.js';
import { useSession } from '../../api/useSession.js';
import { useAllocationChoices } from '../../api/useShipments.js';
import { problemsOf } from '../../api/validate.js';
import { useReason } from '../../components/auth/ActionGate.js';
import { DateInput } from '../../components/forms/DateInput.js';
import { Field } from '../../components/forms/Field.js';
import { errorsByField, focusFirstInvalid } from '../../components/forms/fieldErrors.js';
import { SaveProblem } from '../../components/forms/SaveProblem.js';
import { Select } from '../../components/forms/Select.js';
import { useT } from '../../i18n/index.js';
import { Link, navigate } from '../../router.js';
import { organisationName, regionOptions } from '../lists/names.js';
import { allocationLabel } from './AllocationField.js';

interface Values {
  readonly destination_region_id: string;
  readonly allocation_id: string;
  readonly quantity: string;
  readonly reference: string;
  readonly origin_hub: string;
  readonly eta: string;
  readonly owner_org_id: string;
}

/** Inputs in form order, named as the API names the fields of its body. */
const FIELDS: readonly string[] = [
  'destination_region_id',
  'lines.0.allocation_id',
  'lines.0.quantity',
  'reference',
  'origin_hub',
  'eta',
  'owner_org_id',
];

/** Empty inputs are left out so the API (and the same schema here) names what is missing. */
function bodyOf(values: Values): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (values.reference.trim()) body.reference = values.reference.trim();
  if (values.origin_hub.trim()) body.origin_hub = values.origin_hub.trim();
  if (values.destination_region_id) body.destination_region_id = values.destination_region_id;
  if (values.owner_org_id) body.owner_org_id = values.owner_org_id;
  body.eta = values.eta.trim() === '' ? null : values.eta.trim();
  // The first line is optional: more can be added on the shipment's page while it is preparing.
  if (values.allocation_id || values.quantity.trim()) {
    const quantity = Number(values.quantity);
    body.lines = [
      {
        ...(values.allocation_id ? { allocation_id: values.allocation_id } : {}),
        ...(values.quantity.trim()
          ? { quantity: Number.isFinite(quantity) ? quantity : values.quantity }
          : {}),
      },
    ];
  }
  return body;
}

/** The organisations the reader may name as owner: a donor its own, a coordinator any. */
function ownerOptions(lookups: Lookups, user: SessionUser) {
  const ids = user.role === 'coordinator' ? [...lookups.organisations.keys()] : [user.org_id];
  return ids
    .map((id) => ({ value: id, label: organisationName(lookups, id) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

function ShipmentEditor({ user }: { user: SessionUser }) {
  const t = useT();
  const lookups = useLookups();
  const [values, setValues] = useState<Values>({
    destination_region_id: '',
    allocation_id: '',
    quantity: '',
    reference: '',
    origin_hub: '',
    eta: '',
    owner_org_id: user.org_id,
  });
  const choices = useAllocationChoices(
    values.destination_region_id,
    user.role === 'donor' ? user.org_id : undefined,
  );
  const options = choices.state === 'ready' ? choices.data : [];
  const saver = useSave<Shipment>();
  const [checked, setChecked] = useState<readonly FieldProblem[]>([]);
  const failed = saver.result && !saver.result.ok ? saver.result : undefined;
  const { byField, rest } = errorsByField(checked.length > 0 ? checked : (failed?.fieldErrors ?? []), FIELDS);
  const set = (name: keyof Values, value: string) => setValues((current) => ({ ...current, [name]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = bodyOf(values);
    const local = problemsOf(ShipmentCreateSchema, body);
    setChecked(local);
    if (local.length > 0) {
      focusFirstInvalid(FIELDS, errorsByField(local, FIELDS).byField);
      return;
    }
    const answer = await saver.save('/api/v1/shipments', body);
    if (answer.ok) {
      navigate(`/shipments/${answer.record.id}`);
      return;
    }
    focusFirstInvalid(FIELDS, errorsByField(answer.fieldErrors, FIELDS).byField);
  };

  return (
    <>
      {checked.length === 0 && failed ? <SaveProblem detail={failed.detail} rest={rest} /> : null}
      {checked.length > 0 && rest.length > 0 ? (
        <SaveProblem detail={t('shipmentForm.someInvalid')} rest={rest} />
      ) : null}
      <form className="record-form" onSubmit={(event) => void submit(event)} noValidate>
        <Field
          name="destination_region_id"
          label={t('shipmentForm.destination')}
          hint={t('shipmentForm.destinationHint')}
          error={byField.destination_region_id}
          required
        >
          {(control) => (
            <Select
              control={control}
              value={values.destination_region_id}
              options={regionOptions(lookups)}
              placeholder={t('shipmentForm.chooseRegion')}
              // The allocations offered depend on the region: a new region forgets the chosen one.
              onChange={(value) =>
                setValues((current) => ({
                  ...current,
                  destination_region_id: value,
                  allocation_id: '',
                  quantity: '',
                }))
              }
            />
          )}
        </Field>
        <fieldset className="shipment-form__line">
          <legend>{t('shipmentForm.firstLine')}</legend>
          <Field
            name="lines.0.allocation_id"
            label={t('shipmentActions.allocation')}
            hint={
              !values.destination_region_id
                ? t('shipmentForm.regionFirst')
                : choices.state === 'loading'
                  ? t('shipmentActions.loadingAllocations')
                  : options.length === 0
                    ? t('shipmentActions.noAllocations')
                    : t('shipmentActions.allocationHint')
            }
            error={
              byField['lines.0.allocation_id'] ?? (choices.state === 'error' ? choices.detail : undefined)
            }
          >
            {(control) => (
              <Select
                control={control}
                value={values.allocation_id}
                options={options.map((choice) => ({
                  value: choice.allocation.id,
                  label: allocationLabel(lookups, choice),
                }))}
                placeholder={t('shipmentActions.chooseAllocation')}
                onChange={(value) => {
                  const chosen = options.find((choice) => choice.allocation.id === value);
                  setValues((current) => ({
                    ...current,
                    allocation_id: value,
                    quantity: chosen ? String(chosen.unshipped) : current.quantity,
                  }));
                }}
              />
            )}
          </Field>
          <Field
            name="lines.0.quantity"
            label={t('shipmentActions.quantity')}
            error={byField['lines.0.quantity']}
          >
            {(control) => (
              <input
                {...control}
                inputMode="decimal"
                value={values.quantity}
                onChange={(event) => set('quantity', event.target.value)}
              />
            )}
          </Field>
        </fieldset>
        <div className="record-form__row">
          <Field
            name="reference"
            label={t('shipmentForm.reference')}
            hint={t('shipmentForm.referenceHint')}
            error={byField.reference}
            required
          >
            {(control) => (
              <input
                {...control}
                maxLength={100}
                value={values.reference}
                onChange={(event) => set('reference', event.target.value)}
              />
            )}
          </Field>
          <Field
            name="origin_hub"
            label={t('shipmentForm.originHub')}
            hint={t('shipmentForm.originHubHint')}
            error={byField.origin_hub}
            required
          >
            {(control) => (
              <input
                {...control}
                maxLength={200}
                value={values.origin_hub}
                onChange={(event) => set('origin_hub', event.target.value)}
              />
            )}
          </Field>
          <Field name="eta" label={t('shipmentForm.eta')} error={byField.eta}>
            {(control) => (
              <DateInput
                {...control}
                value={values.eta}
                onChange={(event) => set('eta', event.target.value)}
              />
            )}
          </Field>
        </div>
        <Field
          name="owner_org_id"
          label={t('shipmentForm.owner')}
          hint={t('shipmentForm.ownerHint')}
          error={byField.owner_org_id}
          required
        >
          {(control) => (
            <Select
              control={control}
              value={values.owner_org_id}
              options={ownerOptions(lookups, user)}
              placeholder={t('shipmentForm.chooseOwner')}
              onChange={(value) => set('owner_org_id', value)}
            />
          )}
        </Field>
        <div className="record-form__actions">
          <button type="submit" disabled={saver.saving}>
            {saver.saving ? t('shipmentForm.saving') : t('shipmentForm.create')}
          </button>
        </div>
      </form>
    </>
  );
}

/** /shipments/new: prepare a shipment against accepted allocations; it is dispatched from its page. */
export default function ShipmentFormPage() {
  const t = useT();
  const reason = useReason();
  const { state: session } = useSession();
  const allowed = permission(session, 'create-shipment');
  return (
    <section className="panel form-page" aria-labelledby="shipment-form-title">
      <div className="panel__head">
        <h2 id="shipment-form-title">{t('shipmentForm.title')}</h2>
        <Link to="/shipments">{t('shipmentForm.cancel')}</Link>
      </div>
      <p className="muted">{t('shipmentForm.intro')}</p>
      {!allowed.allowed ? (
        <p className="notice notice--warn" role="note">
          {reason(allowed)}
        </p>
      ) : null}
      {allowed.allowed && session.status === 'signed-in' ? <ShipmentEditor user={session.user} /> : null}
    </section>
  );
}
