import type { ReadinessReport, RegionReadiness } from '../api/contract.js';
import { formatCount, formatDay, formatQuantity } from '../format.js';
import { useLocale, useT } from '../i18n/index.js';
import { UNIT_IDS, word } from '../i18n/words.js';
import { Link } from '../router.js';
import { formatMoneyShort } from './charts/money.js';
import { Truncate } from './Truncate.js';

/**
 * A quantity in its unit when the region's derived needs are of one item; across items (quantity
 * null: different units do not add) the EUR value at the price list.
 */
function figure(quantity: number | null, unit: string | null, value: { amount: string; currency: string }) {
  if (quantity === null) return formatMoneyShort(value);
  return unit ? `${formatQuantity(quantity)} ${word(UNIT_IDS, unit)}` : formatQuantity(quantity);
}

/**
 * The regions with grid repairs still to be energised (those the reader may see): how many, how many
 * under way, their planned energising days and the people awaiting reconnection.
 */
export function ReadinessRepairsTable({
  report,
  names,
}: {
  report: ReadinessReport;
  names?: ReadonlyMap<string, string | null>;
}) {
  const t = useT();
  const locale = useLocale();
  const regions = report.regions.filter((region) => region.repairs.open > 0);
  if (regions.length === 0) return <p className="muted">{t('readiness.repairsNone')}</p>;
  const span = ({ energising_first_on: first, energising_last_on: last }: RegionReadiness['repairs']) => {
    if (first === null || last === null) return '—';
    return first === last ? formatDay(first) : `${formatDay(first)} – ${formatDay(last)}`;
  };
  return (
    <div className="data-table-scroll">
      <table className="data-table readiness-repairs-table">
        <caption>{t('readiness.repairsCaption', { day: formatDay(report.as_of) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('readiness.region')}</th>
            <th scope="col" className="num">
              {t('readiness.repairsOpen')}
            </th>
            <th scope="col" className="num">
              {t('readiness.repairsUnderWay')}
            </th>
            <th scope="col">{t('readiness.repairsEnergising')}</th>
            <th scope="col" className="num">
              {t('readiness.repairsAwaiting')}
            </th>
          </tr>
        </thead>
        <tbody>
          {regions.map((region) => (
            <tr key={region.region_id}>
              <th scope="row">
                {(locale === 'uk' ? names?.get(region.region_id) : null) ?? region.region_name}
              </th>
              <td className="num">{formatCount(region.repairs.open)}</td>
              <td className="num">{formatCount(region.repairs.under_way)}</td>
              <td>{span(region.repairs)}</td>
              <td className="num">{formatCount(region.repairs.people_awaiting_reconnection)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
