import type { Item } from '../../api/contract.js';
import { formatQuantity } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

const config: DetailConfig<Item> = {
  collection: 'items',
  entity: 'item',
  sourcesEntity: 'item',
  listTitle: 'items.title',
  title: (item) => item.name,
  fields: (item) => [
    [tr('details.field.code'), item.code],
    [tr('details.field.name'), item.name],
    [tr('details.field.category'), item.category],
    [tr('details.field.unit'), item.unit],
    [
      tr('details.field.referencePrice'),
      item.reference_price
        ? `${formatQuantity(Number(item.reference_price.amount))} ${item.reference_price.currency}`
        : null,
    ],
    [tr('details.field.description'), item.description],
    [
      tr('details.field.needs'),
      <Link key="needs" to={`/needs?item_id=${item.id}`}>
        Show needs
      </Link>,
    ],
    [
      tr('details.field.pledges'),
      <Link key="pledges" to={`/pledges?item_id=${item.id}`}>
        Show pledges
      </Link>,
    ],
    ...metaFields(item),
  ],
};

/** One catalogue item. */
export default function ItemDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
