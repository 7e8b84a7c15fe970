import type { InputHTMLAttributes } from 'react';
import { useT } from '../../i18n/index.js';

/** A calendar day written YYYY-MM-DD (2023-02-30 is not one). */
export function isIsoDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

type DateInputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'pattern' | 'inputMode' | 'placeholder' | 'maxLength'
>;

/**
 * A day, shown and typed as ISO 8601 (YYYY-MM-DD) whatever the browser's language: `<input
 * type="date">` shows the browser's own order (11/24/2022 in en-US), which would make the screen
 * disagree with the API, the CLI and the exports. Plain text with the ISO pattern instead; the form's
 * shared validation (the API's own schema) says what is wrong, with an example.
 */
export function DateInput(props: DateInputProps) {
  const t = useT();
  return (
    <input
      autoComplete="off"
      title={t('dates.title')}
      {...props}
      type="text"
      inputMode="numeric"
      pattern="\d{4}-\d{2}-\d{2}"
      placeholder={t('dates.placeholder')}
      maxLength={10}
    />
  );
}
