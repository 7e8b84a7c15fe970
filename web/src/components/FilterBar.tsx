import { type FormEvent, useState } from 'react';
import { useT } from '../i18n/index.js';

export interface FilterOption {
  readonly value: string;
  readonly label: string;
}

export interface FilterField {
  /** The query parameter, e.g. `region_id`. */
  readonly name: string;
  readonly label: string;
  readonly kind: 'select' | 'text' | 'date';
  readonly options?: readonly FilterOption[];
}

interface Props {
  readonly fields: readonly FilterField[];
  readonly values: URLSearchParams;
  readonly onChange: (patch: Record<string, string | null>) => void;
}

function SelectFilter({
  field,
  value,
  onChange,
}: {
  field: FilterField;
  value: string;
  onChange: Props['onChange'];
}) {
  const t = useT();
  const options = field.options ?? [];
  // A value from a shared link that the catalogue does not (yet) list is still shown as chosen.
  const known = value === '' || options.some((option) => option.value === value);
  return (
    <select
      id={`filter-${field.name}`}
      value={value}
      onChange={(event) => onChange({ [field.name]: event.target.value })}
    >
      <option value="">{t('lists.all')}</option>
      {known ? null : <option value={value}>{value}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/**
 * The filters of a list. Choices apply at once; typed text and dates apply with "Apply" (or
 * Enter), so that each keystroke does not add a history entry.
 */
export function FilterBar({ fields, values, onChange }: Props) {
  const t = useT();
  const typed = fields.filter((field) => field.kind !== 'select');
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const draftOf = (name: string) => drafts[name] ?? values.get(name) ?? '';
  const active = fields.some((field) => values.get(field.name));

  function submit(event: FormEvent) {
    event.preventDefault();
    const patch: Record<string, string | null> = {};
    for (const field of typed) patch[field.name] = draftOf(field.name) || null;
    setDrafts({});
    onChange(patch);
  }

  function clear() {
    const patch: Record<string, string | null> = {};
    for (const field of fields) patch[field.name] = null;
    setDrafts({});
    onChange(patch);
  }

  return (
    <form className="filter-bar" aria-label={t('lists.filters')} onSubmit={submit}>
      {fields.map((field) => (
        <div className="filter-bar__field" key={field.name}>
          <label htmlFor={`filter-${field.name}`}>{field.label}</label>
          {field.kind === 'select' ? (
            <SelectFilter field={field} value={values.get(field.name) ?? ''} onChange={onChange} />
          ) : (
            <input
              id={`filter-${field.name}`}
              type={field.kind === 'date' ? 'date' : 'search'}
              value={draftOf(field.name)}
              onChange={(event) => setDrafts({ ...drafts, [field.name]: event.target.value })}
            />
          )}
        </div>
      ))}
      <div className="filter-bar__actions">
        {typed.length > 0 ? <button type="submit">{t('lists.apply')}</button> : null}
        <button type="button" onClick={clear} disabled={!active}>
          {t('lists.clear')}
        </button>
      </div>
    </form>
  );
}
