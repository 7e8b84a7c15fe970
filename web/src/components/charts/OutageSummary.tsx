import type { OutageTotals } from '../../api/useReadiness.js';
import { formatCount, formatDay } from '../../format.js';
import { T, useT } from '../../i18n/index.js';

interface OutageSummaryProps {
  readonly totals: OutageTotals;
}

/** People without power, heat and water, as three figures with their date. */
export function OutageSummary({ totals }: OutageSummaryProps) {
  const t = useT();
  const figures = [
    [t('overview.withoutPower'), totals.withoutPower],
    [t('overview.withoutHeat'), totals.withoutHeat],
    [t('overview.withoutWater'), totals.withoutWater],
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
        <T
          id="overview.outageNote"
          values={{
            count: totals.incidents,
            day: <time dateTime={totals.asOf}>{formatDay(totals.asOf)}</time>,
          }}
        />
      </p>
    </div>
  );
}
