import type { SessionState } from '../../api/session.js';
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
  if (session.status === 'loading') {
    return (
      <p className="user-panel user-panel--loading" role="status">
        Checking sign-in…
      </p>
    );
  }
  if (session.status === 'signed-out') {
    return (
      <div className="user-panel">
        <Link className="user-panel__sign-in" to={`/login?next=${encodeURIComponent(here)}`}>
          Sign in
        </Link>
      </div>
    );
  }
  const { user } = session;
  return (
    <div className="user-panel">
      <dl className="user-panel__who" aria-label="Signed in as">
        <div className="user-panel__stack">
          <dt className="visually-hidden">Name</dt>
          <dd className="user-panel__name" title={user.email}>
            {user.display_name}
          </dd>
          <dt className="visually-hidden">Organisation</dt>
          <dd className="user-panel__org" title={organisation}>
            {organisation ?? '…'}
          </dd>
        </div>
        <div className="user-panel__stack">
          <dt className="visually-hidden">Role</dt>
          <dd className="user-panel__role">{user.role}</dd>
          <dt className="visually-hidden">Clearance</dt>
          <dd className="user-panel__clearance" title="The highest classification you may read">
            clearance: {user.clearance}
          </dd>
        </div>
      </dl>
      <div className="user-panel__actions">
        <button type="button" disabled={busy} onClick={() => onSignOut(false)}>
          Sign out
        </button>
        <button
          type="button"
          className="user-panel__everywhere"
          disabled={busy}
          title="Ends your sessions in every browser"
          onClick={() => onSignOut(true)}
        >
          Sign out everywhere
        </button>
      </div>
      {error ? (
        <p className="user-panel__error" role="alert">
          Signing out failed: {error}
        </p>
      ) : null}
    </div>
  );
}
