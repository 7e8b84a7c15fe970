import type { DonorFunnel, EventConversion } from '../../api/formsContract.js';
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
      <dd title={`${money.amount} ${money.currency}`}>{formatMoneyShort(money)}</dd>
    </div>
  );
}

/** A donor's or event's funnel from announced to delivered, in quantities and in EUR. */
export function ConversionCard({ title, funnel, headingLevel = 3 }: ConversionCardProps) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <article className="conversion">
      <Heading className="conversion__title truncate" title={title}>
        {title}
      </Heading>
      <FunnelBars figures={funnel} label={title} />
      <dl className="conversion__values">
        <Money label="Announced" money={funnel.announced_value} />
        <Money label="Committed" money={funnel.committed_value} />
        <Money label="Delivered" money={funnel.delivered_value} />
      </dl>
      <p className="muted conversion__note">
        {funnel.pledge_count} pledges ({funnel.cancelled_count} cancelled or expired)
        {funnel.unvalued_count > 0 ? `, ${funnel.unvalued_count} without a value` : ''}
        {funnel.median_days_to_delivery !== null
          ? `; median ${funnel.median_days_to_delivery} days from announcement to first delivery`
          : '; nothing delivered yet'}
      </p>
    </article>
  );
}
