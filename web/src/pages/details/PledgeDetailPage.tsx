import type { Pledge } from '../../api/contract.js';
import { usePledgeTransitions } from '../../api/useHistory.js';
import { RemoteState } from '../../components/RemoteState.js';
import { StageBar } from '../../components/StageBar.js';
import { TransitionList } from '../../components/TransitionList.js';
import { formatDay, formatMoney, formatQuantity } from '../../format.js';
import { tr, useT } from '../../i18n/index.js';
import { PLEDGE_STATUS_IDS, UNIT_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { ProposeAllocationLink } from '../allocations/ProposeAllocationLink.js';
import { eventName, itemName, organisationName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

function Transitions({ id }: { id: string }) {
  const transitions = usePledgeTransitions(id);
  const t = useT();
  return (
    <RemoteState
      remote={transitions}
      what={t('pledgeDetail.stepsWhat')}
      isEmpty={(data) => data.items.length === 0}
      empty={t('pledgeDetail.noSteps')}
    >
      {(data) => <TransitionList transitions={data.items} />}
    </RemoteState>
  );
}

function euros(value: string | null): string | null {
  return value === null ? null : formatMoney(value, 'EUR');
}

function unitWord(unit: string | undefined): string | undefined {
  return unit === undefined ? undefined : word(UNIT_IDS, unit);
}

const config: DetailConfig<Pledge> = {
  collection: 'pledges',
  entity: 'pledge',
  sourcesEntity: 'pledge',
  listTitle: 'pledges.title',
  title: (pledge, lookups) =>
    tr('pledgeDetail.title', {
      quantity: formatQuantity(pledge.quantity),
      item: itemName(lookups, pledge.item_id),
      donor: organisationName(lookups, pledge.donor_org_id),
    }),
  fields: (pledge, lookups) => [
    [
      tr('details.field.donor'),
      <Link key="donor" to={`/organisations/${pledge.donor_org_id}`}>
        {organisationName(lookups, pledge.donor_org_id)}
      </Link>,
    ],
    [
      tr('details.field.item'),
      <Link key="item" to={`/items/${pledge.item_id}`}>
        {itemName(lookups, pledge.item_id)}
      </Link>,
    ],
    [
      tr('details.field.quantity'),
      `${formatQuantity(pledge.quantity)} ${word(UNIT_IDS, lookups.items.get(pledge.item_id)?.unit ?? '')}`,
    ],
    [tr('details.field.status'), word(PLEDGE_STATUS_IDS, pledge.status)],
    [tr('details.field.announcedOn'), formatDay(pledge.announced_on)],
    [
      tr('details.field.announcedAt'),
      pledge.event_id ? (
        <Link key="event" to={`/events/${pledge.event_id}`}>
          {eventName(lookups, pledge.event_id)}
        </Link>
      ) : null,
    ],
    [tr('details.field.availableFrom'), pledge.available_from ? formatDay(pledge.available_from) : null],
    [
      tr('details.field.forNeed'),
      pledge.need_id ? (
        <Link key="need" to={`/needs/${pledge.need_id}`}>
          {tr('pledgeDetail.openNeed')}
        </Link>
      ) : (
        tr('pledgeDetail.anyNeed')
      ),
    ],
    [
      tr('details.field.recipient'),
      pledge.recipient_org_id ? organisationName(lookups, pledge.recipient_org_id) : null,
    ],
    [tr('details.field.valueDonorReported'), euros(pledge.valuation.donor_reported_eur)],
    [tr('details.field.valuePriceList'), euros(pledge.valuation.price_list_eur)],
    [tr('details.field.conditions'), pledge.conditions],
    [tr('allocations.title'), <ProposeAllocationLink key="allocations" pledge={pledge.id} />],
    ...metaFields(pledge),
  ],
  sections: (pledge, lookups) => (
    <section className="detail-section" aria-labelledby="pledge-lifecycle-title">
      <h3 id="pledge-lifecycle-title">{tr('pledgeDetail.lifecycle')}</h3>
      <StageBar
        total={pledge.quantity}
        totalLabel={tr('pledgeDetail.pledged')}
        unit={unitWord(lookups.items.get(pledge.item_id)?.unit)}
        stages={[
          { key: 'committed', label: tr('details.stage.committed'), value: pledge.stages.committed },
          { key: 'allocated', label: tr('details.stage.allocated'), value: pledge.stages.allocated },
          { key: 'shipped', label: tr('details.stage.shipped'), value: pledge.stages.shipped },
          { key: 'delivered', label: tr('details.stage.delivered'), value: pledge.stages.delivered },
          { key: 'in_service', label: tr('details.stage.inService'), value: pledge.stages.in_service },
        ]}
      />
      <h4>{tr('pledgeDetail.steps')}</h4>
      <Transitions id={pledge.id} />
    </section>
  ),
};

/** One pledge: fields, its stages and steps, sources and history. */
export default function PledgeDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
