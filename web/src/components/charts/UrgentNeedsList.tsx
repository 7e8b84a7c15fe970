import type { OpenCriticalNeed } from '../../api/useCriticalNeeds.js';
import { formatDay, formatQuantity } from '../../format.js';
import { useLocale, useT } from '../../i18n/index.js';
import { localName } from '../../i18n/names.js';
import { Link } from '../../router.js';

interface UrgentNeedsListProps {
  readonly needs: readonly OpenCriticalNeed[];
}

/** The critical needs due soonest that still wait for allocations, each linking to its record. */
export function UrgentNeedsList({ needs }: UrgentNeedsListProps) {
  const t = useT();
  const locale = useLocale();
  if (needs.length === 0) return <p className="muted">{t('overview.noUrgent')}</p>;
  return (
    <ol className="urgent-list">
      {needs.map((need) => {
        const item = localName({ name: need.itemName, name_uk: need.itemNameUk }, locale);
        const region = localName({ name: need.regionName, name_uk: need.regionNameUk }, locale);
        return (
          <li key={need.id} className="urgent-list__item">
            <Link to={`/needs/${need.id}`} className="urgent-list__link truncate" title={item}>
              {item}
            </Link>
            <span className="urgent-list__meta">
              {formatQuantity(need.unallocated)} {need.unit} · {region} · {t('overview.dueBy')}{' '}
              <time dateTime={need.neededBy}>{formatDay(need.neededBy)}</time>
            </span>
          </li>
        );
      })}
    </ol>
  );
}
