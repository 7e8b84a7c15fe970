import type { GapWeeklyReport } from './formsContract.js';
import { getJson } from './http.js';
import { type Remote, useRemote } from './useRemote.js';

/** Cumulative needed / pledged / committed / delivered per ISO week, for everything or one group. */
export function useWeekly(group?: { by: string; key: string }): Remote<GapWeeklyReport> {
  const url = group
    ? `/api/v1/gaps/weekly?by=${encodeURIComponent(group.by)}&key=${encodeURIComponent(group.key)}`
    : '/api/v1/gaps/weekly';
  return useRemote(url, (signal) => getJson<GapWeeklyReport>(url, { signal }));
}
