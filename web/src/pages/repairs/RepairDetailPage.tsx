import { useLookups } from '../../api/useLookups.js';
import { useCriticalPath, useRepairProject } from '../../api/useRepairs.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatCount, formatDay, formatMoney, formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { itemName, regionName } from '../lists/names.js';

/** Milestone stages as message ids (literal, so the key check finds them). */
const STAGE_IDS: Readonly<Record<string, string>> = {
  assessed: 'repairs.stage.assessed',
  funded: 'repairs.stage.funded',
  equipment_ordered: 'repairs.stage.equipmentOrdered',
  delivered: 'repairs.stage.delivered',
  installed: 'repairs.stage.installed',
  energised: 'repairs.stage.energised',
};

/** One repair project: milestone timeline, missing equipment (its needs), money, what would bring it forward. */
export default function RepairDetailPage({ params }: PageProps) {
  const t = useT();
  const id = params.id ?? '';
  const lookups = useLookups();
  const project = useRepairProject(id);
  const path = useCriticalPath(id);
  return (
    <RemoteState remote={project} what={t('repairs.whatOne')}>
      {(p) => (
        <article className="panel" aria-labelledby="repair-title">
          <p>
            <Link to="/repairs">{t('repairs.back')}</Link>
          </p>
          <h2 id="repair-title">{p.name}</h2>
          <p>
            {t('repairs.summary', {
              region: regionName(lookups, p.region_id),
              people: formatCount(p.people_reconnected),
            })}
          </p>

          <section aria-labelledby="repair-milestones">
            <h3 id="repair-milestones">{t('repairs.milestones')}</h3>
            <ol className="timeline">
              {p.milestones.map((m) => (
                <li key={m.stage} data-done={m.actual_on ? 'yes' : 'no'}>
                  <strong>{t(STAGE_IDS[m.stage] ?? 'repairs.stage.assessed')}</strong>{' '}
                  {m.actual_on
                    ? t('repairs.actual', { day: formatDay(m.actual_on) })
                    : m.planned_on
                      ? t('repairs.planned', { day: formatDay(m.planned_on) })
                      : '—'}
                </li>
              ))}
            </ol>
          </section>

          <section aria-labelledby="repair-equipment">
            <h3 id="repair-equipment">{t('repairs.equipment')}</h3>
            {p.equipment.length === 0 ? <p className="muted">{t('repairs.noEquipment')}</p> : null}
            <table
              className="data-table"
              aria-labelledby="repair-equipment"
              hidden={p.equipment.length === 0}
            >
              <thead>
                <tr>
                  <th scope="col">{t('repairs.col.item')}</th>
                  <th scope="col">{t('repairs.col.missing')}</th>
                  <th scope="col">{t('repairs.col.neededBy')}</th>
                  <th scope="col">{t('repairs.col.need')}</th>
                  <th scope="col">{t('repairs.col.pledges')}</th>
                </tr>
              </thead>
              <tbody>
                {p.equipment.map((e) => (
                  <tr key={e.need_id}>
                    <td>{itemName(lookups, e.item_id)}</td>
                    <td>{formatQuantity(Math.max(0, e.quantity - e.met))}</td>
                    <td>{formatDay(e.needed_by)}</td>
                    <td>
                      <Link to={`/needs/${e.need_id}`}>{t('repairs.openNeed')}</Link>
                    </td>
                    <td>
                      <Link to={`/pledges?item_id=${e.item_id}`}>{t('repairs.pledgesOfItem')}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section aria-labelledby="repair-money">
            <h3 id="repair-money">{t('repairs.money')}</h3>
            <dl className="detail-fields">
              <dt>{t('repairs.cost')}</dt>
              <dd>{formatMoney(p.funding.cost_eur, 'EUR')}</dd>
              <dt>{t('repairs.funded')}</dt>
              <dd>{formatMoney(p.funding.funded_eur, 'EUR')}</dd>
              <dt>{t('repairs.gap')}</dt>
              <dd data-testid="funding-gap">{formatMoney(p.funding.gap_eur, 'EUR')}</dd>
            </dl>
          </section>

          <section aria-labelledby="repair-path">
            <h3 id="repair-path">{t('repairs.path')}</h3>
            <RemoteState remote={path} what={t('repairs.pathWhat')}>
              {(cp) => (
                <>
                  <p>
                    {cp.energised_on
                      ? t('repairs.energisedOn', { day: formatDay(cp.energised_on) })
                      : t('repairs.blocked')}
                  </p>
                  <ul>
                    {cp.moves.map((m) => (
                      <li key={`${m.kind}-${m.what}`}>
                        {m.kind === 'money' ? (
                          t('repairs.moveMoney', { amount: formatMoney(m.what, 'EUR') })
                        ) : (
                          <Link to={`/pledges/${m.what}`}>{t('repairs.movePledge')}</Link>
                        )}{' '}
                        {m.days_earlier === null
                          ? t('repairs.unblocks')
                          : t('repairs.earlier', { days: m.days_earlier })}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </RemoteState>
          </section>
        </article>
      )}
    </RemoteState>
  );
}
