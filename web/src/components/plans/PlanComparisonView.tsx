import type { PlanComparison } from '../../api/plansContract.js';
import { useLookups } from '../../api/useLookups.js';
import { formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { UNIT_IDS, word } from '../../i18n/words.js';
import { formatTime, methodWords } from './planWords.js';

type Change = PlanComparison['by_item'][number];

function signed(value: number): string {
  return value > 0 ? `+${formatQuantity(value)}` : formatQuantity(value);
}

function ChangeTable({
  caption,
  rows,
  unitOf,
}: {
  caption: string;
  rows: readonly Change[];
  /** The unit of an item row (its key is the item id), so that the quantities say what they count. */
  unitOf?: (key: string) => string | undefined;
}) {
  const t = useT();
  const changed = rows.filter((row) => row.gained > 0 || row.lost > 0);
  if (changed.length === 0) return <p className="muted">{t('planCompare.noChange', { caption })}</p>;
  return (
    <div className="data-table-scroll">
      <table className="data-table plan-compare__table">
        <caption>{caption}</caption>
        <colgroup>
          <col />
          <col style={{ width: '8rem' }} />
          <col style={{ width: '8rem' }} />
          <col style={{ width: '7rem' }} />
          <col style={{ width: '7rem' }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t('planCompare.colName')}</th>
            <th scope="col" className="num">
              {t('planCompare.colAllocatedA')}
            </th>
            <th scope="col" className="num">
              {t('planCompare.colAllocatedB')}
            </th>
            <th scope="col" className="num">
              {t('planCompare.colGained')}
            </th>
            <th scope="col" className="num">
              {t('planCompare.colLost')}
            </th>
          </tr>
        </thead>
        <tbody>
          {changed.slice(0, 12).map((row) => (
            <tr key={row.key}>
              <td>
                <span className="plan-needs__name">
                  {row.label}
                  {unitOf?.(row.key) ? ` (${unitOf(row.key)})` : ''}
                </span>
              </td>
              <td className="num">{formatQuantity(row.allocated_a)}</td>
              <td className="num">{formatQuantity(row.allocated_b)}</td>
              <td className="num">{row.gained > 0 ? `+${formatQuantity(row.gained)}` : '—'}</td>
              <td className="num">{row.lost > 0 ? `−${formatQuantity(row.lost)}` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What changed from run A to run B: the objective, and who gained or lost supply. */
export function PlanComparisonView({ comparison }: { comparison: PlanComparison }) {
  const { a, b } = comparison;
  const lookups = useLookups();
  const t = useT();
  const unitOf = (key: string) => {
    const item =
      lookups.items.get(key) ?? [...lookups.items.values()].find((candidate) => candidate.code === key);
    return item ? word(UNIT_IDS, item.unit) : undefined;
  };
  return (
    <div className="plan-compare">
      <p>
        <strong>A</strong>:{' '}
        {t('planCompare.run', { time: formatTime(a.created_at), method: methodWords(a), weeks: a.horizon })} ·{' '}
        <strong>B</strong>:{' '}
        {t('planCompare.run', { time: formatTime(b.created_at), method: methodWords(b), weeks: b.horizon })}.
      </p>
      <p>
        {t('planCompare.objective')}{' '}
        <strong>
          {comparison.objective_change === null ? '—' : signed(Math.round(comparison.objective_change))}
        </strong>{' '}
        {t('planCompare.changedNeeds', { count: comparison.needs.length })}
      </p>
      <ChangeTable caption={t('planCompare.perItem')} rows={comparison.by_item} unitOf={unitOf} />
      <ChangeTable caption={t('planCompare.perRecipient')} rows={comparison.by_recipient} />
    </div>
  );
}
