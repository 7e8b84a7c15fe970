import type { FormEvent } from 'react';
import type { FormOptions } from '../../api/useFormOptions.js';
import { formatDay } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { CLASSIFICATION_IDS, PRIORITY_IDS, word } from '../../i18n/words.js';
import { ItemField, QuantityField } from './CommonFields.js';
import { DateInput } from './DateInput.js';
import { Field } from './Field.js';
import { Select } from './Select.js';

export interface NeedFormValues {
  readonly recipient_org_id: string;
  readonly region_id: string;
  readonly item_id: string;
  readonly quantity: string;
  readonly priority: string;
  readonly needed_by: string;
  readonly justification: string;
  /** '' leaves the API's default (public); never lower than the API's floor, which refuses it. */
  readonly classification: string;
  /** YYYY-MM-DD or ''. */
  readonly embargo_until: string;
}

/** The inputs of the need form, in the order they appear (the first invalid one gets focus). */
export const NEED_FIELDS: readonly (keyof NeedFormValues)[] = [
  'recipient_org_id',
  'region_id',
  'item_id',
  'quantity',
  'priority',
  'needed_by',
  'justification',
  'classification',
  'embargo_until',
];

const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;

interface NeedFormProps {
  readonly values: NeedFormValues;
  readonly errors: Readonly<Record<string, string>>;
  readonly options: FormOptions;
  /** Editing cannot change who posted the need. */
  readonly editing: boolean;
  readonly saving: boolean;
  readonly onChange: (name: keyof NeedFormValues, value: string) => void;
  readonly onSubmit: () => void;
  /** The classifications the signed-in reader may set: up to their clearance. */
  readonly classifications: readonly string[];
  /** The earliest and latest needed-by day the form offers (YYYY-MM-DD). */
  readonly bounds: { readonly min: string; readonly max: string };
}

/** Recipient, region, item, quantity, priority, needed-by and justification of a need. */
export function NeedForm({
  values,
  errors,
  options,
  editing,
  saving,
  onChange,
  onSubmit,
  classifications,
  bounds,
}: NeedFormProps) {
  const t = useT();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    // The API validates; the browser's own checks would hide its messages.
    <form
      className="record-form"
      noValidate
      onSubmit={submit}
      aria-label={editing ? t('details.editNeed') : t('needs.new')}
    >
      <Field
        name="recipient_org_id"
        label={t('lists.col.recipient')}
        hint={t('needForm.recipientHint')}
        required
        error={errors.recipient_org_id}
      >
        {(control) => (
          <Select
            control={control}
            value={values.recipient_org_id}
            options={options.recipients}
            placeholder={t('needForm.chooseRecipient')}
            onChange={(value) => onChange('recipient_org_id', value)}
          />
        )}
      </Field>
      <Field name="region_id" label={t('lists.col.region')} required error={errors.region_id}>
        {(control) => (
          <Select
            control={control}
            value={values.region_id}
            options={options.regions}
            placeholder={t('needForm.chooseRegion')}
            onChange={(value) => onChange('region_id', value)}
          />
        )}
      </Field>
      <ItemField
        value={values.item_id}
        items={options.items}
        error={errors.item_id}
        onChange={(value) => onChange('item_id', value)}
      />
      <div className="record-form__row">
        <QuantityField
          value={values.quantity}
          hint={t('needForm.quantityHint')}
          error={errors.quantity}
          onChange={(value) => onChange('quantity', value)}
        />
        <Field name="priority" label={t('lists.col.priority')} required error={errors.priority}>
          {(control) => (
            <select
              {...control}
              value={values.priority}
              onChange={(event) => onChange('priority', event.target.value)}
            >
              {PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {word(PRIORITY_IDS, priority)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="needed_by"
          label={t('lists.col.neededBy')}
          hint={t('needForm.neededByHint', { min: formatDay(bounds.min), max: formatDay(bounds.max) })}
          required
          error={errors.needed_by}
        >
          {(control) => (
            <DateInput
              {...control}
              value={values.needed_by}
              onChange={(event) => onChange('needed_by', event.target.value)}
            />
          )}
        </Field>
      </div>
      <Field name="justification" label={t('details.field.justification')} error={errors.justification}>
        {(control) => (
          <textarea
            {...control}
            rows={3}
            maxLength={4000}
            value={values.justification}
            onChange={(event) => onChange('justification', event.target.value)}
          />
        )}
      </Field>
      <div className="record-form__row">
        <Field
          name="classification"
          label={t('details.field.classification')}
          hint={t('needForm.classificationHint')}
          error={errors.classification}
        >
          {(control) => (
            <select
              {...control}
              value={values.classification}
              onChange={(event) => onChange('classification', event.target.value)}
            >
              <option value="">{t('needForm.classificationDefault')}</option>
              {classifications.map((level) => (
                <option key={level} value={level}>
                  {word(CLASSIFICATION_IDS, level)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="embargo_until"
          label={t('needForm.embargo')}
          hint={t('needForm.embargoHint')}
          error={errors.embargo_until}
        >
          {(control) => (
            <input
              {...control}
              type="date"
              value={values.embargo_until}
              onChange={(event) => onChange('embargo_until', event.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="record-form__actions">
        <button type="submit" disabled={saving}>
          {saving ? t('needForm.saving') : editing ? t('needForm.save') : t('needForm.create')}
        </button>
      </div>
    </form>
  );
}
