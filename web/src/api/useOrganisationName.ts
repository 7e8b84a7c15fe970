import type { Organisation } from './contract.js';
import { getJson } from './http.js';
import { useRemote } from './useRemote.js';

/** The name of one organisation (the signed-in user's), undefined until known or without an id. */
export function useOrganisationName(id: string | undefined): string | undefined {
  const url = id ? `/api/v1/organisations/${encodeURIComponent(id)}` : '';
  const remote = useRemote(`organisation-name:${url}`, async (signal) =>
    url ? (await getJson<Organisation>(url, { signal })).name : undefined,
  );
  return remote.state === 'ready' ? remote.data : undefined;
}
