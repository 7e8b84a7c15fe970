import type { Need } from '../../api/contract.js';
import { StageBar } from '../../components/StageBar.js';
import { formatDay, formatQuantity } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { NEED_STATUS_IDS, PRIORITY_IDS, UNIT_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { ProposeAllocationLink } from '../allocations/ProposeAllocationLink.js';
import { itemName, organisationName, regionName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

const config: DetailConfig<Need> = {
  collection: 'needs',
  entity: 'need',
  sourcesEntity: 'need',
  listTitle: 'needs.title',
  edit: { action: 'edit-need', label: 'details.editNeed', to: (need) => `/needs/${need.id}/edit` },
  title: (need, lookups) =>
    tr('needDetail.title', {
      quantity: formatQuantity(need.quantity),
      item: itemName(lookups, need.item_id),
    }),
  fields: (need, lookups) => [
    [
      tr('details.field.item'),
      <Link key="item" to={`/items/${need.item_id}`}>
        {itemName(lookups, need.item_id)}
      </Link>,
    ],
    [tr('details.field.category'), lookups.items.get(need.item_id)?.category],
    [
      tr('details.field.quantity'),
      `${formatQuantity(need.quantity)} ${word(UNIT_IDS, lookups.items.get(need.item_id)?.unit ?? '')}`,
    ],
    [
      tr('details.field.region'),
      <Link key="region" to={`/needs?region_id=${need.region_id}`}>
        {regionName(lookups, need.region_id)}
      </Link>,
    ],
    [
      tr('details.field.recipient'),
      <Link key="recipient" to={`/organisations/${need.recipient_org_id}`}>
        {organisationName(lookups, need.recipient_org_id)}
      </Link>,
    ],
    [tr('details.field.priority'), word(PRIORITY_IDS, need.priority)],
    [tr('details.field.neededBy'), formatDay(need.needed_by)],
    [tr('details.field.status'), word(NEED_STATUS_IDS, need.status)],
    [tr('details.field.justification'), need.justification],
    [
      tr('details.field.derivedFromIncident'),
      need.incident_id ? (
        <Link key="incident" to={`/incidents/${need.incident_id}`}>
          {tr('allocations.openIncident')}
        </Link>
      ) : null,
    ],
    [tr('details.field.derivation'), need.derivation],
    [
      tr('details.field.needsReview'),
      need.needs_review
        ? tr('needDetail.reviewYes', { reason: need.review_reason ?? '' })
        : tr('needDetail.no'),
    ],
    [
      tr('details.field.pledgesForNeed'),
      <Link key="pledges" to={`/pledges?need_id=${need.id}`}>
        {tr('needDetail.showPledges')}
      </Link>,
    ],
    [tr('allocations.title'), <ProposeAllocationLink key="allocations" need={need.id} />],
    ...metaFields(need),
  ],
  sections: (need, lookups) => (
    <section className="detail-section" aria-labelledby="need-lifecycle-title">
      <h3 id="need-lifecycle-title">{tr('needDetail.lifecycle')}</h3>
      <StageBar
        total={need.quantity}
        totalLabel={tr('needDetail.needed')}
        unit={word(UNIT_IDS, lookups.items.get(need.item_id)?.unit ?? '')}
        stages={[
          { key: 'allocated', label: tr('details.stage.allocated'), value: need.stages.allocated },
          { key: 'met', label: tr('details.stage.metDelivered'), value: need.stages.met },
        ]}
      />
    </section>
  ),
};

/** One need: fields, how much is allocated and met, sources and history. */
export default function NeedDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
