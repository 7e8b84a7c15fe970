import type { PlanRun } from '../../api/plansContract.js';
import { formatDay, formatMoment, formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { PLAN_STATUS_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import { methodWords } from './planWords.js';

/** Plan runs, newest first: when, how, and what each achieved. */
export function PlanRunsTable({ runs }: { runs: readonly PlanRun[] }) {
  const t = useT();
  return (
    <div className="data-table-scroll">
      <table className="data-table plan-runs">
        <caption>{t('plans.runsCaption')}</caption>
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
            <th scope="col">{t('plans.askedFor')}</th>
            <th scope="col">{t('lists.col.status')}</th>
            <th scope="col">{t('plans.method')}</th>
            <th scope="col" className="num">
              {t('plans.horizonShort')}
            </th>
            <th scope="col" className="num">
              {t('plans.objective')}
            </th>
            <th scope="col" className="num">
              {t('plans.weightedUnmet')}
            </th>
            <th scope="col">{t('plans.accepted')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr key={run.id}>
              <td>
                <Link to={`/plans/${run.id}`} className="row-link">
                  {formatMoment(run.created_at)}
                </Link>
              </td>
              <td>
                <span className={`plan-status plan-status--${run.status}`}>
                  {word(PLAN_STATUS_IDS, run.status)}
                </span>
              </td>
              <td>{methodWords(run)}</td>
              <td className="num">{t('plans.weeks', { weeks: run.horizon })}</td>
              <td className="num">{run.summary ? formatQuantity(Math.round(run.summary.objective)) : '—'}</td>
              <td className="num">{run.summary ? formatQuantity(run.summary.unmet_weighted) : '—'}</td>
              <td>{run.accepted_at ? formatDay(run.accepted_at) : t('details.no')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
