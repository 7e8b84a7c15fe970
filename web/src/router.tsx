import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

/** Fired after pushState/replaceState, which (unlike back/forward) raise no popstate. */
const NAVIGATE_EVENT = 'aidgrid:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

function snapshot(): string {
  return `${window.location.pathname}${window.location.search}`;
}

export interface Location {
  readonly pathname: string;
  readonly search: string;
}

/** The current path and query string, re-rendering on every navigation (links, back, forward). */
export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot, snapshot);
  const queryAt = href.indexOf('?');
  return queryAt < 0
    ? { pathname: href, search: '' }
    : { pathname: href.slice(0, queryAt), search: href.slice(queryAt) };
}

/** Goes to `to` through the History API; `replace` rewrites the current entry instead of adding one. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

export type RouteParams = Readonly<Record<string, string>>;

/**
 * Matches a pattern such as `/needs/:id` against a path; the parameters (decoded) when it fits,
 * otherwise undefined. A trailing slash is ignored.
 */
export function matchPath(pattern: string, pathname: string): RouteParams | undefined {
  const want = pattern.split('/').filter(Boolean);
  const have = pathname.split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const part = want[i] as string;
    const value = have[i] as string;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (part !== value) {
      return undefined;
    }
  }
  return params;
}

function isPlainLeftClick(event: MouseEvent<HTMLAnchorElement>): boolean {
  return (
    event.button === 0 &&
    !event.metaKey &&
    !event.altKey &&
    !event.ctrlKey &&
    !event.shiftKey &&
    !event.defaultPrevented
  );
}

interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  readonly to: string;
}

/** A real link (open in new tab, copy address all work) that navigates in-page on a plain click. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  return (
    <a
      {...rest}
      href={to}
      onClick={(event) => {
        onClick?.(event);
        if (!isPlainLeftClick(event) || rest.target) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
