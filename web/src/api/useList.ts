import type { Page } from './contract.js';
import { useJson } from './useRecord.js';
import type { Remote } from './useRemote.js';

/** Only these query parameters go to the API; the rest of the page's URL is the UI's own. */
export function listUrl(collection: string, query: URLSearchParams, allowed: readonly string[]): string {
  const params = new URLSearchParams();
  for (const name of [...allowed, 'sort', 'cursor', 'limit']) {
    const value = query.get(name);
    if (value) params.set(name, value);
  }
  const search = params.toString();
  return `/api/v1/${collection}${search ? `?${search}` : ''}`;
}

/** One page of a list, with the filters, sort and cursor the page's URL carries. */
export function useList<T>(
  collection: string,
  query: URLSearchParams,
  allowed: readonly string[],
): Remote<Page<T>> {
  return useJson<Page<T>>(listUrl(collection, query, allowed));
}
