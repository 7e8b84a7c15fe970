import type { GapGroup, GapReport } from '../api/contract.js';
import { coverageLevel, formatCount, formatCoverage, formatQuantity } from '../format.js';
import { Link } from '../router.js';
import { formatMoneyShort } from './charts/money.js';
import { DIMENSION_LABELS } from './DimensionSelect.js';

interface Props {
  readonly report: GapReport;
  /** Where a group's records are listed; without it the labels are plain text. */
  readonly linkFor?: (group: GapGroup) => string | undefined;
}

function Coverage({ coverage }: { coverage: GapGroup['coverage'] }) {
  const pct = coverage.by_announcements_pct;
  const level = coverageLevel(pct);
  const text = formatCoverage(pct);
  const what = coverage.basis === 'eur' ? 'EUR value' : 'quantity';
  const title =
    pct === null
      ? 'Nothing is needed in this group'
      : `${text} of the needed ${what} is pledged or allocated; ${formatCoverage(coverage.by_commitments_pct)} by commitments`;
  return (
    <span className={`coverage coverage--${level}`} title={title}>
      <span className="coverage__bar" aria-hidden="true">
        <span className="coverage__fill" style={{ width: `${Math.min(Math.max(pct ?? 0, 0), 100)}%` }} />
      </span>
      <span className="coverage__text">{text}</span>
      {pct === null ? <span className="visually-hidden"> nothing needed</span> : null}
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

function Row({ group, href }: { group: GapGroup; href: string | undefined }) {
  const label = (
    <span className="truncate" title={group.label}>
      {group.label}
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
        <span
          className="truncate"
          title={group.unit ?? 'several items: EUR values, since quantities of different units do not add'}
        >
          {group.unit ?? 'EUR'}
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
  const dimension = DIMENSION_LABELS[report.by];
  return (
    <>
      <table className="gap-table" aria-describedby="gap-notes">
        <caption>
          Gaps by {dimension.toLowerCase()}: needed, pledged, committed, delivered and still unmet (quantities
          for one item, EUR values across items), largest unmet first
        </caption>
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
            <th scope="col">Unit</th>
            <th scope="col" className="num">
              Needed
            </th>
            <th scope="col" className="num">
              Pledged
            </th>
            <th scope="col" className="num" title="Firmly committed by donors">
              Committed
            </th>
            <th scope="col" className="num" title="Received at destination">
              Delivered
            </th>
            <th scope="col" className="num">
              Unmet
            </th>
            <th scope="col" className="num">
              Coverage
            </th>
            <th scope="col" className="num">
              Needs
            </th>
            <th scope="col" className="num">
              Pledges
            </th>
          </tr>
        </thead>
        <tbody>
          {report.groups.map((group) => (
            <Row key={group.key} group={group} href={linkFor?.(group)} />
          ))}
        </tbody>
      </table>
      <ul id="gap-notes" className="notes">
        {report.notes.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </>
  );
}
