import type { FormEvent } from 'react';
import type { FormOptions, Option } from '../../api/useFormOptions.js';
import { useT } from '../../i18n/index.js';
import { ItemField, QuantityField } from './CommonFields.js';
import { DateInput } from './DateInput.js';
import { Field } from './Field.js';
import { Select } from './Select.js';

export interface PledgeFormValues {
  readonly donor_org_id: string;
  readonly item_id: string;
  readonly quantity: string;
  readonly announced_on: string;
  readonly event_id: string;
  readonly available_from: string;
  readonly value_amount: string;
  readonly value_currency: string;
  readonly need_id: string;
}

/** Form inputs in order; `value` errors from the API land on the amount input. */
export const PLEDGE_FIELDS: readonly string[] = [
  'donor_org_id',
  'item_id',
  'quantity',
  'announced_on',
  'event_id',
  'available_from',
  'value',
  'need_id',
];

interface PledgeFormProps {
  readonly values: PledgeFormValues;
  readonly errors: Readonly<Record<string, string>>;
  readonly options: FormOptions;
  readonly needOptions: readonly Option[];
  readonly saving: boolean;
  readonly onChange: (name: keyof PledgeFormValues, value: string) => void;
  readonly onSubmit: () => void;
}

/** Donor, item, quantity, dates, event, value and the need a pledge answers. */
export function PledgeForm({
  values,
  errors,
  options,
  needOptions,
  saving,
  onChange,
  onSubmit,
}: PledgeFormProps) {
  const t = useT();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="record-form" noValidate onSubmit={submit} aria-label={t('pledgeForm.title')}>
      <Field name="donor_org_id" label={t('pledgeForm.donor')} required error={errors.donor_org_id}>
        {(control) => (
          <Select
            control={control}
            value={values.donor_org_id}
            options={options.organisations}
            placeholder={t('pledgeForm.chooseDonor')}
            onChange={(value) => onChange('donor_org_id', value)}
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
          hint={t('pledgeForm.quantityHint')}
          error={errors.quantity}
          onChange={(value) => onChange('quantity', value)}
        />
        <Field name="announced_on" label={t('pledgeForm.announcedOn')} required error={errors.announced_on}>
          {(control) => (
            <DateInput
              {...control}
              value={values.announced_on}
              onChange={(event) => onChange('announced_on', event.target.value)}
            />
          )}
        </Field>
        <Field name="available_from" label={t('pledgeForm.availableFrom')} error={errors.available_from}>
          {(control) => (
            <DateInput
              {...control}
              value={values.available_from}
              onChange={(event) => onChange('available_from', event.target.value)}
            />
          )}
        </Field>
      </div>
      <Field name="event_id" label={t('pledgeForm.event')} error={errors.event_id}>
        {(control) => (
          <Select
            control={control}
            value={values.event_id}
            options={options.events}
            placeholder={t('pledgeForm.noEvent')}
            onChange={(value) => onChange('event_id', value)}
          />
        )}
      </Field>
      <div className="record-form__row">
        <Field
          name="value"
          label={t('pledgeForm.value')}
          hint={t('pledgeForm.valueHint')}
          error={errors.value}
        >
          {(control) => (
            <input
              {...control}
              inputMode="decimal"
              value={values.value_amount}
              onChange={(event) => onChange('value_amount', event.target.value)}
            />
          )}
        </Field>
        <div className="form-field">
          <label htmlFor="field-value-currency">{t('pledgeForm.currency')}</label>
          <input
            id="field-value-currency"
            name="value_currency"
            maxLength={3}
            value={values.value_currency}
            onChange={(event) => onChange('value_currency', event.target.value.toUpperCase())}
          />
        </div>
      </div>
      <Field
        name="need_id"
        label={t('pledgeForm.need')}
        hint={t('pledgeForm.needHint')}
        error={errors.need_id}
      >
        {(control) => (
          <Select
            control={control}
            value={values.need_id}
            options={needOptions}
            placeholder={t('pledgeForm.noNeed')}
            onChange={(value) => onChange('need_id', value)}
          />
        )}
      </Field>
      <div className="record-form__actions">
        <button type="submit" disabled={saving}>
          {saving ? t('pledgeForm.saving') : t('pledgeForm.create')}
        </button>
      </div>
    </form>
  );
}
