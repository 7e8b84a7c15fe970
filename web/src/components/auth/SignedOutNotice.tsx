import type { SessionState } from '../../api/session.js';
import { T } from '../../i18n/index.js';
import { Link } from '../../router.js';

type SignedOut = Extract<SessionState, { status: 'signed-out' }>;

const WHY: Readonly<Record<SignedOut['reason'], string>> = {
  anonymous: 'auth.signedOutPublic',
  'signed-out': 'auth.signedOutPublic',
  expired: 'auth.signedOutExpired',
  ended: 'auth.signedOutEnded',
};

/** Says that a signed-out reader sees public records and published aggregates only. */
export function SignedOutNotice({ session, here }: { session: SignedOut; here: string }) {
  const again = session.reason === 'expired' || session.reason === 'ended';
  const link = (text: React.ReactNode) => <Link to={`/login?next=${encodeURIComponent(here)}`}>{text}</Link>;
  return (
    <p className={`notice-bar${again ? ' notice-bar--warn' : ''}`} role="status">
      <strong>
        <T id={WHY[session.reason]} />
      </strong>{' '}
      <T id={again ? 'auth.signInAgainToSee' : 'auth.signInToSee'} values={{ link }} />
    </p>
  );
}
