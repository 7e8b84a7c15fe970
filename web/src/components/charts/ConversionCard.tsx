import type { DonorFunnel, EventConversion } from '../../api/formsContract.js';
import { formatMoney } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { FunnelBars, type FunnelStage } from './FunnelBars.js';
import { formatMoneyShort } from './money.js';

interface ConversionCardProps {
  readonly title: string;
  readonly funnel: DonorFunnel | EventConversion;
  readonly headingLevel?: 3 | 4;
}

function Money({ label, money }: { label: string; money: { amount: string; currency: string } }) {
  return (
    <div className="conversion__money">
      <dt>{label}</dt>
      <dd title={formatMoney(money.amount, money.currency)}>{formatMoneyShort(money)}</dd>
    </div>
  );
}

/** The stage quantities of a funnel of one item (zero for an empty group). */
function quantities(funnel: DonorFunnel | EventConversion): Record<FunnelStage, number> {
  return {
    announced: funnel.announced ?? 0,
    committed: funnel.committed ?? 0,
    allocated: funnel.allocated ?? 0,
    shipped: funnel.shipped ?? 0,
    delivered: funnel.delivered ?? 0,
  };
}

/** The stage EUR values: a funnel across items is compared by value, never by added quantities. */
function values(funnel: DonorFunnel | EventConversion): Record<FunnelStage, number> {
  return {
    announced: Number(funnel.announced_value.amount),
    committed: Number(funnel.committed_value.amount),
    allocated: Number(funnel.allocated_value.amount),
    shipped: Number(funnel.shipped_value.amount),
    delivered: Number(funnel.delivered_value.amount),
  };
}

/** A donor's or event's funnel from announced to delivered, in quantities when it holds one item, else in EUR. */
export function ConversionCard({ title, funnel, headingLevel = 3 }: ConversionCardProps) {
  const t = useT();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <article className="conversion">
      <Heading className="conversion__title truncate" title={title}>
        {title}
      </Heading>
      {funnel.unit !== null || funnel.item_count <= 1 ? (
        <FunnelBars figures={quantities(funnel)} label={title} unit={funnel.unit} />
      ) : (
        <FunnelBars figures={values(funnel)} label={title} unit="EUR" money />
      )}
      <dl className="conversion__values">
        <Money label={t('charts.announced')} money={funnel.announced_value} />
        <Money label={t('charts.committed')} money={funnel.committed_value} />
        <Money label={t('charts.delivered')} money={funnel.delivered_value} />
      </dl>
      <p className="muted conversion__note">
        {t('charts.funnelNote', {
          pledges: funnel.pledge_count,
          cancelled: funnel.cancelled_count,
          unvalued: funnel.unvalued_count,
          delivered: funnel.median_days_to_delivery === null ? 'no' : 'yes',
          median: funnel.median_days_to_delivery ?? 0,
        })}
      </p>
    </article>
  );
}
