import type { ReadinessReport } from '../api/contract.js';
import { formatCount, formatQuantity } from '../format.js';
import { Link } from '../router.js';
import { formatMoneyShort } from './charts/money.js';
import { Truncate } from './Truncate.js';

function frost(days: number | null, on: string | null): string {
  if (on === null || days === null) return '—';
  if (days < 0) return `${on}, ${-days} d ago`;
  if (days === 0) return `${on}, today`;
  return `${on}, in ${days} d`;
}

/**
 * A quantity in its unit when the region's derived needs are of one item; across items (quantity
 * null: different units do not add) the EUR value at the price list.
 */
function figure(quantity: number | null, unit: string | null, value: { amount: string; currency: string }) {
  if (quantity === null) return formatMoneyShort(value);
  return unit ? `${formatQuantity(quantity)} ${unit}` : formatQuantity(quantity);
}

/** The regions ranked by risk score, highest first, with the figures the score weighs. */
export function ReadinessTable({ report }: { report: ReadinessReport }) {
  return (
    <table className="data-table readiness-table">
      <caption>
        Regions ranked by winter risk as of {report.as_of}: people without services, first frost, and how much
        of the derived need has been delivered
      </caption>
      <thead>
        <tr>
          <th scope="col" className="num">
            Rank
          </th>
          <th scope="col">Region</th>
          <th scope="col" className="num">
            Risk score
          </th>
          <th scope="col" className="num">
            Without power
          </th>
          <th scope="col" className="num">
            Without heat
          </th>
          <th scope="col" className="num">
            Without water
          </th>
          <th scope="col">First frost</th>
          <th scope="col" className="num">
            Critical needs
          </th>
          <th scope="col" className="num">
            Needed
          </th>
          <th scope="col" className="num">
            Delivered
          </th>
        </tr>
      </thead>
      <tbody>
        {report.regions.map((region) => (
          <tr key={region.region_id}>
            <td className="num">{region.rank}</td>
            <th scope="row">
              <Link to={`/needs?region_id=${encodeURIComponent(region.region_id)}`} className="row-link">
                <Truncate text={region.region_name} />
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
        ))}
      </tbody>
    </table>
  );
}
