import type { Need } from '../../api/contract.js';
import { StageBar } from '../../components/StageBar.js';
import { formatQuantity } from '../../format.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { itemName, organisationName, regionName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

const config: DetailConfig<Need> = {
  collection: 'needs',
  entity: 'need',
  sourcesEntity: 'need',
  listTitle: 'Needs',
  edit: { action: 'edit-need', label: 'Edit need', to: (need) => `/needs/${need.id}/edit` },
  title: (need, lookups) => `Need: ${formatQuantity(need.quantity)} × ${itemName(lookups, need.item_id)}`,
  fields: (need, lookups) => [
    [
      'Item',
      <Link key="item" to={`/items/${need.item_id}`}>
        {itemName(lookups, need.item_id)}
      </Link>,
    ],
    ['Category', lookups.items.get(need.item_id)?.category],
    ['Quantity', `${formatQuantity(need.quantity)} ${lookups.items.get(need.item_id)?.unit ?? ''}`],
    [
      'Region',
      <Link key="region" to={`/needs?region_id=${need.region_id}`}>
        {regionName(lookups, need.region_id)}
      </Link>,
    ],
    [
      'Recipient',
      <Link key="recipient" to={`/organisations/${need.recipient_org_id}`}>
        {organisationName(lookups, need.recipient_org_id)}
      </Link>,
    ],
    ['Priority', need.priority],
    ['Needed by', need.needed_by],
    ['Status', need.status.replaceAll('_', ' ')],
    ['Justification', need.justification],
    ['Derived from incident', need.incident_id],
    ['Derivation', need.derivation],
    ['Needs review', need.needs_review ? `yes — ${need.review_reason ?? ''}` : 'no'],
    [
      'Pledges for this need',
      <Link key="pledges" to={`/pledges?need_id=${need.id}`}>
        Show pledges
      </Link>,
    ],
    ...metaFields(need),
  ],
  sections: (need, lookups) => (
    <section className="detail-section" aria-labelledby="need-lifecycle-title">
      <h3 id="need-lifecycle-title">Lifecycle</h3>
      <StageBar
        total={need.quantity}
        totalLabel="Needed"
        unit={lookups.items.get(need.item_id)?.unit}
        stages={[
          { key: 'allocated', label: 'Allocated', value: need.stages.allocated },
          { key: 'met', label: 'Met (delivered)', value: need.stages.met },
        ]}
      />
    </section>
  ),
};

/** One need: fields, how much is allocated and met, sources and history. */
export default function NeedDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
