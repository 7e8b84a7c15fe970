import { type FormEvent, useState } from 'react';
import type { ProductionLine } from '../../api/useCapacity.js';
import { useLookups } from '../../api/useLookups.js';
import { useSave, useVersioned } from '../../api/useSave.js';
import { useSession } from '../../api/useSession.js';
import { Field } from '../../components/forms/Field.js';
import { errorsByField, focusFirstInvalid } from '../../components/forms/fieldErrors.js';
import { SaveProblem } from '../../components/forms/SaveProblem.js';
import { RemoteState } from '../../components/RemoteState.js';
import { useT } from '../../i18n/index.js';
import { itemOptions, organisationName } from '../lists/names.js';

/** Inputs in form order; the API's field errors land beside them. */
const FIELDS = [
  'item_id',
  'name',
  'manufacturer',
  'manufacturer_org_id',
  'plant',
  'country_code',
  'capacity_schedule',
  'lead_time_months',
  'backlog',
  'coalition_share',
] as const;

interface Step {
  readonly from: string;
  readonly per_month: string;
}

interface Values {
  readonly item_id: string;
  readonly name: string;
  readonly manufacturer: string;
  readonly manufacturer_org_id: string;
  readonly plant: string;
  readonly country_code: string;
  readonly schedule: readonly Step[];
  readonly lead_time_months: string;
  readonly backlog: string;
  readonly coalition_share: string;
}

function valuesOf(line: ProductionLine | undefined, ownOrg: string | undefined): Values {
  return {
    item_id: line?.item_id ?? '',
    name: line?.name ?? '',
    manufacturer: line?.manufacturer ?? '',
    manufacturer_org_id: line?.manufacturer_org_id ?? ownOrg ?? '',
    plant: line?.plant ?? '',
    country_code: line?.country_code ?? '',
    schedule: line?.capacity_schedule.map((step) => ({
      from: step.from,
      per_month: String(step.per_month),
    })) ?? [{ from: '', per_month: '' }],
    lead_time_months: line ? String(line.lead_time_months) : '',
    backlog: line ? String(line.backlog) : '0',
    coalition_share: line ? String(line.coalition_share) : '',
  };
}

/** What is sent: numbers as numbers; an unparsable one goes as typed, so the API names the field. */
function bodyOf(values: Values) {
  const number = (text: string): number | string =>
    text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  return {
    item_id: values.item_id,
    name: values.name.trim(),
    manufacturer: values.manufacturer.trim(),
    manufacturer_org_id: values.manufacturer_org_id || null,
    plant: values.plant.trim() || null,
    country_code: values.country_code.trim().toUpperCase(),
    capacity_schedule: values.schedule.map((step) => ({
      from: step.from,
      per_month: number(step.per_month),
    })),
    lead_time_months: number(values.lead_time_months),
    backlog: number(values.backlog),
    coalition_share: number(values.coalition_share),
  };
}

interface LineFormProps {
  /** The line to change; undefined for a new one. */
  readonly line: ProductionLine | undefined;
  readonly onSaved: () => void;
  readonly onCancel: () => void;
}

/** Adds a production line, or changes one (with its ETag, so a change made meanwhile is not lost). */
export function LineForm({ line, onSaved, onCancel }: LineFormProps) {
  if (line === undefined)
    return <LineFields line={undefined} etag={undefined} onSaved={onSaved} onCancel={onCancel} />;
  return <EditLine line={line} onSaved={onSaved} onCancel={onCancel} />;
}

function EditLine({ line, onSaved, onCancel }: { line: ProductionLine } & Omit<LineFormProps, 'line'>) {
  const t = useT();
  const current = useVersioned<ProductionLine>(`/api/v1/production-lines/${encodeURIComponent(line.id)}`);
  return (
    <RemoteState remote={current} what={t('capacity.form.what')}>
      {({ record, etag }) => <LineFields line={record} etag={etag} onSaved={onSaved} onCancel={onCancel} />}
    </RemoteState>
  );
}

