import { lazy, type ReactNode, Suspense } from 'react';
import { useCriticalNeeds } from '../../api/useCriticalNeeds.js';
import { useDataAsOf } from '../../api/useDataAsOf.js';
import { useGaps } from '../../api/useGaps.js';
import { useOutageTotals } from '../../api/useReadiness.js';
import type { Remote } from '../../api/useRemote.js';
import { useWeekly } from '../../api/useWeekly.js';
import { useT } from '../../i18n/index.js';
import { RegionMap } from '../map/RegionMap.js';
import { OutageSummary } from './OutageSummary.js';
import { UrgentNeedsList } from './UrgentNeedsList.js';

const URGENT_SHOWN = 8;

// ECharts arrives after the first paint: the tiles, lists and gap table do not wait for it.
const GapBarChart = lazy(() =>
  import('./GapBarChart.js').then((module) => ({ default: module.GapBarChart })),
);
const TrendChart = lazy(() => import('./TrendChart.js').then((module) => ({ default: module.TrendChart })));

function Card<T>({
  id,
  title,
  remote,
  wide,
  children,
}: {
  id: string;
  title: string;
  remote: Remote<T>;
  wide?: boolean;
  children: (data: T) => ReactNode;
}) {
  const t = useT();
  return (
    <section className={`chart-card${wide ? ' chart-card--wide' : ''}`} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {remote.state === 'loading' ? <p className="muted">{t('overview.loading')}</p> : null}
      {/* Not an alert: the gap panel below already announces a failing API once. */}
      {remote.state === 'error' ? <p className="chart-card__error">{remote.detail}</p> : null}
      {remote.state === 'ready' ? children(remote.data) : null}
    </section>
  );
}

/** The charts of the overview: gaps, critical needs by region, the trend, urgent needs, outages. */
export function OverviewCharts() {
  const gaps = useGaps('category');
  const critical = useCriticalNeeds();
  const weekly = useWeekly();
  const outages = useOutageTotals();
  const clock = useDataAsOf();
  const t = useT();
  const drawing = <p className="muted">{t('overview.drawing')}</p>;

  return (
    <div className="overview-charts">
      <Card id="chart-gap" title={t('overview.gapByCategory')} remote={gaps}>
        {(report) =>
          report.groups.length === 0 ? (
            <p className="muted">{t('overview.nothingYet')}</p>
          ) : (
            <Suspense fallback={drawing}>
              <GapBarChart groups={report.groups} />
            </Suspense>
          )
        }
      </Card>
      <Card id="chart-map" title={t('overview.criticalByRegion')} remote={critical}>
        {() => (
          <RegionMap
            figure="critical"
            asOf={clock.state === 'ready' ? clock.data.as_of : undefined}
            compact
          />
        )}
      </Card>
      <Card id="chart-trend" title={t('overview.deliveredVsCommitted')} remote={weekly}>
        {(report) =>
          report.weeks.length === 0 ? (
            <p className="muted">{t('overview.noPledges')}</p>
          ) : (
            <Suspense fallback={drawing}>
              <TrendChart report={report} />
            </Suspense>
          )
        }
      </Card>
      <Card id="chart-urgent" title={t('overview.urgent')} remote={critical}>
        {(picture) => <UrgentNeedsList needs={picture.needs.slice(0, URGENT_SHOWN)} />}
      </Card>
      <Card id="chart-outages" title={t('overview.outages')} remote={outages} wide>
        {(totals) =>
          totals === null ? (
            <p className="muted">{t('overview.noIncidents')}</p>
          ) : (
            <OutageSummary totals={totals} />
          )
        }
      </Card>
    </div>
  );
}
