import { lazy, type ReactNode, Suspense } from 'react';
import { useCriticalNeeds } from '../../api/useCriticalNeeds.js';
import { useGaps } from '../../api/useGaps.js';
import { useOutageTotals } from '../../api/useReadiness.js';
import type { Remote } from '../../api/useRemote.js';
import { useWeekly } from '../../api/useWeekly.js';
import { OutageSummary } from './OutageSummary.js';
import { RegionTileMap } from './RegionTileMap.js';
import { UrgentNeedsList } from './UrgentNeedsList.js';

const URGENT_SHOWN = 8;

// ECharts arrives after the first paint: the tiles, lists and gap table do not wait for it.
const GapBarChart = lazy(() =>
  import('./GapBarChart.js').then((module) => ({ default: module.GapBarChart })),
);
const TrendChart = lazy(() => import('./TrendChart.js').then((module) => ({ default: module.TrendChart })));
const drawing = <p className="muted">Drawing the chart…</p>;

function Card<T>({
  title,
  remote,
  wide,
  children,
}: {
  title: string;
  remote: Remote<T>;
  wide?: boolean;
  children: (data: T) => ReactNode;
}) {
  const id = `chart-${title.toLowerCase().replaceAll(/[^a-z]+/g, '-')}`;
  return (
    <section className={`chart-card${wide ? ' chart-card--wide' : ''}`} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {remote.state === 'loading' ? <p className="muted">Loading…</p> : null}
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

  return (
    <div className="overview-charts">
      <Card title="Gap by category" remote={gaps}>
        {(report) =>
          report.groups.length === 0 ? (
            <p className="muted">Nothing needed or pledged yet.</p>
          ) : (
            <Suspense fallback={drawing}>
              <GapBarChart groups={report.groups} />
            </Suspense>
          )
        }
      </Card>
      <Card title="Critical needs by region" remote={critical}>
        {(picture) => <RegionTileMap regions={picture.regions} />}
      </Card>
      <Card title="Delivered against committed" remote={weekly}>
        {(report) =>
          report.weeks.length === 0 ? (
            <p className="muted">No pledges yet.</p>
          ) : (
            <Suspense fallback={drawing}>
              <TrendChart report={report} />
            </Suspense>
          )
        }
      </Card>
      <Card title="Most urgent unmet needs" remote={critical}>
        {(picture) => <UrgentNeedsList needs={picture.needs.slice(0, URGENT_SHOWN)} />}
      </Card>
      <Card title="People without power, heat and water" remote={outages} wide>
        {(totals) =>
          totals === null ? (
            <p className="muted">No incidents recorded.</p>
          ) : (
            <OutageSummary totals={totals} />
          )
        }
      </Card>
    </div>
  );
}
