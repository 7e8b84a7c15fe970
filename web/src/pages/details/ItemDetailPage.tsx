import type { Item } from '../../api/contract.js';
import { formatQuantity } from '../../format.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

const config: DetailConfig<Item> = {
  collection: 'items',
  entity: 'item',
  sourcesEntity: 'item',
  listTitle: 'Items',
  title: (item) => item.name,
  fields: (item) => [
    ['Code', item.code],
    ['Name', item.name],
    ['Category', item.category],
    ['Unit', item.unit],
    [
      'Reference price',
      item.reference_price
        ? `${formatQuantity(Number(item.reference_price.amount))} ${item.reference_price.currency}`
        : null,
    ],
    ['Description', item.description],
    [
      'Needs',
      <Link key="needs" to={`/needs?item_id=${item.id}`}>
        Show needs
      </Link>,
    ],
    [
      'Pledges',
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
