import { useT } from '../../i18n/index.js';
import { Link, useLocation } from '../../router.js';

/** "Sign in" that comes back to the current page afterwards. */
export function SignInLink({ children }: { children?: string }) {
  const t = useT();
  const { pathname, search } = useLocation();
  return (
    <Link to={`/login?next=${encodeURIComponent(`${pathname}${search}`)}`}>
      {children ?? t('auth.signIn')}
    </Link>
  );
}
