import { formatQuantity } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { formatMoneyShort } from './money.js';
import { SERIES_COLOURS } from './palette.js';

/** The stages a promise goes through, in order. */
export const FUNNEL_STAGES = ['announced', 'committed', 'allocated', 'shipped', 'delivered'] as const;
export type FunnelStage = (typeof FUNNEL_STAGES)[number];

const STAGE_IDS: Readonly<Record<FunnelStage, string>> = {
  announced: 'charts.announced',
  committed: 'charts.committed',
  allocated: 'charts.allocated',
  shipped: 'charts.shipped',
  delivered: 'charts.delivered',
};

interface FunnelBarsProps {
  readonly figures: Readonly<Record<FunnelStage, number>>;
  /** Names the funnel for screen readers, e.g. the donor. */
  readonly label: string;
  /** The unit of the figures ("EUR" for values), shown in the label; none when unknown. */
  readonly unit?: string | null;
  /** The figures are EUR amounts, not quantities. */
  readonly money?: boolean;
}

/** One bar per stage, as wide as its share of the announced quantity, with the number and share printed. */
export function FunnelBars({ figures, label, unit = null, money = false }: FunnelBarsProps) {
  const t = useT();
  const what = money
    ? t('charts.funnelLabelValue', { label })
    : unit
      ? t('charts.funnelLabelUnit', { label, unit })
      : t('charts.funnelLabel', { label });
  const base = figures.announced;
  return (
    <table className="funnel" aria-label={what}>
      <tbody>
        {FUNNEL_STAGES.map((stage) => {
          const share = base > 0 ? (figures[stage] / base) * 100 : 0;
          return (
            <tr key={stage} className={`funnel__row funnel__row--${stage}`}>
              <th scope="row" className="funnel__stage">
                {t(STAGE_IDS[stage])}
              </th>
              <td className="funnel__bar-cell">
                <span
                  className="funnel__bar"
                  style={{ width: `${Math.min(100, share)}%`, background: SERIES_COLOURS[stage] }}
                />
              </td>
              <td className="funnel__value">
                {money
                  ? formatMoneyShort({ amount: figures[stage].toFixed(2), currency: 'EUR' })
                  : formatQuantity(figures[stage])}
              </td>
              <td className="funnel__share">{base > 0 ? `${share.toFixed(0)} %` : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
