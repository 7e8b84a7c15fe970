import { useJson } from './useRecord.js';
import type { Remote } from './useRemote.js';

/** The data set's clock (GET /api/v1/clock): the day "now" means for every default. */
export interface DataClock {
  /** YYYY-MM-DD: the demo's day (2022-11-24), or today for real data. */
  readonly as_of: string;
  readonly source: 'system' | 'data_set';
}

/** The day the data is as of; every screen's defaults (readiness date, plan start week) use it. */
export function useDataAsOf(): Remote<DataClock> {
  return useJson<DataClock>('/api/v1/clock');
}
