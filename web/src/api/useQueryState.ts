import { useCallback, useMemo } from 'react';
import { navigate, useLocation } from '../router.js';

/**
 * The page's query string as state: filters, sort and cursor live in the URL so that a view can
 * be shared and reloaded, and back/forward step through it. `update` sets (or, with '' or null,
 * removes) parameters; any change but the cursor's starts again from the first page.
 */
export function useQueryState(): [URLSearchParams, (patch: Record<string, string | null>) => void] {
  const { pathname, search } = useLocation();
  const query = useMemo(() => new URLSearchParams(search), [search]);
  const update = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(search);
      if (!('cursor' in patch)) next.delete('cursor');
      for (const [name, value] of Object.entries(patch)) {
        if (value === null || value === '') next.delete(name);
        else next.set(name, value);
      }
      const text = next.toString();
      navigate(`${pathname}${text ? `?${text}` : ''}`);
    },
    [pathname, search],
  );
  return [query, update];
}
