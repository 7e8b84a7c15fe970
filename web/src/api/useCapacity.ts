// Capacity (issue 17): production lines, the shortfall forecast, supply-chain risk and outage
// scenarios, typed by the schemas the API validates (src/core/capacity/*.schema.ts).
import type {
  ForecastResult,
  OutageRequest,
  OutageResult,
  RiskResult,
} from '../../../src/core/capacity/analysis.schema.js';
import type { Material, ProductionLine } from '../../../src/core/capacity/capacity.schema.js';
import type { Page } from './contract.js';
import { getJson, sendJson } from './http.js';
import { useJson } from './useRecord.js';
import { type Remote, useRemote } from './useRemote.js';

export type { ForecastResult, Material, OutageRequest, OutageResult, ProductionLine, RiskResult };
export type ForecastMonth = ForecastResult['months'][number];
export type ItemRisk = RiskResult['items'][number];
export type OutageItem = OutageResult['items'][number];
export type Cause = NonNullable<ForecastMonth['cause']>;

const LINES_URL = '/api/v1/production-lines?limit=500';

/**
 * Every production line the reader may see (the demo has a handful; one page of 500 is plenty);
 * a new `reload` number asks again, after a line was saved.
 */
export function useProductionLines(reload = 0): Remote<Page<ProductionLine>> {
  return useRemote(`lines:${reload}`, (signal) => getJson<Page<ProductionLine>>(LINES_URL, { signal }));
}

/** Every material the reader may see: their units, for the input graph's quantities. */
export function useMaterials(): Remote<Page<Material>> {
  return useJson('/api/v1/materials?limit=500');
}

/** Supply-chain risk of every item with capacity data, or of one item. */
export function useRisk(itemId?: string): Remote<RiskResult> {
  return useJson(itemId ? `/api/v1/risk?item_id=${encodeURIComponent(itemId)}` : '/api/v1/risk');
}

/** The item's forecast from `asOf` (YYYY-MM); undefined ids wait. */
export function useForecast(itemId: string | undefined, asOf: string | undefined): Remote<ForecastResult> {
  const url =
    itemId && asOf
      ? `/api/v1/forecast?item_id=${encodeURIComponent(itemId)}&as_of=${encodeURIComponent(asOf)}`
      : undefined;
  return useJson(url);
}

/** Runs an outage scenario (nothing is stored). */
export function runOutage(request: OutageRequest): Promise<OutageResult> {
  return sendJson<OutageResult>('POST', '/api/v1/risk/outage', request);
}
