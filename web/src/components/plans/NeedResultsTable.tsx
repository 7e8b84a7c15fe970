import type { NeedResult } from '../../api/plansContract.js';
import type { Lookups } from '../../api/useLookups.js';
import { formatQuantity } from '../../format.js';
import { itemName, regionName } from '../../pages/lists/names.js';
import { Link } from '../../router.js';
import { Truncate } from '../Truncate.js';
import { REASON_WORDS } from './planWords.js';

const PRIORITY_BY_WEIGHT: Readonly<Record<number, string>> = {
  8: 'critical',
  4: 'high',
  2: 'medium',
  1: 'low',
};

type Serving = NeedResult['explanation']['serving'][number];

function LotLabel({ lot }: { lot: Serving }) {
  const when = `${formatQuantity(lot.quantity)} arriving ${lot.arrival}${lot.lateness > 0 ? `, ${lot.lateness} wk late` : ''}`;
  if (lot.lot_kind === 'pledge') {
    return (
      <>
        <Link to={`/pledges/${lot.lot_id}`}>Pledge</Link> {when}
      </>
    );
  }
  return (
    <>
      {lot.lot_kind === 'forecast' ? 'Forecast production' : 'What-if supply'} {when}
    </>
  );
}

function Why({ result }: { result: NeedResult }) {
  const serving = result.explanation.serving;
  return (
    <div className="plan-why">
      {result.reason ? (
        <p className="plan-why__reason">{REASON_WORDS[result.reason]}.</p>
      ) : (
        <p className="plan-why__reason plan-why__reason--ok">
          {result.late_quantity > 0 ? 'Served in full, partly late.' : 'Served in full and on time.'}
        </p>
      )}
      {serving.length > 0 ? (
        <ul className="plan-why__lots" aria-label="Serving supply">
          {serving.slice(0, 3).map((lot) => (
            <li key={`${lot.lot_id}:${lot.arrival_week}`}>
              <LotLabel lot={lot} />
            </li>
          ))}
          {serving.length > 3 ? <li className="muted">and {serving.length - 3} more</li> : null}
        </ul>
      ) : null}
      <details className="plan-why__details">
        <summary>In detail</summary>
        <p className="plan-why__text">{result.explanation.text}</p>
      </details>
    </div>
  );
}

/** What the plan does for each need: allocated, unmet and late, and why, with the serving supply. */
export function NeedResultsTable({ results, lookups }: { results: readonly NeedResult[]; lookups: Lookups }) {
  return (
    <div className="data-table-scroll">
      <table className="data-table plan-needs">
        <caption>Needs in the plan: what arrives, what does not, and why</caption>
        <colgroup>
          <col style={{ width: '14%' }} />
          <col style={{ width: '10%' }} />
          <col style={{ width: '5.5rem' }} />
          <col style={{ width: '6.75rem' }} />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '4.5rem' }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Need</th>
            <th scope="col">Region</th>
            <th scope="col">Priority</th>
            <th scope="col">Due</th>
            <th scope="col" className="num">
              Quantity
            </th>
            <th scope="col" className="num">
              Allocated
            </th>
            <th scope="col" className="num">
              Unmet
            </th>
            <th scope="col" className="num">
              Late
            </th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {results.map((result) => (
            <tr key={result.need_key} className={result.unmet > 0 ? 'plan-needs__row--unmet' : undefined}>
              <td>
                {result.need_id ? (
                  <Link to={`/needs/${result.need_id}`} className="row-link">
                    <Truncate text={itemName(lookups, result.item_id)} />
                  </Link>
                ) : (
                  <Truncate text={`${itemName(lookups, result.item_id)} (what-if)`} />
                )}
              </td>
              <td>
                <Truncate text={regionName(lookups, result.region_id)} />
              </td>
              <td>{PRIORITY_BY_WEIGHT[result.priority_weight] ?? `weight ${result.priority_weight}`}</td>
              <td>
                {/* Needs already due when the plan starts are planned as due in its first week. */}
                {result.due_week <= 0 ? (
                  <span title="Due in the plan's first week or earlier">≤ {result.due}</span>
                ) : (
                  result.due
                )}
              </td>
              <td className="num">{formatQuantity(result.quantity)}</td>
              <td className="num">{formatQuantity(result.allocated)}</td>
              <td className="num">{formatQuantity(result.unmet)}</td>
              <td className="num">{formatQuantity(result.late_quantity)}</td>
              <td>
                <Why result={result} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
