import { useT } from '../i18n/index.js';
import { Link } from '../router.js';

/**
 * The sections; `label` is a message id (web/src/i18n/<locale>/nav.json). `also`: other paths
 * that belong to the section (its tabs), marked current too.
 */
export const NAV_ENTRIES: readonly {
  readonly path: string;
  readonly label: string;
  readonly also?: readonly string[];
}[] = [
  { path: '/', label: 'nav.overview' },
  { path: '/map', label: 'nav.map' },
  { path: '/needs', label: 'nav.needs' },
  { path: '/pledges', label: 'nav.pledges' },
  { path: '/shipments', label: 'nav.shipments' },
  { path: '/events', label: 'nav.events' },
  { path: '/organisations', label: 'nav.organisations' },
  { path: '/items', label: 'nav.items' },
  { path: '/donors', label: 'nav.donors' },
  { path: '/readiness', label: 'nav.readiness' },
  { path: '/repairs', label: 'nav.repairs' },
  { path: '/plans', label: 'nav.plans' },
  { path: '/sources', label: 'nav.registry', also: ['/fx', '/duplicates'] },
  // Accounts, API tokens and backups, as tabs of one section.
  { path: '/admin', label: 'nav.admin' },
];

function isCurrent(entry: string, pathname: string): boolean {
  return entry === '/' ? pathname === '/' : pathname === entry || pathname.startsWith(`${entry}/`);
}

/**
 * The main navigation; the current section is marked with aria-current and an underline.
 * `hidden` leaves out sections the signed-in reader's role cannot open.
 */
export function AppNav({ pathname, hidden = [] }: { pathname: string; hidden?: readonly string[] }) {
  const t = useT();
  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      <ul>
        {NAV_ENTRIES.filter((entry) => !hidden.includes(entry.path)).map((entry) => (
          <li key={entry.path}>
            <Link
              to={entry.path}
              aria-current={
                [entry.path, ...(entry.also ?? [])].some((path) => isCurrent(path, pathname))
                  ? 'page'
                  : undefined
              }
            >
              {t(entry.label)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
