import type { Need, Pledge } from './contract.js';
import { getJson } from './http.js';
import { getAllPages } from './pages.js';
import { type Remote, useRemote } from './useRemote.js';

export interface AllocationChoices {
  /** The need and pledge named in the address, when named. */
  readonly need: Need | undefined;
  readonly pledge: Pledge | undefined;
  /** Open needs of the pledge's item (when only a pledge is named). */
  readonly needs: readonly Need[];
  /** Live pledges of the need's item (when only a need is named). */
  readonly pledges: readonly Pledge[];
}

const enc = encodeURIComponent;

/** What an allocation can join, starting from a need, a pledge, or both. */
export function useAllocationChoices(needId: string, pledgeId: string): Remote<AllocationChoices> {
  return useRemote(`allocation-choices ${needId} ${pledgeId}`, async (signal) => {
    const [need, pledge] = await Promise.all([
      needId ? getJson<Need>(`/api/v1/needs/${enc(needId)}`, { signal }) : undefined,
      pledgeId ? getJson<Pledge>(`/api/v1/pledges/${enc(pledgeId)}`, { signal }) : undefined,
    ]);
    const pledges =
      need && !pledge
        ? (await getAllPages<Pledge>(`/api/v1/pledges?item_id=${enc(need.item_id)}`, signal)).filter(
            (candidate) => candidate.status !== 'cancelled' && candidate.status !== 'expired',
          )
        : [];
    const needs =
      pledge && !need
        ? (await getAllPages<Need>(`/api/v1/needs?item_id=${enc(pledge.item_id)}`, signal)).filter(
            (candidate) => candidate.status !== 'met' && candidate.status !== 'cancelled',
          )
        : [];
    return { need, pledge, needs, pledges };
  });
}
