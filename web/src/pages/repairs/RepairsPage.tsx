import { useLookups } from '../../api/useLookups.js';
import { useRepairRanking } from '../../api/useRepairs.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatCount, formatDay, formatMoney } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { Link } from '../../router.js';
import { regionName } from '../lists/names.js';

/** Repair projects ranked by people reconnected per week and per EUR missing (docs/grid-repair.md). */
export default function RepairsPage() {
  const t = useT();
  const lookups = useLookups();
  const ranking = useRepairRanking();
  return (
    <section className="panel" aria-labelledby="repairs-title">
      <h2 id="repairs-title">{t('repairs.title')}</h2>
      <p>{t('repairs.intro')}</p>
      <p>
        <Link to="/repairs/progress">{t('repairs.progressLink')}</Link>
      </p>
      <RemoteState
        remote={ranking}
        what={t('repairs.what')}
        isEmpty={(data) => data.items.length === 0}
        empty={<p className="state">{t('repairs.empty')}</p>}
      >
        {(data) => (
          // Many columns: on a narrow screen the table scrolls sideways, not the page.
          <div className="data-table-scroll">
            <table className="data-table">
              <caption>{t('repairs.caption', { day: formatDay(data.as_of) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('repairs.col.rank')}</th>
                  <th scope="col">{t('repairs.col.project')}</th>
                  <th scope="col">{t('repairs.col.region')}</th>
                  <th scope="col">{t('repairs.col.people')}</th>
                  <th scope="col">{t('repairs.col.perWeek')}</th>
                  <th scope="col">{t('repairs.col.energised')}</th>
                  <th scope="col">{t('repairs.col.gap')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((row) => (
                  <tr key={row.id}>
                    <td>{formatCount(row.rank)}</td>
                    <td>
                      <Link to={`/repairs/${row.id}`}>{row.name}</Link>
                    </td>
                    <td>{regionName(lookups, row.region_id)}</td>
                    <td>{formatCount(row.people_reconnected)}</td>
                    <td>{row.people_per_week === null ? '—' : formatCount(row.people_per_week)}</td>
                    <td>
                      {row.energised_on === null ? t('repairs.blocked') : formatDay(row.energised_on)}
                      {row.before_frost ? ` · ${t('repairs.beforeFrost')}` : ''}
                    </td>
                    <td>{formatMoney(row.gap_eur, 'EUR')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </RemoteState>
    </section>
  );
}
