import { Suspense, useEffect, useRef, useState } from 'react';
import { permission } from './api/permissions.js';
import { useDataAsOf } from './api/useDataAsOf.js';
import { useHealth } from './api/useHealth.js';
import { useOrganisationName } from './api/useOrganisationName.js';
import { signOut, useSession } from './api/useSession.js';
import { useSyntheticData } from './api/useSyntheticData.js';
import { AppNav } from './components/AppNav.js';
import { SignedOutNotice } from './components/auth/SignedOutNotice.js';
import { UserPanel } from './components/auth/UserPanel.js';
import { DataAsOf } from './components/DataAsOf.js';
import { HealthBadge } from './components/HealthBadge.js';
import { LanguageSwitch } from './components/LanguageSwitch.js';
import { NotificationBell } from './components/NotificationBell.js';
import { SearchBox } from './components/SearchBox.js';
import { SyntheticBanner } from './components/SyntheticBanner.js';
import { useT } from './i18n/index.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { matchPath, navigate, useLocation } from './router.js';
import { ROUTES } from './routes.js';

function useMatchedRoute(pathname: string) {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

/** The shell: header with the signed-in user, navigation, and the page the URL names. */
export function App() {
  const t = useT();
  const { pathname, search } = useLocation();
  const here = `${pathname}${search}`;
  const health = useHealth();
  const dataAsOf = useDataAsOf();
  const { state: session, epoch } = useSession();
  const synthetic = useSyntheticData(epoch);
  const organisation = useOrganisationName(session.status === 'signed-in' ? session.user.org_id : undefined);
  const [signingOut, setSigningOut] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const matched = useMatchedRoute(pathname);
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(pathname);
  const needsAccount = matched?.route.account === true;

  // After an in-page navigation, move focus to the new page so keyboard and screen-reader users
  // start there (but not on the first load, which would skip the navigation).
  useEffect(() => {
    if (pathname !== firstPath.current) {
      firstPath.current = '';
      mainRef.current?.focus();
    }
  }, [pathname]);

  // A page that needs an account sends a signed-out reader to sign in, and back here afterwards.
  useEffect(() => {
    if (needsAccount && session.status === 'signed-out') {
      navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    }
  }, [needsAccount, session.status, here]);

  const onSignOut = async (everywhere: boolean) => {
    setSigningOut({ busy: true });
    const error = await signOut(everywhere);
    setSigningOut({ busy: false, error });
  };

  // A signed-out reader still sees Plans (it leads to sign-in); a role that may not read plans does not.
  const hiddenSections = [
    ...(session.status === 'signed-in' && !permission(session, 'read-plans').allowed ? ['/plans'] : []),
    // Administration (accounts, tokens, backups) is the operator's: shown to admins, and to coordinators
    // for their organisation's API tokens; to nobody else.
    ...(session.status === 'signed-in' && permission(session, 'manage-tokens').allowed ? [] : ['/admin']),
    // Imports are offered to those who may upload one (signed in, a role that may create records).
    ...(permission(session, 'import-file').allowed ? [] : ['/imports']),
  ];
  const Page = matched?.route.page;
  const waitForSession = needsAccount && session.status !== 'signed-in';
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header className="app-header">
        <h1>{t('app.title')}</h1>
        <div className="app-header__side">
          <DataAsOf clock={dataAsOf} />
          <LanguageSwitch />
          <HealthBadge health={health} />
          <NotificationBell signedIn={session.status === 'signed-in'} />
          <UserPanel
            session={session}
            organisation={organisation}
            here={here}
            busy={signingOut.busy}
            error={signingOut.error}
            onSignOut={(everywhere) => void onSignOut(everywhere)}
          />
        </div>
      </header>
      {/* The search box comes after the sections, so that the keyboard reaches the sections first. */}
      <div className="app-navbar">
        <AppNav pathname={pathname} hidden={hiddenSections} />
        <SearchBox />
      </div>
      {synthetic.state === 'ready' && synthetic.data ? <SyntheticBanner /> : null}
      {session.status === 'signed-out' && pathname !== '/login' ? (
        <SignedOutNotice session={session} here={here} />
      ) : null}
      {/* Keyed by the session epoch: after a sign-in or sign-out the page fetches what the new reader may see. */}
      <main className="app-main" id="main" ref={mainRef} tabIndex={-1} key={epoch}>
        <Suspense
          fallback={
            <p className="state state--loading" role="status">
              {t('app.loadingPage')}
            </p>
          }
        >
          {waitForSession ? (
            <p className="state state--loading" role="status">
              {t('app.checkingSession')}
            </p>
          ) : Page && matched ? (
            <Page params={matched.params} />
          ) : (
            <NotFoundPage />
          )}
        </Suspense>
      </main>
    </>
  );
}
