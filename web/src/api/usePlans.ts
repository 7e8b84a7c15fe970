import { useEffect, useState } from 'react';
import type { Page } from './contract.js';
import { ApiError, detailOf, getJson, sendJson } from './http.js';
import type {
  AcceptResult,
  ItemShadowPrices,
  NeedResult,
  PlanComparison,
  PlanRequest,
  PlanRun,
} from './plansContract.js';
import { type Remote, useRemote } from './useRemote.js';

const PLANS = '/api/v1/plans';

/** Whether a run may still change: it is waiting or solving. */
export function isActive(run: PlanRun): boolean {
  return run.status === 'queued' || run.status === 'running';
}

/** The latest runs, newest first; `refresh` asks again (after a new run was started). */
export function usePlanRuns(refresh: number): Remote<Page<PlanRun>> {
  const url = `${PLANS}?limit=50`;
  return useRemote(`${url}#${refresh}`, (signal) => getJson<Page<PlanRun>>(url, { signal }));
}

/** How often a running plan is asked for its progress. */
const POLL_MS = 600;

/**
 * One run, asked again every POLL_MS while it is queued or running so that its progress moves;
 * `replace` puts in an answer the page already has (after cancel or accept).
 */
export function usePlanRun(id: string): { run: Remote<PlanRun>; replace: (run: PlanRun) => void } {
  const [run, setRun] = useState<Remote<PlanRun>>({ state: 'loading' });
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` restarts polling after a replace.
  useEffect(() => {
    const controller = new AbortController();
    let timer: number | undefined;
    const url = `${PLANS}/${encodeURIComponent(id)}`;
    const poll = async () => {
      try {
        const answer = await getJson<PlanRun>(url, { signal: controller.signal });
        if (controller.signal.aborted) return;
        setRun({ state: 'ready', data: answer });
        if (isActive(answer)) timer = window.setTimeout(() => void poll(), POLL_MS);
      } catch (error) {
        if (controller.signal.aborted) return;
        const status = error instanceof ApiError ? error.status : 0;
        setRun({ state: 'error', detail: detailOf(error), status });
      }
    };
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [id, version]);
  return {
    run,
    replace: (next: PlanRun) => {
      setRun({ state: 'ready', data: next });
      setVersion((v) => v + 1);
    },
  };
}

/** One page of what the run did for each need, optionally only needs unmet for one reason. */
export function usePlanNeeds(id: string, reason: string, cursor: string): Remote<Page<NeedResult>> {
  const query = new URLSearchParams({ limit: '25' });
  if (reason) query.set('reason', reason);
  if (cursor) query.set('cursor', cursor);
  const url = `${PLANS}/${encodeURIComponent(id)}/needs?${query}`;
  return useRemote(url, (signal) => getJson<Page<NeedResult>>(url, { signal }));
}

/** Items by shadow price: what one more unit of each would save. */
export function usePlanItems(id: string): Remote<ItemShadowPrices> {
  const url = `${PLANS}/${encodeURIComponent(id)}/items`;
  return useRemote(url, (signal) => getJson<ItemShadowPrices>(url, { signal }));
}

/** What changed between two runs; the answer names which is A and which is B. */
export function usePlanComparison(id: string, otherId: string): Remote<PlanComparison> {
  const url = `${PLANS}/${encodeURIComponent(id)}/compare/${encodeURIComponent(otherId)}`;
  return useRemote(url, (signal) => getJson<PlanComparison>(url, { signal }));
}

/** Starts a run; the API answers 202 with the queued run. */
export function startPlan(request: PlanRequest): Promise<PlanRun> {
  return sendJson<PlanRun>('POST', PLANS, request);
}

export function cancelPlan(id: string): Promise<PlanRun> {
  return sendJson<PlanRun>('POST', `${PLANS}/${encodeURIComponent(id)}/cancel`);
}

/** Accepts the run's pledge allocations; 409 plan_stale when the live data moved on. */
export function acceptPlan(id: string): Promise<AcceptResult> {
  return sendJson<AcceptResult>('POST', `${PLANS}/${encodeURIComponent(id)}/accept`);
}
