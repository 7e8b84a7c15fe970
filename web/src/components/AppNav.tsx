import { Link } from '../router.js';

export const NAV_ENTRIES: readonly { readonly path: string; readonly label: string }[] = [
  { path: '/', label: 'Overview' },
  { path: '/needs', label: 'Needs' },
  { path: '/pledges', label: 'Pledges' },
  { path: '/shipments', label: 'Shipments' },
  { path: '/events', label: 'Events' },
  { path: '/organisations', label: 'Organisations' },
  { path: '/items', label: 'Items' },
  { path: '/donors', label: 'Donors' },
  { path: '/readiness', label: 'Readiness' },
  { path: '/plans', label: 'Plans' },
  { path: '/admin/backups', label: 'Backups' },
];

function isCurrent(entry: string, pathname: string): boolean {
  return entry === '/' ? pathname === '/' : pathname === entry || pathname.startsWith(`${entry}/`);
}

/**
 * The main navigation; the current section is marked with aria-current and an underline.
 * `hidden` leaves out sections the signed-in reader's role cannot open.
 */
export function AppNav({ pathname, hidden = [] }: { pathname: string; hidden?: readonly string[] }) {
  return (
    <nav className="app-nav" aria-label="Main">
      <ul>
        {NAV_ENTRIES.filter((entry) => !hidden.includes(entry.path)).map((entry) => (
          <li key={entry.path}>
            <Link to={entry.path} aria-current={isCurrent(entry.path, pathname) ? 'page' : undefined}>
              {entry.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
