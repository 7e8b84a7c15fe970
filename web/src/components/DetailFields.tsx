import type { ReactNode } from 'react';

export type Field = readonly [label: string, value: ReactNode];

/** A record's fields as a description list; empty values read "—". */
export function DetailFields({ fields }: { fields: readonly Field[] }) {
  return (
    <dl className="detail-fields">
      {fields.map(([label, value]) => (
        <div className="detail-fields__row" key={label}>
          <dt>{label}</dt>
          <dd>{value === null || value === undefined || value === '' ? '—' : value}</dd>
        </div>
      ))}
    </dl>
  );
}
