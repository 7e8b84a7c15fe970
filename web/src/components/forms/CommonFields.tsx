import type { Option } from '../../api/useFormOptions.js';
import { useT } from '../../i18n/index.js';
import { Field } from './Field.js';
import { Select } from './Select.js';

interface ItemFieldProps {
  readonly value: string;
  readonly items: readonly Option[];
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
}

/** The catalogue item a need or pledge is about. */
export function ItemField({ value, items, error, onChange }: ItemFieldProps) {
  const t = useT();
  return (
    <Field name="item_id" label={t('lists.col.item')} required error={error}>
      {(control) => (
        <Select
          control={control}
          value={value}
          options={items}
          placeholder={t('needForm.chooseItem')}
          onChange={onChange}
        />
      )}
    </Field>
  );
}

interface QuantityFieldProps {
  readonly value: string;
  readonly hint: string;
  readonly error: string | undefined;
  readonly onChange: (value: string) => void;
}

/** A quantity in the unit of the item; the API checks the bounds and answers beside the field. */
export function QuantityField({ value, hint, error, onChange }: QuantityFieldProps) {
  const t = useT();
  return (
    <Field name="quantity" label={t('lists.col.quantity')} required hint={hint} error={error}>
      {(control) => (
        <input
          {...control}
          type="number"
          inputMode="decimal"
          step="any"
          min="0"
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
