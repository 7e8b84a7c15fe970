import type { ReadinessReport } from './contract.js';
import { useJson } from './useRecord.js';
import type { Remote } from './useRemote.js';

/** The regions ranked by winter risk on `asOf` (YYYY-MM-DD); undefined waits. */
export function useReadinessRanking(asOf: string | undefined): Remote<ReadinessReport> {
  return useJson(asOf === undefined ? undefined : `/api/v1/readiness?as_of=${encodeURIComponent(asOf)}`);
}
