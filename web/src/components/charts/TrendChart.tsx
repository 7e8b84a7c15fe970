import { useMemo } from 'react';
import type { GapWeeklyReport } from '../../api/formsContract.js';
import { formatQuantity } from '../../format.js';
import { EChart } from './EChart.js';
import { formatCompact } from './money.js';
import { SERIES_COLOURS } from './palette.js';

interface TrendChartProps {
  readonly report: GapWeeklyReport;
}

/** Cumulative committed and delivered per ISO week: how far deliveries trail the promises. */
export function TrendChart({ report }: TrendChartProps) {
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) => (typeof value === 'number' ? formatQuantity(value) : ''),
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: report.weeks.map((week) => week.week) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatCompact(value) } },
      series: [
        {
          name: 'Committed',
          type: 'line',
          symbol: 'none',
          lineStyle: { type: 'dashed', width: 2 },
          itemStyle: { color: SERIES_COLOURS.committed },
          data: report.weeks.map((week) => week.committed),
        },
        {
          name: 'Delivered',
          type: 'line',
          symbol: 'none',
          lineStyle: { width: 2 },
          areaStyle: { opacity: 0.15 },
          itemStyle: { color: SERIES_COLOURS.delivered },
          data: report.weeks.map((week) => week.delivered),
        },
      ],
    }),
    [report],
  );
  const last = report.weeks.at(-1);
  const label = last
    ? `Cumulative committed and delivered from ${report.from} to ${report.to}; by ${last.week}: committed ${formatQuantity(last.committed)}, delivered ${formatQuantity(last.delivered)}`
    : 'No weekly figures yet';
  return <EChart option={option} label={label} height={260} />;
}
