import { permission } from '../../api/permissions.js';
import { useSession } from '../../api/useSession.js';
import { SectionTabs } from '../../components/SectionTabs.js';
import { useT } from '../../i18n/index.js';

export type AdminPath = '/admin/users' | '/admin/tokens' | '/admin/backups';

/** The operator's screens the reader may open: accounts and backups (admins), API tokens (admins, coordinators). */
export function AdminTabs({ current }: { current: AdminPath }) {
  const t = useT();
  const { state: session } = useSession();
  const tabs = [
    { path: '/admin/users', label: t('admin.users'), action: 'manage-users' },
    { path: '/admin/tokens', label: t('admin.tokens'), action: 'manage-tokens' },
    { path: '/admin/backups', label: t('admin.backups'), action: 'read-backups' },
  ] as const;
  return (
    <SectionTabs
      label={t('admin.tabs')}
      current={current}
      tabs={tabs.filter((tab) => tab.path === current || permission(session, tab.action).allowed)}
    />
  );
}
