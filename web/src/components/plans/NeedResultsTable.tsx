import type { NeedResult } from '../../api/plansContract.js';
import type { Lookups } from '../../api/useLookups.js';
import { formatDay, formatQuantity } from '../../format.js';
import { T, tr, useT } from '../../i18n/index.js';
import { PRIORITY_IDS, word } from '../../i18n/words.js';
import { itemName, regionName } from '../../pages/lists/names.js';
import { Link } from '../../router.js';
import { REASON_IDS } from './planWords.js';

const PRIORITY_BY_WEIGHT: Readonly<Record<number, string>> = {
  8: 'critical',
  4: 'high',
  2: 'medium',
  1: 'low',
};

function priorityWord(weight: number): string {
  const priority = PRIORITY_BY_WEIGHT[weight];
  return priority ? word(PRIORITY_IDS, priority) : tr('planNeeds.weight', { weight });
}

type Serving = NeedResult['explanation']['serving'][number];

function LotLabel({ lot }: { lot: Serving }) {
  const t = useT();
  const when =
    lot.lateness > 0
      ? t('planNeeds.arrivingLate', {
          quantity: formatQuantity(lot.quantity),
          arrival: lot.arrival,
          weeks: lot.lateness,
        })
      : t('planNeeds.arriving', { quantity: formatQuantity(lot.quantity), arrival: lot.arrival });
  if (lot.lot_kind === 'pledge') {
    return (
      <>
        <Link to={`/pledges/${lot.lot_id}`}>{t('planNeeds.pledge')}</Link> {when}
      </>
    );
  }
  return (
    <>
      {lot.lot_kind === 'forecast' ? t('planNeeds.forecast') : t('planNeeds.whatIfSupply')} {when}
    </>
  );
}

/**
 * The whole explanation, told from the result's fields in the reader's language (the API's `text`
 * is the same in English): what is planned, every serving lot, what is unmet or late, which needs
 * took the supply and what one more unit of it would be worth.
 */
function InDetail({ result }: { result: NeedResult }) {
  const t = useT();
  const { serving, taken_by: takenBy, taken_by_names: takenByNames } = result.explanation;
  return (
    <div className="plan-why__text">
      <p>
        {serving.length === 0
          ? t('planNeeds.nothingPlanned')
          : t('planNeeds.plannedOf', {
              allocated: formatQuantity(result.allocated),
              quantity: formatQuantity(result.quantity),
            })}
        {result.unmet > 0 ? ` ${t('planNeeds.unmetPart', { quantity: formatQuantity(result.unmet) })}` : null}
        {result.late_quantity > 0
          ? ` ${t('planNeeds.latePart', { quantity: formatQuantity(result.late_quantity) })}`
          : null}
      </p>
      {serving.length > 3 ? (
        <ul aria-label={t('planNeeds.allServing')}>
          {serving.map((lot) => (
            <li key={`${lot.lot_id}:${lot.arrival_week}`}>
              <LotLabel lot={lot} />
            </li>
          ))}
        </ul>
      ) : null}
      {takenBy.length > 0 ? (
        <>
          <p>{t('planNeeds.takenBy')}</p>
          <ul>
            {takenBy.map((key, at) => (
              <li key={key}>
                {/^[0-9a-f-]{36}$/i.test(key) ? (
                  <Link to={`/needs/${key}`}>{takenByNames?.[at] ?? key}</Link>
                ) : (
                  (takenByNames?.[at] ?? key)
                )}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {result.binding_dual !== null && result.binding_dual > 0 ? (
        <p>{t('planNeeds.oneMoreUnit', { value: formatQuantity(result.binding_dual) })}</p>
      ) : null}
    </div>
  );
}

function Why({ result }: { result: NeedResult }) {
  const serving = result.explanation.serving;
  const t = useT();
  return (
    <div className="plan-why">
      {result.reason ? (
        <p className="plan-why__reason">{t(REASON_IDS[result.reason])}.</p>
      ) : (
        <p className="plan-why__reason plan-why__reason--ok">
          {result.late_quantity > 0 ? t('planNeeds.servedPartlyLate') : t('planNeeds.servedOnTime')}
        </p>
      )}
      {serving.length > 0 ? (
        <ul className="plan-why__lots" aria-label={t('planNeeds.servingSupply')}>
          {serving.slice(0, 3).map((lot) => (
            <li key={`${lot.lot_id}:${lot.arrival_week}`}>
              <LotLabel lot={lot} />
            </li>
          ))}
          {serving.length > 3 ? (
            <li className="muted">{t('planNeeds.more', { count: serving.length - 3 })}</li>
          ) : null}
        </ul>
      ) : null}
      <details className="plan-why__details">
        <summary>
          <T id="planNeeds.inDetail" />
        </summary>
        <InDetail result={result} />
      </details>
    </div>
  );
}

/** What the plan does for each need: allocated, unmet and late, and why, with the serving supply. */
export function NeedResultsTable({ results, lookups }: { results: readonly NeedResult[]; lookups: Lookups }) {
  const t = useT();
  return (
    <div className="data-table-scroll">
      <table className="data-table plan-needs">
        <caption>{t('planNeeds.caption')}</caption>
        <colgroup>
          <col style={{ width: '15%' }} />
          <col style={{ width: '14%' }} />
          <col style={{ width: '6.5rem' }} />
          <col style={{ width: '6.75rem' }} />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '6rem' }} />
          <col style={{ width: '6rem' }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">{t('planNeeds.colNeed')}</th>
            <th scope="col">{t('planNeeds.colRegion')}</th>
            <th scope="col">{t('planNeeds.colPriority')}</th>
            <th scope="col">{t('planNeeds.colDue')}</th>
            <th scope="col" className="num">
              {t('planNeeds.colQuantity')}
            </th>
            <th scope="col" className="num">
              {t('planNeeds.colAllocated')}
            </th>
            <th scope="col" className="num">
              {t('planNeeds.colUnmet')}
            </th>
            <th scope="col" className="num">
              {t('planNeeds.colLate')}
            </th>
            <th scope="col">{t('planNeeds.colWhy')}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((result) => (
            <tr key={result.need_key} className={result.unmet > 0 ? 'plan-needs__row--unmet' : undefined}>
              <td>
                {result.need_id ? (
                  <Link to={`/needs/${result.need_id}`} className="row-link plan-needs__name">
                    {itemName(lookups, result.item_id)}
                  </Link>
                ) : (
                  <span className="plan-needs__name">
                    {t('planNeeds.whatIfNeed', { name: itemName(lookups, result.item_id) })}
                  </span>
                )}
              </td>
              <td>
                <span className="plan-needs__name">{regionName(lookups, result.region_id)}</span>
              </td>
              <td>{priorityWord(result.priority_weight)}</td>
              <td>
                {/* Needs already due when the plan starts are planned as due in its first week. */}
                {result.due_week <= 0 ? (
                  <span title={t('planNeeds.dueFirstWeek')}>≤ {formatDay(result.due)}</span>
                ) : (
                  formatDay(result.due)
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
