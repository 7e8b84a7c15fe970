import type { GapDimension, GapReport } from './contract.js';
import { getJson } from './http.js';
import { type Remote, useRemote } from './useRemote.js';

/** The gap report (needed, pledged, unmet) grouped by `by`. */
export function useGaps(by: GapDimension): Remote<GapReport> {
  const url = `/api/v1/gaps?by=${encodeURIComponent(by)}`;
  return useRemote(url, (signal) => getJson<GapReport>(url, { signal }));
}
