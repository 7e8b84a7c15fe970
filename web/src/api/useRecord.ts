import { getJson } from './http.js';
import { type Remote, useRemote } from './useRemote.js';

/** Any JSON the API answers at `url`; `undefined` skips the request and stays loading. */
export function useJson<T>(url: string | undefined): Remote<T> {
  return useRemote(url ?? '', (signal) =>
    url === undefined ? new Promise<T>(() => {}) : getJson<T>(url, { signal }),
  );
}

/** One record, e.g. `useRecord<Need>('needs', id)` → GET /api/v1/needs/{id}. */
export function useRecord<T>(collection: string, id: string): Remote<T> {
  return useJson<T>(`/api/v1/${collection}/${encodeURIComponent(id)}`);
}
