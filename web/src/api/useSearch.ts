import { useJson } from './useRecord.js';
import type { Remote } from './useRemote.js';

/** The kinds GET /api/v1/search looks in, in the order it answers them. */
export const SEARCH_KINDS = [
  'need',
  'pledge',
  'organisation',
  'item',
  'event',
  'shipment',
  'incident',
] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** One found record (SearchHitSchema in src/core/search/search.schema.ts). */
export interface SearchHit {
  readonly id: string;
  readonly title: string;
  readonly title_uk: string | null;
  readonly subtitle: string;
  readonly rank: number;
}

export interface SearchGroup {
  readonly kind: SearchKind;
  readonly items: readonly SearchHit[];
  readonly more: boolean;
}

export interface SearchResult {
  readonly q: string;
  readonly words: readonly string[];
  readonly groups: readonly SearchGroup[];
}

/** The search URL of the API for the words `q`, optionally one kind with a larger limit. */
export function searchUrl(q: string, kind?: string | null): string {
  const params = new URLSearchParams({ q });
  if (kind) {
    params.set('kinds', kind);
    params.set('limit', '50');
  } else {
    params.set('limit', '10');
  }
  return `/api/v1/search?${params.toString()}`;
}

/** Records of every kind the reader may see that match every word of `q`; stays loading without words. */
export function useSearch(q: string, kind?: string | null): Remote<SearchResult> {
  return useJson<SearchResult>(q.trim() ? searchUrl(q, kind) : undefined);
}
