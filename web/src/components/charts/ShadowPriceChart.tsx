import { useMemo } from 'react';
import type { ItemShadowPrices } from '../../api/plansContract.js';
import { useLookups } from '../../api/useLookups.js';
import { formatQuantity } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { UNIT_IDS, word } from '../../i18n/words.js';
import { itemName } from '../../pages/lists/names.js';
import { EChart } from './EChart.js';
import { formatCompact, formatMoneyShort } from './money.js';
import { SERIES_COLOURS } from './palette.js';

type ItemPrice = ItemShadowPrices['items'][number];

interface ShadowPriceChartProps {
  /** Items with an EUR value of critical unmet demand, most valuable first. */
  readonly items: readonly ItemPrice[];
}

const eur = (value: number) => formatMoneyShort({ amount: String(value), currency: 'EUR' });

/** The words on one bar: the EUR value and the quantity behind it, in the item's own unit. */
export function barLabel(item: ItemPrice): string {
  return tr('shadowPrice.bar', {
    value: eur(item.critical_unmet_value_eur ?? 0),
    quantity: formatQuantity(item.critical_unmet),
    unit: word(UNIT_IDS, item.unit),
  });
}

/**
 * "What donors should send next": one horizontal bar per item, the EUR value of its critical unmet
 * quantity (price list), the most valuable on top; every bar says its quantity in the item's unit.
 */
export function ShadowPriceChart({ items }: ShadowPriceChartProps) {
  const lookups = useLookups();
  // The item's name in the language on screen (name_uk in Ukrainian), else the API's.
  const named = useMemo(
    () =>
      items.map((item) => ({
        ...item,
        name: lookups.items.has(item.item_id) ? itemName(lookups, item.item_id) : item.name,
      })),
    [items, lookups],
  );
  const shown = useMemo(() => [...named].reverse(), [named]);
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: { dataIndex: number }[]) => {
          const item = shown[params[0]?.dataIndex ?? 0];
          return item ? `${item.name}<br/>${barLabel(item)}` : '';
        },
      },
      // Room on the right for the longest bar's words.
      grid: { left: 8, right: 240, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: (value: number) => `€ ${formatCompact(value)}` } },
      yAxis: {
        type: 'category',
        data: shown.map((item) => item.name),
        // Long names wrap onto a second line rather than being cut.
        axisLabel: { width: 240, overflow: 'break', lineHeight: 13 },
      },
      series: [
        {
          name: tr('shadowPrice.series'),
          type: 'bar',
          data: shown.map((item) => item.critical_unmet_value_eur ?? 0),
          itemStyle: { color: SERIES_COLOURS.needed },
          label: {
            show: true,
            position: 'right',
            formatter: (params: { dataIndex: number }) => {
              const item = shown[params.dataIndex];
              return item ? barLabel(item) : '';
            },
          },
        },
      ],
    }),
    [shown],
  );
  const label = tr('shadowPrice.label', {
    items: named.map((item) => `${item.name} ${barLabel(item)}`).join('; '),
  });
  return <EChart option={option} label={label} height={Math.max(160, 40 + items.length * 30)} />;
}
