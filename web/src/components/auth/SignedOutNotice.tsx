import type { SessionState } from '../../api/session.js';
import { Link } from '../../router.js';

type SignedOut = Extract<SessionState, { status: 'signed-out' }>;

const WHY: Readonly<Record<SignedOut['reason'], string>> = {
  anonymous: 'Signed out — showing public data only.',
  'signed-out': 'Signed out — showing public data only.',
  expired: 'Your session expired: signed out — showing public data only.',
  ended: 'Your session was ended: signed out — showing public data only.',
};

/** Says that a signed-out reader sees public records and published aggregates only. */
export function SignedOutNotice({ session, here }: { session: SignedOut; here: string }) {
  const again = session.reason === 'expired' || session.reason === 'ended';
  return (
    <p className={`notice-bar${again ? ' notice-bar--warn' : ''}`} role="status">
      <strong>{WHY[session.reason]}</strong>{' '}
      <Link to={`/login?next=${encodeURIComponent(here)}`}>{again ? 'Sign in again' : 'Sign in'}</Link> to see
      the records your organisation may read.
    </p>
  );
}
