import type { DonorFunnelReport, EventConversionReport } from './formsContract.js';
import { getJson } from './http.js';
import { type Remote, useRemote } from './useRemote.js';

/** Per donor, announced → committed → allocated → shipped → delivered, with EUR values. */
export function useDonorFunnels(): Remote<DonorFunnelReport> {
  const url = '/api/v1/reports/donors';
  return useRemote(url, (signal) => getJson<DonorFunnelReport>(url, { signal }));
}

/** Per event, how much of what was announced there went how far, and how fast. */
export function useEventConversions(): Remote<EventConversionReport> {
  const url = '/api/v1/reports/events';
  return useRemote(url, (signal) => getJson<EventConversionReport>(url, { signal }));
}
