import type { FormEvent } from 'react';
import type { Option } from '../../api/useFormOptions.js';
import { useT } from '../../i18n/index.js';
import { CLASSIFICATION_IDS, word } from '../../i18n/words.js';
import { DateInput } from './DateInput.js';
import { Field } from './Field.js';
import { Select } from './Select.js';

export interface ImpactValues {
  readonly region_id: string;
  readonly service: string;
  readonly people_affected: string;
  /** YYYY-MM-DD or '' (nobody can say yet). */
  readonly restoration_expected_on: string;
}

export interface DamageValues {
  readonly region_id: string;
  readonly asset_kind: string;
  readonly asset_class: string;
  readonly count: string;
}

export interface IncidentFormValues {
  readonly title: string;
  readonly kind: string;
  /** YYYY-MM-DD and HH:MM, in UTC. */
  readonly occurred_day: string;
  readonly occurred_time: string;
  readonly status: string;
  readonly description: string;
  readonly owner_org_id: string;
  readonly classification: string;
  readonly impacts: readonly ImpactValues[];
  readonly damage: readonly DamageValues[];
}

/** A choice of an API value, worded in the language on screen. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

interface Props {
  readonly values: IncidentFormValues;
  readonly errors: Readonly<Record<string, string>>;
  readonly regions: readonly Option[];
  readonly organisations: readonly Option[];
  readonly kinds: readonly Choice[];
  readonly statuses: readonly Choice[];
  readonly services: readonly Choice[];
  readonly classifications: readonly string[];
  readonly editing: boolean;
  readonly saving: boolean;
  readonly onChange: (values: IncidentFormValues) => void;
  readonly onSubmit: () => void;
}

export const EMPTY_IMPACT: ImpactValues = {
  region_id: '',
  service: 'heat',
  people_affected: '',
  restoration_expected_on: '',
};
export const EMPTY_DAMAGE: DamageValues = { region_id: '', asset_kind: '', asset_class: '', count: '1' };

/** The input names of the form in order, rows included (the first invalid one gets focus). */
export function incidentFieldNames(values: IncidentFormValues): string[] {
  return [
    'title',
    'kind',
    'occurred_at',
    'status',
    'description',
    'owner_org_id',
    'classification',
    ...values.impacts.flatMap((_, index) =>
      ['region_id', 'service', 'people_affected', 'restoration_expected_on'].map(
        (name) => `impacts.${index}.${name}`,
      ),
    ),
    ...values.damage.flatMap((_, index) =>
      ['region_id', 'asset_kind', 'asset_class', 'count'].map((name) => `damage.${index}.${name}`),
    ),
    'impacts',
    'damage',
  ];
}

