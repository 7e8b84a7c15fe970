import type { Option } from '../../api/useFormOptions.js';
import type { FieldControlProps } from './Field.js';

interface SelectProps {
  readonly control: FieldControlProps;
  readonly value: string;
  readonly options: readonly Option[];
  readonly placeholder: string;
  readonly onChange: (value: string) => void;
}

/** A select of records by name, with an empty first choice. */
export function Select({ control, value, options, placeholder, onChange }: SelectProps) {
  return (
    <select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
      <option value="">{placeholder}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}
