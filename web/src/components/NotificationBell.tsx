import { useUnreadCount } from '../api/useNotifications.js';
import { useT } from '../i18n/index.js';
import { Link } from '../router.js';

/** The bell in the header: the signed-in person's unread notifications, leading to the inbox. */
export function NotificationBell({ signedIn }: { readonly signedIn: boolean }) {
  const t = useT();
  const count = useUnreadCount(signedIn);
  if (!signedIn) return null;
  const label = t('inbox.bell', { count: count ?? 0 });
  return (
    <Link to="/inbox" className="notification-bell" aria-label={label} title={label}>
      <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
      </svg>
      {count ? (
        <span className="notification-bell__count" data-testid="unread-count">
          {count}
        </span>
      ) : null}
    </Link>
  );
}