/** What happened, when, to whom: people without each service and the damaged assets, per region. */
export function IncidentForm(props: Props) {
  const { values, errors, regions, editing, saving, onChange, onSubmit } = props;
  const t = useT();
  const set = (patch: Partial<IncidentFormValues>) => onChange({ ...values, ...patch });
  const setImpact = (index: number, patch: Partial<ImpactValues>) =>
    set({ impacts: values.impacts.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  const setDamage = (index: number, patch: Partial<DamageValues>) =>
    set({ damage: values.damage.map((row, at) => (at === index ? { ...row, ...patch } : row)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form
      className="record-form"
      noValidate
      onSubmit={submit}
      aria-label={editing ? t('incidentForm.editTitle') : t('incidentForm.newTitle')}
    >
      <Field name="title" label={t('incidentForm.title')} required error={errors.title}>
        {(control) => (
          <input
            {...control}
            maxLength={300}
            value={values.title}
            onChange={(e) => set({ title: e.target.value })}
          />
        )}
      </Field>
      <div className="record-form__row">
        <Field name="kind" label={t('incidentForm.kind')} required error={errors.kind}>
          {(control) => (
            <select {...control} value={values.kind} onChange={(e) => set({ kind: e.target.value })}>
              {props.kinds.map((kind) => (
                <option key={kind.value} value={kind.value}>
                  {kind.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="occurred_at"
          label={t('incidentForm.day')}
          hint={t('incidentForm.dayHint')}
          required
          error={errors.occurred_at}
        >
          {(control) => (
            <DateInput
              {...control}
              value={values.occurred_day}
              onChange={(e) => set({ occurred_day: e.target.value })}
            />
          )}
        </Field>
        <Field
          name="occurred_time"
          label={t('incidentForm.time')}
          hint={t('incidentForm.timeHint')}
          error={undefined}
        >
          {(control) => (
            <input
              {...control}
              type="time"
              value={values.occurred_time}
              onChange={(e) => set({ occurred_time: e.target.value })}
            />
          )}
        </Field>
        <Field name="status" label={t('incidentForm.status')} error={errors.status}>
          {(control) => (
            <select {...control} value={values.status} onChange={(e) => set({ status: e.target.value })}>
              {props.statuses.map((status) => (
                <option key={status.value} value={status.value}>
                  {status.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field name="description" label={t('incidentForm.description')} error={errors.description}>
        {(control) => (
          <textarea
            {...control}
            rows={3}
            maxLength={4000}
            value={values.description}
            onChange={(e) => set({ description: e.target.value })}
          />
        )}
      </Field>
      <div className="record-form__row">
        {editing ? null : (
          <Field
            name="owner_org_id"
            label={t('incidentForm.owner')}
            hint={t('incidentForm.ownerHint')}
            required
            error={errors.owner_org_id}
          >
            {(control) => (
              <Select
                control={control}
                value={values.owner_org_id}
                options={props.organisations}
                placeholder={t('incidentForm.chooseOwner')}
                onChange={(value) => set({ owner_org_id: value })}
              />
            )}
          </Field>
        )}
        <Field name="classification" label={t('incidentForm.classification')} error={errors.classification}>
          {(control) => (
            <select
              {...control}
              value={values.classification}
              onChange={(e) => set({ classification: e.target.value })}
            >
              <option value="">{t('incidentForm.classificationDefault')}</option>
              {props.classifications.map((level) => (
                <option key={level} value={level}>
                  {word(CLASSIFICATION_IDS, level)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <fieldset className="incident-rows">
        <legend>{t('incidentForm.impacts')}</legend>
        <p className="form-field__hint">{t('incidentForm.impactsHint')}</p>
        {errors.impacts ? <p className="form-field__error">{errors.impacts}</p> : null}
        {values.impacts.map((impact, index) => (
          // Rows have no identity of their own until saved; the index is their name in the API's errors.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <div className="record-form__row incident-row" key={index}>
            <Field
              name={`impacts.${index}.region_id`}
              label={t('incidentForm.region', { row: index + 1 })}
              required
              error={errors[`impacts.${index}.region_id`]}
            >
              {(control) => (
                <Select
                  control={control}
                  value={impact.region_id}
                  options={regions}
                  placeholder={t('incidentForm.chooseRegion')}
                  onChange={(value) => setImpact(index, { region_id: value })}
                />
              )}
            </Field>
            <Field
              name={`impacts.${index}.service`}
              label={t('incidentForm.service', { row: index + 1 })}
              required
              error={errors[`impacts.${index}.service`]}
            >
              {(control) => (
                <select
                  {...control}
                  value={impact.service}
                  onChange={(e) => setImpact(index, { service: e.target.value })}
                >
                  {props.services.map((service) => (
                    <option key={service.value} value={service.value}>
                      {service.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              name={`impacts.${index}.people_affected`}
              label={t('incidentForm.people', { row: index + 1 })}
              required
              error={errors[`impacts.${index}.people_affected`]}
            >
              {(control) => (
                <input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  min="0"
                  step="1"
                  value={impact.people_affected}
                  onChange={(e) => setImpact(index, { people_affected: e.target.value })}
                />
              )}
            </Field>
            <Field
              name={`impacts.${index}.restoration_expected_on`}
              label={t('incidentForm.restoration', { row: index + 1 })}
              hint={t('incidentForm.restorationHint')}
              error={errors[`impacts.${index}.restoration_expected_on`]}
            >
              {(control) => (
                <DateInput
                  {...control}
                  value={impact.restoration_expected_on}
                  onChange={(e) => setImpact(index, { restoration_expected_on: e.target.value })}
                />
              )}
            </Field>
            <button
              type="button"
              className="incident-row__remove"
              onClick={() => set({ impacts: values.impacts.filter((_, at) => at !== index) })}
            >
              {t('incidentForm.removeImpact', { row: index + 1 })}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set({ impacts: [...values.impacts, EMPTY_IMPACT] })}>
          {t('incidentForm.addImpact')}
        </button>
      </fieldset>

      <fieldset className="incident-rows">
        <legend>{t('incidentForm.damage')}</legend>
        <p className="form-field__hint">{t('incidentForm.damageHint')}</p>
        {errors.damage ? <p className="form-field__error">{errors.damage}</p> : null}
        {values.damage.map((damage, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are named by their index in the API's errors
          <div className="record-form__row incident-row" key={index}>
            <Field
              name={`damage.${index}.region_id`}
              label={t('incidentForm.region', { row: index + 1 })}
              required
              error={errors[`damage.${index}.region_id`]}
            >
              {(control) => (
                <Select
                  control={control}
                  value={damage.region_id}
                  options={regions}
                  placeholder={t('incidentForm.chooseRegion')}
                  onChange={(value) => setDamage(index, { region_id: value })}
                />
              )}
            </Field>
            <Field
              name={`damage.${index}.asset_kind`}
              label={t('incidentForm.assetKind', { row: index + 1 })}
              hint={t('incidentForm.assetKindHint')}
              required
              error={errors[`damage.${index}.asset_kind`]}
            >
              {(control) => (
                <input
                  {...control}
                  value={damage.asset_kind}
                  onChange={(e) => setDamage(index, { asset_kind: e.target.value })}
                />
              )}
            </Field>
            <Field
              name={`damage.${index}.asset_class`}
              label={t('incidentForm.assetClass', { row: index + 1 })}
              error={errors[`damage.${index}.asset_class`]}
            >
              {(control) => (
                <input
                  {...control}
                  value={damage.asset_class}
                  onChange={(e) => setDamage(index, { asset_class: e.target.value })}
                />
              )}
            </Field>
            <Field
              name={`damage.${index}.count`}
              label={t('incidentForm.count', { row: index + 1 })}
              required
              error={errors[`damage.${index}.count`]}
            >
              {(control) => (
                <input
                  {...control}
                  type="number"
                  inputMode="numeric"
                  min="1"
                  step="1"
                  value={damage.count}
                  onChange={(e) => setDamage(index, { count: e.target.value })}
                />
              )}
            </Field>
            <button
              type="button"
              className="incident-row__remove"
              onClick={() => set({ damage: values.damage.filter((_, at) => at !== index) })}
            >
              {t('incidentForm.removeDamage', { row: index + 1 })}
            </button>
          </div>
        ))}
        <button type="button" onClick={() => set({ damage: [...values.damage, EMPTY_DAMAGE] })}>
          {t('incidentForm.addDamage')}
        </button>
      </fieldset>

      <div className="record-form__actions">
        <button type="submit" disabled={saving}>
          {saving ? t('incidentForm.saving') : editing ? t('incidentForm.save') : t('incidentForm.create')}
        </button>
      </div>
    </form>
  );
}
