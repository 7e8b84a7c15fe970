import { Suspense, useEffect, useRef } from 'react';
import { useHealth } from './api/useHealth.js';
import { useSyntheticData } from './api/useSyntheticData.js';
import { AppNav } from './components/AppNav.js';
import { HealthBadge } from './components/HealthBadge.js';
import { SyntheticBanner } from './components/SyntheticBanner.js';
import { NotFoundPage } from './pages/NotFoundPage.js';
import { matchPath, useLocation } from './router.js';
import { ROUTES } from './routes.js';

function useMatchedRoute(pathname: string) {
  for (const route of ROUTES) {
    const params = matchPath(route.path, pathname);
    if (params) return { route, params };
  }
  return undefined;
}

/** The shell: header, navigation, and the page the URL names. */
export function App() {
  const { pathname } = useLocation();
  const health = useHealth();
  const synthetic = useSyntheticData();
  const matched = useMatchedRoute(pathname);
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(pathname);

  // After an in-page navigation, move focus to the new page so keyboard and screen-reader users
  // start there (but not on the first load, which would skip the navigation).
  useEffect(() => {
    if (pathname !== firstPath.current) {
      firstPath.current = '';
      mainRef.current?.focus();
    }
  }, [pathname]);

  const Page = matched?.route.page;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <h1>aidgrid — coordination picture</h1>
        <HealthBadge health={health} />
      </header>
      <AppNav pathname={pathname} />
      {synthetic.state === 'ready' && synthetic.data ? <SyntheticBanner /> : null}
      <main className="app-main" id="main" ref={mainRef} tabIndex={-1}>
        <Suspense
          fallback={
            <p className="state state--loading" role="status">
              Loading the page…
            </p>
          }
        >
          {Page && matched ? <Page params={matched.params} /> : <NotFoundPage />}
        </Suspense>
      </main>
    </>
  );
}
