import { useState } from 'react';
import { PledgeCreateSchema } from '../../../../src/core/pledges/pledge.schema.js';
import type { FieldProblem, Pledge } from '../../api/formsContract.js';
import { permission } from '../../api/permissions.js';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import { type FormOptions, useFormOptions, useNeedOptions } from '../../api/useFormOptions.js';
import { useSave } from '../../api/useSave.js';
import { useSession } from '../../api/useSession.js';
import { problemsOf } from '../../api/validate.js';
import { useReason } from '../../components/auth/ActionGate.js';
import { errorsByField, focusFirstInvalid } from '../../components/forms/fieldErrors.js';
import { PLEDGE_FIELDS, PledgeForm, type PledgeFormValues } from '../../components/forms/PledgeForm.js';
import { SaveProblem } from '../../components/forms/SaveProblem.js';
import { useT } from '../../i18n/index.js';
import { Link, navigate } from '../../router.js';

const EMPTY: PledgeFormValues = {
  donor_org_id: '',
  item_id: '',
  quantity: '',
  announced_on: '',
  event_id: '',
  available_from: '',
  value_amount: '',
  value_currency: 'EUR',
  need_id: '',
};

/** Empty inputs are left out (or null for optional ones) so the API names what is missing. */
function bodyOf(values: PledgeFormValues): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (values.donor_org_id) body.donor_org_id = values.donor_org_id;
  if (values.item_id) body.item_id = values.item_id;
  if (values.quantity.trim() !== '') {
    const quantity = Number(values.quantity);
    body.quantity = Number.isFinite(quantity) ? quantity : values.quantity;
  }
  if (values.announced_on) body.announced_on = values.announced_on;
  body.event_id = values.event_id || null;
  body.available_from = values.available_from || null;
  body.need_id = values.need_id || null;
  body.value =
    values.value_amount.trim() === ''
      ? null
      : { amount: values.value_amount.trim(), currency: values.value_currency.trim() };
  return body;
}

function PledgeEditor({ options }: { options: FormOptions }) {
  const t = useT();
  const [typed, setValues] = useState<PledgeFormValues>(EMPTY);
  // Announced on the day the data is as of (the demo's: 2022-11-24) unless another day is typed.
  const clock = useDataAsOf();
  const values =
    typed.announced_on === '' && clock.state === 'ready'
      ? { ...typed, announced_on: clock.data.as_of }
      : typed;
  const needs = useNeedOptions(values.item_id);
  const saver = useSave<Pledge>();
  // Problems found before sending, with the API's own schema; none sent until they are fixed.
  const [checked, setChecked] = useState<readonly FieldProblem[]>([]);
  const failed = saver.result && !saver.result.ok ? saver.result : undefined;
  const { byField, rest } = errorsByField(
    checked.length > 0 ? checked : (failed?.fieldErrors ?? []),
    PLEDGE_FIELDS,
  );

  const submit = async () => {
    const body = bodyOf(values);
    const local = problemsOf(PledgeCreateSchema, body);
    setChecked(local);
    if (local.length > 0) {
      focusFirstInvalid(PLEDGE_FIELDS, errorsByField(local, PLEDGE_FIELDS).byField);
      return;
    }
    const answer = await saver.save('/api/v1/pledges', body);
    if (answer.ok) {
      navigate(`/pledges/${answer.record.id}`);
      return;
    }
    focusFirstInvalid(PLEDGE_FIELDS, errorsByField(answer.fieldErrors, PLEDGE_FIELDS).byField);
  };

  return (
    <>
      {checked.length === 0 && failed ? <SaveProblem detail={failed.detail} rest={rest} /> : null}
      {checked.length > 0 && rest.length > 0 ? (
        <SaveProblem detail={t('pledgeForm.someInvalid')} rest={rest} />
      ) : null}
      <PledgeForm
        values={values}
        errors={byField}
        options={options}
        needOptions={needs.state === 'ready' ? needs.data : []}
        saving={saver.saving}
        onChange={(name, value) =>
          // A need belongs to one item: changing the item forgets the need.
          setValues((current) => ({
            ...current,
            [name]: value,
            ...(name === 'item_id' ? { need_id: '' } : {}),
          }))
        }
        onSubmit={() => void submit()}
      />
    </>
  );
}

/** /pledges/new: the pledge form, saving through the API. */
export default function PledgeFormPage() {
  const options = useFormOptions();
  const allowed = permission(useSession().state, 'create-pledge');
  const t = useT();
  const reason = useReason();
  return (
    <section className="panel form-page" aria-labelledby="pledge-form-title">
      <div className="panel__head">
        <h2 id="pledge-form-title">{t('pledgeForm.title')}</h2>
        <Link to="/pledges">{t('pledgeForm.cancel')}</Link>
      </div>
      {!allowed.allowed ? (
        <p className="notice notice--warn" role="note">
          {reason(allowed)}
        </p>
      ) : null}
      {allowed.allowed && options.state === 'loading' ? (
        <p className="muted">{t('pledgeForm.loadingChoices')}</p>
      ) : null}
      {allowed.allowed && options.state === 'error' ? <p role="alert">{options.detail}</p> : null}
      {allowed.allowed && options.state === 'ready' ? <PledgeEditor options={options.data} /> : null}
    </section>
  );
}