function LineFields({
  line,
  etag,
  onSaved,
  onCancel,
}: Omit<LineFormProps, 'line'> & { line: ProductionLine | undefined; etag: string | undefined }) {
  const t = useT();
  const lookups = useLookups();
  const session = useSession().state;
  const ownOrg =
    session.status === 'signed-in' && session.user.role === 'manufacturer' ? session.user.org_id : undefined;
  const [values, setValues] = useState<Values>(() => valuesOf(line, ownOrg));
  const saver = useSave<ProductionLine>();
  const failed = saver.result && !saver.result.ok ? saver.result : undefined;
  const { byField, rest } = errorsByField(failed?.fieldErrors ?? [], FIELDS);
  const set = (name: keyof Values, value: string) => setValues((old) => ({ ...old, [name]: value }));
  const setStep = (index: number, patch: Partial<Step>) =>
    setValues((old) => ({
      ...old,
      schedule: old.schedule.map((step, i) => (i === index ? { ...step, ...patch } : step)),
    }));
  const manufacturers = [...lookups.organisations.values()]
    .filter((org) => org.kind === 'manufacturer' || org.id === values.manufacturer_org_id)
    .map((org) => ({ value: org.id, label: organisationName(lookups, org.id) }));
  const title = line ? t('capacity.form.editTitle', { name: line.name }) : t('capacity.form.newTitle');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const url = line ? `/api/v1/production-lines/${encodeURIComponent(line.id)}` : '/api/v1/production-lines';
    const answer = await saver.save(url, bodyOf(values), etag);
    if (answer.ok) onSaved();
    else focusFirstInvalid(FIELDS, errorsByField(answer.fieldErrors, FIELDS).byField);
  }

  return (
    <form
      className="record-form capacity__line-form"
      noValidate
      onSubmit={(event) => void submit(event)}
      aria-label={title}
    >
      <h4>{title}</h4>
      {failed ? <SaveProblem detail={failed.detail} rest={rest} /> : null}
      <div className="record-form__row">
        <Field name="item_id" label={t('capacity.form.item')} required error={byField.item_id}>
          {(control) => (
            <select
              {...control}
              value={values.item_id}
              onChange={(event) => set('item_id', event.target.value)}
            >
              <option value="">{t('capacity.form.chooseItem')}</option>
              {itemOptions(lookups).map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="name" label={t('capacity.form.name')} required error={byField.name}>
          {(control) => (
            <input {...control} value={values.name} onChange={(event) => set('name', event.target.value)} />
          )}
        </Field>
      </div>
      <div className="record-form__row">
        <Field
          name="manufacturer"
          label={t('capacity.form.manufacturer')}
          required
          error={byField.manufacturer}
        >
          {(control) => (
            <input
              {...control}
              value={values.manufacturer}
              onChange={(event) => set('manufacturer', event.target.value)}
            />
          )}
        </Field>
        <Field
          name="manufacturer_org_id"
          label={t('capacity.form.manufacturerOrg')}
          error={byField.manufacturer_org_id}
        >
          {(control) => (
            <select
              {...control}
              value={values.manufacturer_org_id}
              disabled={ownOrg !== undefined}
              onChange={(event) => set('manufacturer_org_id', event.target.value)}
            >
              <option value="">{t('capacity.form.noOrg')}</option>
              {manufacturers.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <div className="record-form__row">
        <Field
          name="plant"
          label={t('capacity.form.plant')}
          hint={t('capacity.form.plantHint')}
          error={byField.plant}
        >
          {(control) => (
            <input {...control} value={values.plant} onChange={(event) => set('plant', event.target.value)} />
          )}
        </Field>
        <Field
          name="country_code"
          label={t('capacity.form.country')}
          hint={t('capacity.form.countryHint')}
          required
          error={byField.country_code}
        >
          {(control) => (
            <input
              {...control}
              value={values.country_code}
              maxLength={2}
              autoComplete="off"
              onChange={(event) => set('country_code', event.target.value)}
            />
          )}
        </Field>
      </div>
      <fieldset
        className="capacity__schedule"
        aria-describedby={byField.capacity_schedule ? 'schedule-error' : undefined}
      >
        <legend>{t('capacity.form.schedule')}</legend>
        <p className="form-field__hint">{t('capacity.form.scheduleHint')}</p>
        {values.schedule.map((step, index) => (
          // Steps have no id of their own; their place is what they are.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div key={index} className="record-form__row capacity__step">
            <div className="form-field">
              <label htmlFor={`step-${index}-from`}>{t('capacity.form.stepFrom', { n: index + 1 })}</label>
              <input
                id={`step-${index}-from`}
                type="month"
                value={step.from}
                onChange={(event) => setStep(index, { from: event.target.value })}
              />
            </div>
            <div className="form-field">
              <label htmlFor={`step-${index}-per-month`}>
                {t('capacity.form.stepPerMonth', { n: index + 1 })}
              </label>
              <input
                id={`step-${index}-per-month`}
                inputMode="decimal"
                value={step.per_month}
                onChange={(event) => setStep(index, { per_month: event.target.value })}
              />
            </div>
            {values.schedule.length > 1 ? (
              <button
                type="button"
                className="capacity__step-remove"
                onClick={() =>
                  setValues((old) => ({ ...old, schedule: old.schedule.filter((_, i) => i !== index) }))
                }
              >
                {t('capacity.form.removeStep', { n: index + 1 })}
              </button>
            ) : null}
          </div>
        ))}
        <button
          type="button"
          onClick={() =>
            setValues((old) => ({ ...old, schedule: [...old.schedule, { from: '', per_month: '' }] }))
          }
        >
          {t('capacity.form.addStep')}
        </button>
        {byField.capacity_schedule ? (
          <p id="schedule-error" className="form-field__error">
            {byField.capacity_schedule}
          </p>
        ) : null}
      </fieldset>
      <div className="record-form__row">
        <Field
          name="lead_time_months"
          label={t('capacity.form.lead')}
          required
          error={byField.lead_time_months}
        >
          {(control) => (
            <input
              {...control}
              inputMode="numeric"
              value={values.lead_time_months}
              onChange={(event) => set('lead_time_months', event.target.value)}
            />
          )}
        </Field>
        <Field name="backlog" label={t('capacity.form.backlog')} error={byField.backlog}>
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              value={values.backlog}
              onChange={(event) => set('backlog', event.target.value)}
            />
          )}
        </Field>
        <Field
          name="coalition_share"
          label={t('capacity.form.share')}
          hint={t('capacity.form.shareHint')}
          required
          error={byField.coalition_share}
        >
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              value={values.coalition_share}
              onChange={(event) => set('coalition_share', event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="record-form__actions capacity__form-actions">
        <button type="submit" disabled={saver.saving}>
          {saver.saving ? t('capacity.form.saving') : t('capacity.form.save')}
        </button>
        <button type="button" className="capacity__cancel" onClick={onCancel}>
          {t('capacity.form.cancel')}
        </button>
      </div>
    </form>
  );
}
