import type { Health } from './contract.js';
import { getJson } from './http.js';
import { type Remote, useRemote } from './useRemote.js';

/** The API's own health check; a degraded service answers 503 with the same body. */
export function useHealth(): Remote<Health> {
  return useRemote('/api/health', (signal) => getJson<Health>('/api/health', { signal, accept: [503] }));
}
