import { Link, useLocation } from '../../router.js';

/** "Sign in" that comes back to the current page afterwards. */
export function SignInLink({ children = 'Sign in' }: { children?: string }) {
  const { pathname, search } = useLocation();
  return <Link to={`/login?next=${encodeURIComponent(`${pathname}${search}`)}`}>{children}</Link>;
}
