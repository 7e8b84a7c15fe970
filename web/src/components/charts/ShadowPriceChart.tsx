import { useMemo } from 'react';
import type { ItemShadowPrices } from '../../api/plansContract.js';
import { formatQuantity } from '../../format.js';
import { EChart } from './EChart.js';
import { formatCompact } from './money.js';
import { SERIES_COLOURS } from './palette.js';

type ItemPrice = ItemShadowPrices['items'][number];

interface ShadowPriceChartProps {
  readonly items: readonly ItemPrice[];
  /** Bars for the shadow price, or (when the run has no duals, e.g. greedy) for weighted unmet demand. */
  readonly measure: 'shadow_price' | 'unmet_weighted';
}

/** "What donors should send next": one horizontal bar per item, the most valuable on top. */
export function ShadowPriceChart({ items, measure }: ShadowPriceChartProps) {
  const shown = useMemo(() => [...items].reverse(), [items]);
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value: unknown) => (typeof value === 'number' ? formatQuantity(value) : '0'),
      },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (value: number) => formatCompact(value) } },
      yAxis: {
        type: 'category',
        data: shown.map((item) => item.name),
        axisLabel: { width: 220, overflow: 'truncate' },
      },
      series: [
        {
          name: measure === 'shadow_price' ? 'Saved per extra unit' : 'Unmet, weighted',
          type: 'bar',
          data: shown.map((item) => item[measure]),
          itemStyle: { color: measure === 'shadow_price' ? SERIES_COLOURS.shipped : SERIES_COLOURS.needed },
          label: {
            show: true,
            position: 'right',
            formatter: (params: { value: number }) => formatCompact(params.value),
          },
        },
      ],
    }),
    [shown, measure],
  );
  const label = `${
    measure === 'shadow_price'
      ? 'What one more unit of each item would save (shadow price)'
      : 'Weighted unmet demand per item'
  }: ${items.map((item) => `${item.name} ${formatQuantity(item[measure])}`).join('; ')}`;
  return <EChart option={option} label={label} height={Math.max(160, 40 + items.length * 30)} />;
}
