import type { ReadinessReport, RegionReadiness } from '../api/contract.js';
import { formatCount, formatDay, formatQuantity } from '../format.js';
import { useLocale, useT } from '../i18n/index.js';
import { Link } from '../router.js';
import { formatMoneyShort } from './charts/money.js';
import { Truncate } from './Truncate.js';

/**
 * A quantity in its unit when the region's derived needs are of one item; across items (quantity
 * null: different units do not add) the EUR value at the price list.
 */
function figure(quantity: number | null, unit: string | null, value: { amount: string; currency: string }) {
  if (quantity === null) return formatMoneyShort(value);
  return unit ? `${formatQuantity(quantity)} ${unit}` : formatQuantity(quantity);
}

/** A region's repairs still to be energised: how many (under way), when, and for how many people. */
function RepairsCell({ repairs }: { repairs: RegionReadiness['repairs'] }) {
  const t = useT();
  if (repairs.open === 0) return <>—</>;
  const { energising_first_on: first, energising_last_on: last } = repairs;
  return (
    <span className="readiness-repairs">
      <span>{t('readiness.repairsOpen', { open: repairs.open, underWay: repairs.under_way })}</span>
      {first !== null && last !== null && (
        <span>
          {first === last
            ? t('readiness.repairsEnergisingOn', { day: formatDay(first) })
            : t('readiness.repairsEnergisingSpan', { from: formatDay(first), to: formatDay(last) })}
        </span>
      )}
      <span>
        {t('readiness.repairsAwaiting', { people: formatCount(repairs.people_awaiting_reconnection) })}
      </span>
    </span>
  );
}

/** The regions ranked by risk score, highest first, with the figures the score weighs. */
export function ReadinessTable({
  report,
  names,
}: {
  report: ReadinessReport;
  /** Ukrainian region names by region id, when known. */
  names?: ReadonlyMap<string, string | null>;
}) {
  const t = useT();
  const locale = useLocale();
  const frost = (days: number | null, on: string | null): string => {
    if (on === null || days === null) return '—';
    return days < 0
      ? t('readiness.frostAgo', { day: formatDay(on), days: -days })
      : t('readiness.frost', { day: formatDay(on), days });
  };
  return (
    // Scrolls sideways inside its box on narrow screens rather than widening the page.
    <div className="data-table-scroll">
      <table className="data-table readiness-table">
        <caption>{t('readiness.caption', { day: formatDay(report.as_of) })}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('readiness.rank')}
            </th>
            <th scope="col">{t('readiness.region')}</th>
            <th scope="col" className="num">
              {t('readiness.risk')}
            </th>
            <th scope="col" className="num">
              {t('readiness.withoutPower')}
            </th>
            <th scope="col" className="num">
              {t('readiness.withoutHeat')}
            </th>
            <th scope="col" className="num">
              {t('readiness.withoutWater')}
            </th>
            <th scope="col">{t('readiness.firstFrost')}</th>
            <th scope="col" className="num" title={t('readiness.criticalTitle')}>
              {t('readiness.critical')}
            </th>
            <th scope="col" className="num">
              {t('readiness.needed')}
            </th>
            <th scope="col" className="num">
              {t('readiness.delivered')}
            </th>
            <th scope="col" title={t('readiness.repairsTitle')}>
              {t('readiness.repairs')}
            </th>
          </tr>
        </thead>
        <tbody>
          {report.regions.map((region) => {
            const name = (locale === 'uk' ? names?.get(region.region_id) : null) ?? region.region_name;
            return (
              <tr key={region.region_id}>
                <td className="num">{region.rank}</td>
                <th scope="row">
                  <Link to={`/needs?region_id=${encodeURIComponent(region.region_id)}`} className="row-link">
                    <Truncate text={name} />
                  </Link>
                </th>
                <td className="num">{formatQuantity(region.risk_score)}</td>
                <td className="num">{formatCount(region.people_without_power)}</td>
                <td className="num">{formatCount(region.people_without_heat)}</td>
                <td className="num">{formatCount(region.people_without_water)}</td>
                <td>{frost(region.days_to_first_frost, region.first_frost_on)}</td>
                <td className="num">{formatCount(region.critical_needs)}</td>
                <td className="num">{figure(region.needed, region.unit, region.value.needed)}</td>
                <td className="num">
                  {figure(region.delivered, region.unit, region.value.delivered)}
                  {region.delivered_share === null ? '' : ` (${Math.round(region.delivered_share * 100)} %)`}
                </td>
                <td>
                  <RepairsCell repairs={region.repairs} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
