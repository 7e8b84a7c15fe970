import type { OutageTotals } from '../../api/useReadiness.js';
import { formatCount } from '../../format.js';

interface OutageSummaryProps {
  readonly totals: OutageTotals;
}

/** People without power, heat and water, as three figures with their date. */
export function OutageSummary({ totals }: OutageSummaryProps) {
  const figures = [
    ['Without power', totals.withoutPower],
    ['Without heat', totals.withoutHeat],
    ['Without water', totals.withoutWater],
  ] as const;
  return (
    <div>
      <dl className="outage">
        {figures.map(([label, value]) => (
          <div key={label} className="outage__figure">
            <dt>{label}</dt>
            <dd>{formatCount(value)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        On <time dateTime={totals.asOf}>{totals.asOf}</time>, the day of the latest of {totals.incidents}{' '}
        recorded incidents; people per region counted once.
      </p>
    </div>
  );
}
