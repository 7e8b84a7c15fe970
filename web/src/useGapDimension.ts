import { useCallback, useEffect, useState } from 'react';
import { GAP_DIMENSIONS, type GapDimension } from './api/contract.js';

/** Reads `?by=` from a query string; anything unknown falls back to the default grouping. */
export function parseGapDimension(search: string): GapDimension {
  const by = new URLSearchParams(search).get('by');
  return GAP_DIMENSIONS.find((dimension) => dimension === by) ?? 'category';
}

/** The query string with `by` set, keeping every other parameter. */
export function withGapDimension(search: string, by: GapDimension): string {
  const params = new URLSearchParams(search);
  params.set('by', by);
  return `?${params.toString()}`;
}

/**
 * The gap grouping, kept in the URL (`?by=region`) so that a view can be bookmarked and shared,
 * and the browser's back button returns to the previous grouping.
 */
export function useGapDimension(): [GapDimension, (by: GapDimension) => void] {
  const [by, setBy] = useState(() => parseGapDimension(window.location.search));

  useEffect(() => {
    const onPopState = () => setBy(parseGapDimension(window.location.search));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const choose = useCallback((next: GapDimension) => {
    const search = withGapDimension(window.location.search, next);
    if (search !== window.location.search) {
      window.history.pushState(null, '', `${window.location.pathname}${search}${window.location.hash}`);
    }
    setBy(next);
  }, []);

  return [by, choose];
}
