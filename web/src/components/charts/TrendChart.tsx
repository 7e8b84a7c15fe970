import { useMemo } from 'react';
import type { GapWeeklyReport } from '../../api/formsContract.js';
import { formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { EChart } from './EChart.js';
import { formatCompact, formatMoneyShort } from './money.js';
import { SERIES_COLOURS } from './palette.js';

interface TrendChartProps {
  readonly report: GapWeeklyReport;
}

type Week = GapWeeklyReport['weeks'][number];

function figureOf(week: Week, field: 'committed' | 'delivered', inEur: boolean): number {
  return inEur ? Number(week.value[field].amount) : (week[field] ?? 0);
}

function shownAs(value: number, inEur: boolean): string {
  return inEur ? formatMoneyShort({ amount: String(value), currency: 'EUR' }) : formatQuantity(value);
}

/**
 * Cumulative committed and delivered per ISO week: how far deliveries trail the promises. In the
 * item's unit for a series of one item, in EUR when it spans items (quantities would not add).
 */
export function TrendChart({ report }: TrendChartProps) {
  const t = useT();
  const inEur = report.weeks.some((week) => week.committed === null);
  const figure = (week: Week, field: 'committed' | 'delivered') => figureOf(week, field, inEur);
  const shown = (value: number) => shownAs(value, inEur);
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) => (typeof value === 'number' ? shownAs(value, inEur) : ''),
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: report.weeks.map((week) => week.week) },
      yAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatCompact(value) } },
      series: [
        {
          name: t('charts.committed'),
          type: 'line',
          symbol: 'none',
          lineStyle: { type: 'dashed', width: 2 },
          itemStyle: { color: SERIES_COLOURS.committed },
          data: report.weeks.map((week) => figureOf(week, 'committed', inEur)),
        },
        {
          name: t('charts.delivered'),
          type: 'line',
          symbol: 'none',
          lineStyle: { width: 2 },
          areaStyle: { opacity: 0.15 },
          itemStyle: { color: SERIES_COLOURS.delivered },
          data: report.weeks.map((week) => figureOf(week, 'delivered', inEur)),
        },
      ],
    }),
    [report, inEur, t],
  );
  const last = report.weeks.at(-1);
  const label = last
    ? t('charts.trendLabel', {
        eur: inEur ? 'yes' : 'no',
        from: report.from,
        to: report.to,
        week: last.week,
        committed: shown(figure(last, 'committed')),
        delivered: shown(figure(last, 'delivered')),
      })
    : t('charts.noWeeks');
  return <EChart option={option} label={label} height={260} />;
}
