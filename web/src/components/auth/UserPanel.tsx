import type { SessionState } from '../../api/session.js';
import { useT } from '../../i18n/index.js';
import { CLASSIFICATION_IDS, ROLE_IDS } from '../../i18n/words.js';
import { Link } from '../../router.js';

interface UserPanelProps {
  readonly session: SessionState;
  /** The name of the user's organisation, once known. */
  readonly organisation: string | undefined;
  /** Where "Sign in" returns to afterwards. */
  readonly here: string;
  readonly busy: boolean;
  readonly error: string | undefined;
  readonly onSignOut: (everywhere: boolean) => void;
}

/** Who is signed in (name, organisation, role, clearance) with sign-out, or a sign-in link. */
export function UserPanel({ session, organisation, here, busy, error, onSignOut }: UserPanelProps) {
  const t = useT();
  if (session.status === 'loading') {
    return (
      <p className="user-panel user-panel--loading" role="status">
        {t('auth.checking')}
      </p>
    );
  }
  if (session.status === 'signed-out') {
    return (
      <div className="user-panel">
        <Link className="user-panel__sign-in" to={`/login?next=${encodeURIComponent(here)}`}>
          {t('auth.signIn')}
        </Link>
      </div>
    );
  }
  const { user } = session;
  return (
    <div className="user-panel">
      <dl className="user-panel__who" aria-label={t('auth.signedInAs')}>
        <div className="user-panel__stack">
          <dt className="visually-hidden">{t('auth.name')}</dt>
          <dd className="user-panel__name" title={user.email}>
            {user.display_name}
          </dd>
          <dt className="visually-hidden">{t('auth.organisation')}</dt>
          <dd className="user-panel__org" title={organisation}>
            {organisation ?? '…'}
          </dd>
        </div>
        <div className="user-panel__stack">
          <dt className="visually-hidden">{t('auth.role')}</dt>
          <dd className="user-panel__role">{t(ROLE_IDS[user.role])}</dd>
          <dt className="visually-hidden">{t('auth.clearance')}</dt>
          <dd className="user-panel__clearance" title={t('auth.clearanceTitle')}>
            {t('auth.clearanceValue', { clearance: t(CLASSIFICATION_IDS[user.clearance]) })}
          </dd>
        </div>
      </dl>
      <div className="user-panel__actions">
        <button type="button" disabled={busy} onClick={() => onSignOut(false)}>
          {t('auth.signOut')}
        </button>
        <button
          type="button"
          className="user-panel__everywhere"
          disabled={busy}
          title={t('auth.signOutEverywhereTitle')}
          onClick={() => onSignOut(true)}
        >
          {t('auth.signOutEverywhere')}
        </button>
      </div>
      {error ? (
        <p className="user-panel__error" role="alert">
          {t('auth.signOutFailed', { error })}
        </p>
      ) : null}
    </div>
  );
}
