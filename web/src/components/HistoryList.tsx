import type { AuditEntry } from '../api/contract.js';
import { formatMoment } from '../format.js';
import { tr, useT } from '../i18n/index.js';
import { word } from '../i18n/words.js';

const AUDIT_ACTION_IDS: Readonly<Record<string, string>> = {
  create: 'details.action.create',
  update: 'details.action.update',
  delete: 'details.action.delete',
};

/** The fields whose values differ between two versions of a record, bookkeeping left out. */
function changedFields(before: unknown, after: unknown): string[] {
  const a = (before ?? {}) as Record<string, unknown>;
  const b = (after ?? {}) as Record<string, unknown>;
  const ignored = new Set(['version', 'updated_at', 'updated_by', 'created_at', 'created_by']);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (key) => !ignored.has(key) && JSON.stringify(a[key]) !== JSON.stringify(b[key]),
  );
}

function summary(entry: AuditEntry): string {
  if (entry.action !== 'update') return '';
  const fields = changedFields(entry.before, entry.after);
  return fields.length > 0
    ? tr('details.changedFields', { fields: fields.join(', ') })
    : tr('details.noFieldChanged');
}

/** The audit trail: who did what and when, newest last as recorded. */
export function HistoryList({ entries }: { entries: readonly AuditEntry[] }) {
  const t = useT();
  return (
    <ol className="history-list">
      {entries.map((entry) => (
        <li key={entry.seq} className="history-list__entry">
          <time dateTime={entry.at}>{formatMoment(entry.at)}</time>{' '}
          <strong className="history-list__action">{word(AUDIT_ACTION_IDS, entry.action)}</strong>{' '}
          {t('details.by')} <span title={entry.actor}>{entry.actor_name}</span>
          {entry.action === 'update' ? (
            <span className="history-list__summary"> — {summary(entry)}</span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
