import { useMemo } from 'react';
import type { GapGroup } from '../../api/contract.js';
import { useLookups } from '../../api/useLookups.js';
import { useT } from '../../i18n/index.js';
import { gapLabel } from '../../pages/lists/names.js';
import { EChart } from './EChart.js';
import { formatCompact, formatMoneyShort } from './money.js';
import { SERIES_COLOURS } from './palette.js';

const SERIES_IDS = {
  needed: 'charts.needed',
  committed: 'charts.committed',
  delivered: 'charts.delivered',
} as const;

interface GapBarChartProps {
  readonly groups: readonly GapGroup[];
}

/** Needed, committed and delivered EUR value per category as horizontal bars, largest gap on top. */
export function GapBarChart({ groups }: GapBarChartProps) {
  const t = useT();
  const lookups = useLookups();
  const shown = useMemo(() => [...groups].reverse(), [groups]);
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value: unknown) =>
          formatMoneyShort({ amount: typeof value === 'number' ? String(value) : '0', currency: 'EUR' }),
      },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      // Categories mix items, so the bars are EUR values; a log scale keeps small ones visible.
      xAxis: { type: 'log', min: 1, axisLabel: { formatter: (value: number) => formatCompact(value) } },
      yAxis: {
        type: 'category',
        data: shown.map((group) => gapLabel(lookups, 'category', group)),
        axisLabel: { width: 160, overflow: 'truncate' },
      },
      series: (['needed', 'committed', 'delivered'] as const).map((field) => ({
        name: t(SERIES_IDS[field]),
        type: 'bar',
        // Zero has no place on a log scale; the table and the label carry it.
        data: shown.map((group) => {
          const value = Number(group.value[field].amount);
          return value > 0 ? value : null;
        }),
        itemStyle: { color: SERIES_COLOURS[field] },
      })),
    }),
    [shown, lookups, t],
  );
  const label = t('charts.gapLabel', {
    groups: groups
      .map(
        (group) =>
          `${gapLabel(lookups, 'category', group)} ${formatMoneyShort(group.value.needed)} / ${formatMoneyShort(group.value.committed)} / ${formatMoneyShort(group.value.delivered)}`,
      )
      .join('; '),
  });
  return <EChart option={option} label={label} height={Math.max(200, 64 + groups.length * 30)} />;
}
