import { permission } from '../../api/permissions.js';
import { useSession } from '../../api/useSession.js';
import { ActionGate } from '../../components/auth/ActionGate.js';
import { useT } from '../../i18n/index.js';
import TokensPage from './TokensPage.js';
import UsersPage from './UsersPage.js';

/** /admin: the first administration screen the reader may use (accounts for admins, tokens for coordinators). */
export default function AdminIndexPage() {
  const t = useT();
  const { state: session } = useSession();
  if (permission(session, 'manage-users').allowed) return <UsersPage />;
  if (permission(session, 'manage-tokens').allowed) return <TokensPage />;
  return (
    <section className="panel" aria-labelledby="admin-title">
      <h2 id="admin-title">{t('admin.tabs')}</h2>
      <p>{t('admin.nothingHere')}</p>
      <ActionGate permission={permission(session, 'manage-tokens')} label={t('admin.tokens')}>
        {null}
      </ActionGate>
    </section>
  );
}
