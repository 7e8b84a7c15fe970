import { Link } from '../router.js';

export interface SectionTab {
  readonly path: string;
  /** The tab's words, already in the language on screen. */
  readonly label: string;
}

/** The screens of one section (registry, admin) side by side; the current one marked with aria-current. */
export function SectionTabs({
  label,
  tabs,
  current,
}: {
  label: string;
  tabs: readonly SectionTab[];
  current: string;
}) {
  return (
    <nav className="section-tabs" aria-label={label}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.path}>
            <Link to={tab.path} aria-current={tab.path === current ? 'page' : undefined}>
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
