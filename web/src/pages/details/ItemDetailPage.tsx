import type { Item } from '../../api/contract.js';
import { formatMoney } from '../../format.js';
import { currentLocale, tr } from '../../i18n/index.js';
import { localName } from '../../i18n/names.js';
import { UNIT_IDS, word } from '../../i18n/words.js';
import { Link } from '../../router.js';
import type { PageProps } from '../../routes.js';
import { categoryName } from '../lists/names.js';
import { type DetailConfig, metaFields, RecordDetail } from './RecordDetail.js';

const config: DetailConfig<Item> = {
  collection: 'items',
  entity: 'item',
  sourcesEntity: 'item',
  listTitle: 'items.title',
  title: (item) => localName(item, currentLocale()),
  fields: (item, lookups) => [
    [tr('details.field.code'), item.code],
    [tr('details.field.name'), localName(item, currentLocale())],
    [tr('details.field.category'), categoryName(lookups, item.category)],
    [tr('details.field.unit'), word(UNIT_IDS, item.unit)],
    [
      tr('details.field.referencePrice'),
      item.reference_price ? formatMoney(item.reference_price.amount, item.reference_price.currency) : null,
    ],
    [tr('details.field.description'), item.description],
    [
      tr('details.field.needs'),
      <Link key="needs" to={`/needs?item_id=${item.id}`}>
        {tr('itemDetail.showNeeds')}
      </Link>,
    ],
    [
      tr('details.field.pledges'),
      <Link key="pledges" to={`/pledges?item_id=${item.id}`}>
        {tr('itemDetail.showPledges')}
      </Link>,
    ],
    ...metaFields(item),
  ],
};

/** One catalogue item. */
export default function ItemDetailPage({ params }: PageProps) {
  return <RecordDetail config={config} id={params.id ?? ''} />;
}
