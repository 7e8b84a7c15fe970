import { lazy, Suspense } from 'react';
import type { ProgressReport } from '../../api/contract.js';
import { type Lookups, useLookups } from '../../api/useLookups.js';
import { useQueryState } from '../../api/useQueryState.js';
import { useRepairProgress } from '../../api/useRepairs.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatCount, formatDay, formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { Link } from '../../router.js';
import { organisationName, regionName } from '../lists/names.js';
import {
  measureOf,
  type ProgressCell,
  type ProgressMeasure,
  seriesOf,
  unitsOf,
  weekRange,
} from './progressSeries.js';

// ECharts arrives after the first paint: the table does not wait for it.
const RepairProgressChart = lazy(() =>
  import('../../components/charts/RepairProgressChart.js').then((module) => ({
    default: module.RepairProgressChart,
  })),
);

type Grouping = 'total' | 'region' | 'funder';
const GROUPINGS: readonly Grouping[] = ['total', 'region', 'funder'];
/** Groups drawn; the table lists every one. */
const SHOWN = 6;

function cellsOf(report: ProgressReport, by: Grouping): readonly ProgressCell[] {
  if (by === 'region') return report.by_region;
  if (by === 'funder') return report.by_funder;
  return report.total;
}

function ProgressView({ report, by, measure }: { report: ProgressReport; by: Grouping; measure: string }) {
  const t = useT();
  const lookups = useLookups();
  const [, update] = useQueryState();
  const cells = cellsOf(report, by);
  const units = unitsOf(report.total);
  const chosen: ProgressMeasure = units.includes(measure as ProgressMeasure)
    ? (measure as ProgressMeasure)
    : 'people';
  const weeks = weekRange(cells);
  const { series, left_out } = seriesOf(cells, weeks, chosen, SHOWN);
  const nameOf = (key: string) => groupName(lookups, by, key, t('repairProgress.all'));
  const unit = chosen === 'people' ? t('repairProgress.people') : chosen;
  const totalShown = series.reduce((sum, s) => sum + s.values.reduce((a, b) => a + b, 0), 0);
  return (
    <>
      <div className="filter-bar filter-bar--inline">
        <div className="filter-bar__field">
          <label htmlFor="progress-by">{t('repairProgress.by')}</label>
          <select id="progress-by" value={by} onChange={(event) => update({ by: event.target.value })}>
            {GROUPINGS.map((value) => (
              <option key={value} value={value}>
                {value === 'total'
                  ? t('repairProgress.byTotal')
                  : value === 'region'
                    ? t('repairProgress.byRegion')
                    : t('repairProgress.byFunder')}
              </option>
            ))}
          </select>
        </div>
        <div className="filter-bar__field">
          <label htmlFor="progress-measure">{t('repairProgress.measure')}</label>
          <select
            id="progress-measure"
            value={chosen}
            onChange={(event) => update({ measure: event.target.value })}
          >
            <option value="people">{t('repairProgress.measurePeople')}</option>
            {units.map((u) => (
              <option key={u} value={u}>
                {t('repairProgress.measureCapacity', { unit: u })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {by === 'funder' ? <p className="muted">{t('repairProgress.funderNote')}</p> : null}
      <figure className="repair-progress__chart">
        <Suspense fallback={<p className="muted">{t('repairProgress.drawing')}</p>}>
          <RepairProgressChart
            weeks={weeks}
            series={series.map((s) => ({ name: nameOf(s.key), values: s.values }))}
            unit={unit}
            stacked={by === 'region'}
            label={t('repairProgress.chartLabel', {
              unit,
              from: weeks[0] ?? '',
              to: weeks.at(-1) ?? '',
              total: formatQuantity(totalShown),
              groups: series.length,
            })}
          />
        </Suspense>
        <figcaption className="muted">
          {t('repairProgress.figcaption', { unit })}
          {left_out > 0 ? ` ${t('repairProgress.leftOut', { count: left_out })}` : ''}
        </figcaption>
      </figure>
      <div className="data-table-scroll">
        <table className="data-table repair-progress__table">
          <caption>{t('repairProgress.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('repairProgress.week')}</th>
              <th scope="col">
                {by === 'funder'
                  ? t('repairProgress.funder')
                  : by === 'region'
                    ? t('repairProgress.region')
                    : t('repairProgress.group')}
              </th>
              <th scope="col" className="num">
                {t('repairProgress.projects')}
              </th>
              <th scope="col" className="num">
                {t('repairProgress.peopleReconnected')}
              </th>
              {units.map((u) => (
                <th scope="col" className="num" key={u}>
                  {t('repairProgress.capacityIn', { unit: u })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cells.map((cell) => (
              <tr key={`${cell.week}|${cell.key}`}>
                <td>{cell.week}</td>
                <td>{nameOf(cell.key)}</td>
                <td className="num">{formatCount(cell.projects)}</td>
                <td className="num">{formatCount(cell.people_reconnected)}</td>
                {units.map((u) => (
                  <td className="num" key={u}>
                    {cell.capacity.some((c) => c.unit === u) ? formatQuantity(measureOf(cell, u)) : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function groupName(lookups: Lookups, by: Grouping, key: string, all: string): string {
  if (by === 'region') return regionName(lookups, key);
  if (by === 'funder') return organisationName(lookups, key);
  return all;
}

/** Restored capacity and people reconnected per week, by region or funder: chart and table. */
export default function RepairProgressPage() {
  const t = useT();
  const [query] = useQueryState();
  const asked = query.get('by');
  const by: Grouping = GROUPINGS.includes(asked as Grouping) ? (asked as Grouping) : 'region';
  const progress = useRepairProgress();
  return (
    <section className="panel repair-progress" aria-labelledby="repair-progress-title">
      <p>
        <Link to="/repairs">{t('repairProgress.back')}</Link>
      </p>
      <h2 id="repair-progress-title">{t('repairProgress.title')}</h2>
      <p>{t('repairProgress.intro')}</p>
      <RemoteState
        remote={progress}
        what={t('repairProgress.what')}
        isEmpty={(data) => data.total.length === 0}
        empty={<p className="state">{t('repairProgress.empty')}</p>}
      >
        {(data) => (
          <>
            {data.from && data.to ? (
              <p className="muted">
                {t('repairProgress.span', { from: formatDay(data.from), to: formatDay(data.to) })}
              </p>
            ) : null}
            <ProgressView report={data} by={by} measure={query.get('measure') ?? 'people'} />
          </>
        )}
      </RemoteState>
    </section>
  );
}
