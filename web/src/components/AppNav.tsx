import { useT } from '../i18n/index.js';
import { Link } from '../router.js';

export interface NavEntry {
  readonly path: string;
  /** A message id (web/src/i18n/<locale>/nav.json). */
  readonly label: string;
  /** Other paths that belong to the section (its tabs), marked current too. */
  readonly also?: readonly string[];
}

/** The daily work of a coordination cell: the first row. */
export const NAV_ENTRIES: readonly NavEntry[] = [
  { path: '/', label: 'nav.overview' },
  { path: '/map', label: 'nav.map' },
  { path: '/needs', label: 'nav.needs' },
  { path: '/pledges', label: 'nav.pledges' },
  { path: '/allocations', label: 'nav.allocations' },
  { path: '/shipments', label: 'nav.shipments' },
  { path: '/incidents', label: 'nav.incidents' },
  { path: '/capacity', label: 'nav.capacity' },
  { path: '/repairs', label: 'nav.repairs' },
  { path: '/plans', label: 'nav.plans' },
];

/** Reference lists, reports and administration: the second, smaller row. */
export const NAV_MORE_ENTRIES: readonly NavEntry[] = [
  { path: '/events', label: 'nav.events' },
  { path: '/organisations', label: 'nav.organisations' },
  { path: '/items', label: 'nav.items' },
  { path: '/donors', label: 'nav.donors' },
  { path: '/readiness', label: 'nav.readiness' },
  { path: '/open-data', label: 'nav.openData' },
  { path: '/imports', label: 'nav.imports' },
  // Sources, exchange rates and duplicate review, as tabs of one section.
  { path: '/sources', label: 'nav.registry', also: ['/fx', '/duplicates'] },
  // Accounts, API tokens and backups, as tabs of one section.
  { path: '/admin', label: 'nav.admin' },
];

function isCurrent(entry: string, pathname: string): boolean {
  return entry === '/' ? pathname === '/' : pathname === entry || pathname.startsWith(`${entry}/`);
}

function Entries({
  entries,
  pathname,
  hidden,
  className,
}: {
  entries: readonly NavEntry[];
  pathname: string;
  hidden: readonly string[];
  className: string;
}) {
  const t = useT();
  return (
    <ul className={className}>
      {entries
        .filter((entry) => !hidden.includes(entry.path))
        .map((entry) => (
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
  );
}

/**
 * The main navigation, in two rows: the daily work, then reference lists, reports and
 * administration. The current section is marked with aria-current and an underline. `hidden`
 * leaves out sections the signed-in reader's role cannot open.
 */
export function AppNav({ pathname, hidden = [] }: { pathname: string; hidden?: readonly string[] }) {
  const t = useT();
  return (
    <nav className="app-nav" aria-label={t('nav.label')}>
      <Entries entries={NAV_ENTRIES} pathname={pathname} hidden={hidden} className="app-nav__main" />
      <Entries entries={NAV_MORE_ENTRIES} pathname={pathname} hidden={hidden} className="app-nav__more" />
    </nav>
  );
}
