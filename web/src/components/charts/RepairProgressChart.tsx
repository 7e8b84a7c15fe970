import { useMemo } from 'react';
import { formatQuantity } from '../../format.js';
import { EChart } from './EChart.js';
import { formatCompact } from './money.js';

/** Okabe–Ito, then grey: groups stay apart for common colour-vision deficiencies. */
const GROUP_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#999999'];

interface RepairProgressChartProps {
  readonly weeks: readonly string[];
  readonly series: readonly { name: string; values: readonly number[] }[];
  /** The unit of every value (people, MVA, MW or Gcal/h): one unit per chart. */
  readonly unit: string;
  /** Stacked when the groups are parts of a whole (regions); side by side when they overlap (funders). */
  readonly stacked: boolean;
  readonly label: string;
}

/** Bars per ISO week of people reconnected or capacity restored, one unit, a series per group. */
export function RepairProgressChart({ weeks, series, unit, stacked, label }: RepairProgressChartProps) {
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) =>
          typeof value === 'number' ? `${formatQuantity(value)} ${unit}` : '',
      },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: [...weeks] },
      yAxis: {
        type: 'value',
        name: unit,
        nameTextStyle: { align: 'left' },
        axisLabel: { formatter: (value: number) => formatCompact(value) },
      },
      series: series.map((s, i) => ({
        name: s.name,
        type: 'bar',
        stack: stacked ? 'all' : undefined,
        itemStyle: { color: GROUP_COLOURS[i % GROUP_COLOURS.length] },
        data: [...s.values],
      })),
    }),
    [weeks, series, unit, stacked],
  );
  return <EChart option={option} label={label} height={300} />;
}
