import type { FormEvent } from 'react';
import type { FormOptions } from '../../api/useFormOptions.js';
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
}

/** Recipient, region, item, quantity, priority, needed-by and justification of a need. */
export function NeedForm({ values, errors, options, editing, saving, onChange, onSubmit }: NeedFormProps) {
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
      aria-label={editing ? 'Edit need' : 'New need'}
    >
      <Field name="recipient_org_id" label="Recipient" required error={errors.recipient_org_id}>
        {(control) => (
          <Select
            control={control}
            value={values.recipient_org_id}
            options={options.organisations}
            placeholder="Choose the receiving organisation"
            onChange={(value) => onChange('recipient_org_id', value)}
          />
        )}
      </Field>
      <Field name="region_id" label="Region" required error={errors.region_id}>
        {(control) => (
          <Select
            control={control}
            value={values.region_id}
            options={options.regions}
            placeholder="Choose a region"
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
          hint="In the unit of the item, greater than zero"
          error={errors.quantity}
          onChange={(value) => onChange('quantity', value)}
        />
        <Field name="priority" label="Priority" required error={errors.priority}>
          {(control) => (
            <select
              {...control}
              value={values.priority}
              onChange={(event) => onChange('priority', event.target.value)}
            >
              {PRIORITIES.map((priority) => (
                <option key={priority} value={priority}>
                  {priority}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="needed_by" label="Needed by" required error={errors.needed_by}>
          {(control) => (
            <DateInput
              {...control}
              value={values.needed_by}
              onChange={(event) => onChange('needed_by', event.target.value)}
            />
          )}
        </Field>
      </div>
      <Field name="justification" label="Justification" error={errors.justification}>
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
      <div className="record-form__actions">
        <button type="submit" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Create need'}
        </button>
      </div>
    </form>
  );
}
