import type { OpenCriticalNeed } from '../../api/useCriticalNeeds.js';
import { formatQuantity } from '../../format.js';
import { Link } from '../../router.js';

interface UrgentNeedsListProps {
  readonly needs: readonly OpenCriticalNeed[];
}

/** The critical needs due soonest that still wait for allocations, each linking to its record. */
export function UrgentNeedsList({ needs }: UrgentNeedsListProps) {
  if (needs.length === 0) return <p className="muted">No critical need is waiting for allocations.</p>;
  return (
    <ol className="urgent-list">
      {needs.map((need) => (
        <li key={need.id} className="urgent-list__item">
          <Link to={`/needs/${need.id}`} className="urgent-list__link truncate" title={need.itemName}>
            {need.itemName}
          </Link>
          <span className="urgent-list__meta">
            {formatQuantity(need.unallocated)} {need.unit} · {need.regionName} · by{' '}
            <time dateTime={need.neededBy}>{need.neededBy}</time>
          </span>
        </li>
      ))}
    </ol>
  );
}
