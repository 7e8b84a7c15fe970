import type { DonorFunnel, EventConversion } from '../../api/formsContract.js';
import { formatMoney } from '../../format.js';
import { useT } from '../../i18n/index.js';
import { FunnelBars } from './FunnelBars.js';
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

/** A donor's or event's funnel from announced to delivered, in quantities and in EUR. */
export function ConversionCard({ title, funnel, headingLevel = 3 }: ConversionCardProps) {
  const t = useT();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <article className="conversion">
      <Heading className="conversion__title truncate" title={title}>
        {title}
      </Heading>
      <FunnelBars figures={funnel} label={title} />
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
