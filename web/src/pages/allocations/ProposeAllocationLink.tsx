import { permission } from '../../api/permissions.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { useT } from '../../i18n/index.js';
import { Link } from '../../router.js';

/** "Propose allocation" from a need or a pledge, offered to the roles that may (the others are told why). */
export function ProposeAllocationLink({ need, pledge }: { need?: string; pledge?: string }) {
  const t = useT();
  const { state: session } = useSession();
  const query = need ? `need=${encodeURIComponent(need)}` : `pledge=${encodeURIComponent(pledge ?? '')}`;
  return (
    <span className="propose-allocation">
      <ActionGate permission={permission(session, 'propose-allocation')} label={t('allocations.propose')}>
        <Link className="action-link" to={`/allocations/new?${query}`}>
          {t('allocations.propose')}
        </Link>
      </ActionGate>{' '}
      <Link to={`/allocations?${need ? 'need_id' : 'pledge_id'}=${encodeURIComponent(need ?? pledge ?? '')}`}>
        {t('allocations.ofThis')}
      </Link>
    </span>
  );
}
