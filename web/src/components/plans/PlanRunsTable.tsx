import type { PlanRun } from '../../api/plansContract.js';
import { formatQuantity } from '../../format.js';
import { Link } from '../../router.js';
import { formatTime, methodWords } from './planWords.js';

/** Plan runs, newest first: when, how, and what each achieved. */
export function PlanRunsTable({ runs }: { runs: readonly PlanRun[] }) {
  return (
    <div className="data-table-scroll">
      <table className="data-table plan-runs">
        <caption>Plan runs, newest first</caption>
        <colgroup>
          <col style={{ width: '13rem' }} />
          <col style={{ width: '7rem' }} />
          <col />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '9rem' }} />
          <col style={{ width: '9.5rem' }} />
          <col style={{ width: '8rem' }} />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Asked for</th>
            <th scope="col">Status</th>
            <th scope="col">Method</th>
            <th scope="col" className="num">
              Horizon
            </th>
            <th scope="col" className="num">
              Objective
            </th>
            <th scope="col" className="num">
              Weighted unmet
            </th>
            <th scope="col">Accepted</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>
                <Link to={`/plans/${run.id}`} className="row-link">
                  {formatTime(run.created_at)}
                </Link>
              </td>
              <td>
                <span className={`plan-status plan-status--${run.status}`}>{run.status}</span>
              </td>
              <td>{methodWords(run)}</td>
              <td className="num">{run.horizon} wk</td>
              <td className="num">{run.summary ? formatQuantity(Math.round(run.summary.objective)) : '—'}</td>
              <td className="num">{run.summary ? formatQuantity(run.summary.unmet_weighted) : '—'}</td>
              <td>{run.accepted_at ? formatTime(run.accepted_at).slice(0, 10) : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
