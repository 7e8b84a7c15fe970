import type { Need } from './contract.js';
import { getJson } from './http.js';
import { type Remote, useRemote } from './useRemote.js';

/**
 * Whether the records are generated demo data. The demo loads everything with `synthetic: true`
 * and real records never are, so the first need tells; no needs at all means nothing to warn about.
 * The shell asks again for each session `epoch`: another reader may see other needs.
 */
export function useSyntheticData(epoch = 0): Remote<boolean> {
  const url = '/api/v1/needs?limit=1';
  return useRemote(`${url}#${epoch}`, async (signal) => {
    const page = await getJson<{ items: Need[] }>(url, { signal });
    return page.items[0]?.synthetic === true;
  });
}
