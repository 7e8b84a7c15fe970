import type { GapGroup, GapReport } from '../api/contract.js';
import { useLookups } from '../api/useLookups.js';
import { coverageLevel, formatCount, formatCoverage, formatQuantity } from '../format.js';
import { GAP_NOTE_IDS } from '../i18n/gapNotes.js';
import { useT } from '../i18n/index.js';
import { UNIT_IDS, word } from '../i18n/words.js';
import { gapLabel } from '../pages/lists/names.js';
import { Link } from '../router.js';
import { formatMoneyShort } from './charts/money.js';
import { DIMENSION_LABELS } from './DimensionSelect.js';

interface Props {
  readonly report: GapReport;
  /** Where a group's records are listed; without it the labels are plain text. */
  readonly linkFor?: (group: GapGroup) => string | undefined;
}

function Coverage({ coverage }: { coverage: GapGroup['coverage'] }) {
  const t = useT();
  const pct = coverage.by_announcements_pct;
  const level = coverageLevel(pct);
  const text = formatCoverage(pct);
  const title =
    pct === null
      ? t('gaps.nothingNeeded')
      : t('gaps.coverageTitle', {
          pct: text,
          basis: coverage.basis === 'eur' ? 'eur' : 'quantity',
          committed: formatCoverage(coverage.by_commitments_pct),
        });
  return (
    <span className={`coverage coverage--${level}`} title={title}>
      <span className="coverage__bar" aria-hidden="true">
        <span className="coverage__fill" style={{ width: `${Math.min(Math.max(pct ?? 0, 0), 100)}%` }} />
      </span>
      <span className="coverage__text">{text}</span>
      {pct === null ? <span className="visually-hidden"> {t('gaps.nothingNeededShort')}</span> : null}
    </span>
  );
}

/** A quantity for a group of one item; across items (no quantity) its EUR value. */
function Figure({ quantity, value }: { quantity: number | null; value: GapGroup['value']['needed'] }) {
  return quantity === null ? (
    <span title={`${value.amount} ${value.currency}`}>{formatMoneyShort(value)}</span>
  ) : (
    <>{formatQuantity(quantity)}</>
  );
}

function Row({ group, href, by }: { group: GapGroup; href: string | undefined; by: string }) {
  const t = useT();
  const lookups = useLookups();
  const text = gapLabel(lookups, by, group);
  const label = (
    <span className="truncate" title={text}>
      {text}
    </span>
  );
  return (
    <tr>
      <th scope="row" className="gap-table__label">
        {href ? (
          <Link to={href} className="gap-table__link">
            {label}
          </Link>
        ) : (
          label
        )}
      </th>
      <td className="gap-table__unit">
        <span className="truncate" title={group.unit ? word(UNIT_IDS, group.unit) : t('gaps.eurTitle')}>
          {group.unit ? word(UNIT_IDS, group.unit) : 'EUR'}
        </span>
      </td>
      <td className="num">
        <Figure quantity={group.needed} value={group.value.needed} />
      </td>
      <td className="num">
        <Figure quantity={group.pledged} value={group.value.pledged} />
      </td>
      <td className="num">
        <Figure quantity={group.committed} value={group.value.committed} />
      </td>
      <td className="num">
        <Figure quantity={group.delivered} value={group.value.delivered} />
      </td>
      <td
        className={Number(group.value.unmet.amount) > 0 || (group.unmet ?? 0) > 0 ? 'num num--unmet' : 'num'}
      >
        <Figure quantity={group.unmet} value={group.value.unmet} />
      </td>
      <td className="num">
        <Coverage coverage={group.coverage} />
      </td>
      <td className="num">{formatCount(group.need_count)}</td>
      <td className="num">{formatCount(group.pledge_count)}</td>
    </tr>
  );
}

/** The gap report as an accessible table, largest unmet quantity first (the order the API gives). */
export function GapTable({ report, linkFor }: Props) {
  const t = useT();
  const dimension = t(DIMENSION_LABELS[report.by]);
  return (
    <>
      <table className="gap-table" aria-describedby="gap-notes">
        <caption>{t('gaps.caption', { dimension })}</caption>
        <colgroup>
          <col className="gap-table__col-label" />
          <col className="gap-table__col-unit" />
          <col className="gap-table__col-qty" />
          <col className="gap-table__col-qty" />
          <col className="gap-table__col-qty" />
          <col className="gap-table__col-qty" />
          <col className="gap-table__col-qty" />
          <col className="gap-table__col-coverage" />
          <col className="gap-table__col-count" />
          <col className="gap-table__col-count" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{dimension}</th>
            <th scope="col">{t('gaps.unit')}</th>
            <th scope="col" className="num">
              {t('gaps.needed')}
            </th>
            <th scope="col" className="num">
              {t('gaps.pledged')}
            </th>
            <th scope="col" className="num" title={t('gaps.committedTitle')}>
              {t('gaps.committed')}
            </th>
            <th scope="col" className="num" title={t('gaps.deliveredTitle')}>
              {t('gaps.delivered')}
            </th>
            <th scope="col" className="num">
              {t('gaps.unmet')}
            </th>
            <th scope="col" className="num">
              {t('gaps.coverage')}
            </th>
            <th scope="col" className="num">
              {t('gaps.needs')}
            </th>
            <th scope="col" className="num">
              {t('gaps.pledges')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.groups.map((group) => (
            <Row key={group.key} group={group} href={linkFor?.(group)} by={report.by} />
          ))}
        </tbody>
      </table>
      <ul id="gap-notes" className="notes">
        {report.notes.map((note) => (
          <li key={note}>{GAP_NOTE_IDS[note] ? t(GAP_NOTE_IDS[note]) : note}</li>
        ))}
      </ul>
    </>
  );
}
