import { useState } from 'react';
import { CLASSIFICATIONS } from '../../../../src/core/auth/actor.js';
import { NeedCreateSchema, NeedPatchSchema } from '../../../../src/core/needs/need.schema.js';
import type { FieldProblem, Need } from '../../api/formsContract.js';
import { permission } from '../../api/permissions.js';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import { type FormOptions, useFormOptions } from '../../api/useFormOptions.js';
import { useSave, useVersioned, type Versioned } from '../../api/useSave.js';
import { useSession } from '../../api/useSession.js';
import { problemsOf } from '../../api/validate.js';
import { useReason } from '../../components/auth/ActionGate.js';
import { errorsByField, focusFirstInvalid } from '../../components/forms/fieldErrors.js';
import { NEED_FIELDS, NeedForm, type NeedFormValues } from '../../components/forms/NeedForm.js';
import { SaveProblem } from '../../components/forms/SaveProblem.js';
import { formatDay } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { Link, navigate } from '../../router.js';
import type { PageProps } from '../../routes.js';

const EMPTY: NeedFormValues = {
  recipient_org_id: '',
  region_id: '',
  item_id: '',
  quantity: '',
  priority: 'high',
  needed_by: '',
  justification: '',
  classification: '',
  embargo_until: '',
};

/** The day `years` years from `day` (YYYY-MM-DD). */
function addYears(day: string, years: number): string {
  return `${String(Number(day.slice(0, 4)) + years).padStart(4, '0')}${day.slice(4, 10)}`;
}

function valuesOf(need: Need): NeedFormValues {
  return {
    recipient_org_id: need.recipient_org_id,
    region_id: need.region_id,
    item_id: need.item_id,
    quantity: String(need.quantity),
    priority: need.priority,
    needed_by: need.needed_by,
    justification: need.justification ?? '',
    classification: need.classification,
    embargo_until: need.embargo_until ?? '',
  };
}

/**
 * The body to send: empty inputs are left out so that the API names the missing field, and
 * text the API would reject stays as typed so that it says why.
 */
function bodyOf(values: NeedFormValues, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (!editing && values.recipient_org_id) body.recipient_org_id = values.recipient_org_id;
  if (values.region_id) body.region_id = values.region_id;
  if (values.item_id) body.item_id = values.item_id;
  if (values.quantity.trim() !== '') {
    const quantity = Number(values.quantity);
    body.quantity = Number.isFinite(quantity) ? quantity : values.quantity;
  }
  body.priority = values.priority;
  if (values.needed_by) body.needed_by = values.needed_by;
  body.justification = values.justification.trim() === '' ? null : values.justification;
  if (values.classification) body.classification = values.classification;
  if (values.embargo_until || editing) body.embargo_until = values.embargo_until || null;
  return body;
}

function NeedEditor({ options, initial }: { options: FormOptions; initial?: Versioned<Need> }) {
  const t = useT();
  const { state: session } = useSession();
  const clock = useDataAsOf();
  const today = clock.state === 'ready' ? clock.data.as_of : new Date().toISOString().slice(0, 10);
  const bounds = { min: addYears(today, -1), max: addYears(today, 5) };
  const clearance = session.status === 'signed-in' ? session.user.clearance : 'public';
  const classifications = CLASSIFICATIONS.slice(0, CLASSIFICATIONS.indexOf(clearance) + 1);
  const editing = initial !== undefined;
  const [values, setValues] = useState<NeedFormValues>(initial ? valuesOf(initial.record) : EMPTY);
  const saver = useSave<Need>();
  // Problems found before sending, with the API's own schema; none sent until they are fixed.
  const [checked, setChecked] = useState<readonly FieldProblem[]>([]);
  const failed = saver.result && !saver.result.ok ? saver.result : undefined;
  const { byField, rest } = errorsByField(
    checked.length > 0 ? checked : (failed?.fieldErrors ?? []),
    NEED_FIELDS,
  );

  const submit = async () => {
    const body = bodyOf(values, editing);
    const local = [
      ...problemsOf(editing ? NeedPatchSchema : NeedCreateSchema, body),
      // A due date in 1999 or in 2099 is a typing slip: said before sending, with the bounds.
      ...(values.needed_by && (values.needed_by < bounds.min || values.needed_by > bounds.max)
        ? [
            {
              field: 'needed_by',
              message: t('needForm.neededByBounds', {
                min: formatDay(bounds.min),
                max: formatDay(bounds.max),
              }),
            },
          ]
        : []),
    ];
    setChecked(local);
    if (local.length > 0) {
      focusFirstInvalid(NEED_FIELDS, errorsByField(local, NEED_FIELDS).byField);
      return;
    }
    const answer = initial
      ? await saver.save(`/api/v1/needs/${initial.record.id}`, body, initial.etag)
      : await saver.save('/api/v1/needs', body);
    if (answer.ok) {
      navigate(`/needs/${answer.record.id}`);
      return;
    }
    focusFirstInvalid(NEED_FIELDS, errorsByField(answer.fieldErrors, NEED_FIELDS).byField);
  };

  return (
    <>
      {checked.length === 0 && failed ? <SaveProblem detail={failed.detail} rest={rest} /> : null}
      {checked.length > 0 && rest.length > 0 ? (
        <SaveProblem detail={t('needForm.someInvalid')} rest={rest} />
      ) : null}
      <NeedForm
        values={values}
        errors={byField}
        options={options}
        editing={editing}
        saving={saver.saving}
        onChange={(name, value) => setValues((current) => ({ ...current, [name]: value }))}
        onSubmit={() => void submit()}
        classifications={classifications}
        bounds={bounds}
      />
    </>
  );
}

function EditNeed({ id, options }: { id: string; options: FormOptions }) {
  const t = useT();
  const need = useVersioned<Need>(`/api/v1/needs/${encodeURIComponent(id)}`);
  if (need.state === 'loading') return <p className="muted">{t('needForm.loadingNeed')}</p>;
  if (need.state === 'error') return <p role="alert">{need.detail}</p>;
  return <NeedEditor key={need.data.etag} options={options} initial={need.data} />;
}

/** /needs/new and /needs/:id/edit: the need form, saving through the API. */
export default function NeedFormPage({ params }: PageProps) {
  const t = useT();
  const reason = useReason();
  const options = useFormOptions();
  const id = params.id;
  const allowed = permission(useSession().state, id ? 'edit-need' : 'create-need');
  return (
    <section className="panel form-page" aria-labelledby="need-form-title">
      <div className="panel__head">
        <h2 id="need-form-title">{id ? t('details.editNeed') : t('needs.new')}</h2>
        <Link to={id ? `/needs/${id}` : '/needs'}>{t('needForm.cancel')}</Link>
      </div>
      {!allowed.allowed ? (
        <p className="notice notice--warn" role="note">
          {reason(allowed)}
        </p>
      ) : null}
      {allowed.allowed && options.state === 'loading' ? (
        <p className="muted">{t('needForm.loadingChoices')}</p>
      ) : null}
      {allowed.allowed && options.state === 'error' ? <p role="alert">{options.detail}</p> : null}
      {allowed.allowed && options.state === 'ready' ? (
        id ? (
          <EditNeed id={id} options={options.data} />
        ) : (
          <NeedEditor options={options.data} />
        )
      ) : null}
    </section>
  );
}
