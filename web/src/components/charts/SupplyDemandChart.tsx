import { useMemo } from 'react';
import type { ForecastResult } from '../../api/useCapacity.js';
import { formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { UNIT_IDS, word } from '../../i18n/words.js';
import { formatMonth } from '../../pages/capacity/capacityWords.js';
import { EChart } from './EChart.js';
import { formatCompact } from './money.js';
import { SERIES_COLOURS } from './palette.js';

/** The shortfall's colour (Okabe–Ito vermillion), apart from the supply and demand lines. */
const SHORTFALL = '#D55E00';

/**
 * One item's months: demand, and what is there to meet it (supply plus stock carried in), with the
 * gap between them — the shortfall — shaded. Every figure is in the item's own unit.
 */
export function SupplyDemandChart({ forecast, itemLabel }: { forecast: ForecastResult; itemLabel: string }) {
  const t = useT();
  const unit = word(UNIT_IDS, forecast.item.unit);
  const option = useMemo(() => {
    const months = forecast.months;
    return {
      animation: false,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value: unknown) =>
          typeof value === 'number' ? `${formatQuantity(value)} ${unit}` : '',
      },
      legend: {
        top: 0,
        data: [t('capacity.chart.demand'), t('capacity.chart.available'), t('capacity.chart.shortfall')],
      },
      grid: { left: 16, right: 24, top: 56, bottom: 40, containLabel: true },
      xAxis: {
        type: 'category',
        name: t('capacity.chart.monthAxis'),
        nameLocation: 'middle',
        nameGap: 28,
        data: months.map((m) => formatMonth(m.month)),
      },
      yAxis: {
        type: 'value',
        name: t('capacity.chart.unitAxis', { unit }),
        nameTextStyle: { align: 'left' },
        axisLabel: { formatter: (value: number) => formatCompact(value) },
      },
      series: [
        // The part of demand that is met, drawn invisibly: the shortfall is stacked on it, so the
        // shaded band runs from what is there up to the demand.
        // Named, as the tooltip lists it; left out of the legend, as it draws nothing.
        {
          name: t('capacity.chart.met'),
          type: 'line',
          stack: 'demand',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          itemStyle: { color: '#8c959f' },
          silent: true,
          data: months.map((m) => m.demand - m.shortfall),
        },
        {
          name: t('capacity.chart.shortfall'),
          type: 'line',
          stack: 'demand',
          symbol: 'none',
          lineStyle: { opacity: 0 },
          itemStyle: { color: SHORTFALL },
          areaStyle: { color: SHORTFALL, opacity: 0.35 },
          data: months.map((m) => m.shortfall),
        },
        {
          name: t('capacity.chart.demand'),
          type: 'line',
          symbol: 'none',
          lineStyle: { width: 2 },
          itemStyle: { color: SERIES_COLOURS.shipped },
          data: months.map((m) => m.demand),
        },
        {
          name: t('capacity.chart.available'),
          type: 'line',
          symbol: 'none',
          lineStyle: { width: 2, type: 'dashed' },
          itemStyle: { color: SERIES_COLOURS.delivered },
          data: months.map((m) => m.supply + m.opening_stock),
        },
      ],
    };
  }, [forecast, unit, t]);
  const label = t('capacity.chart.label', {
    item: itemLabel,
    from: formatMonth(forecast.months[0]?.month ?? forecast.as_of),
    to: formatMonth(forecast.months.at(-1)?.month ?? forecast.as_of),
    total: formatQuantity(forecast.total_shortfall),
    unit,
    first: forecast.first_shortfall_month ? formatMonth(forecast.first_shortfall_month) : 'none',
  });
  return <EChart option={option} label={label} height={340} />;
}
