import { useCallback, useState } from 'react';
import type { Allocation } from '../../../src/core/allocations/allocation.schema.js';
import type { ReceiptCreate } from '../../../src/core/shipments/receipt.schema.js';
import type {
  ShipmentClose,
  ShipmentCreate,
  ShipmentDispatch,
  ShipmentLineInput,
  ShipmentLose,
} from '../../../src/core/shipments/shipment.schema.js';
import type { Receipt, Shipment, ShipmentLine } from './contract.js';
import type { Need, Pledge } from './formsContract.js';
import { detailOf, errorOf, request, sendJson } from './http.js';
import { getAllPages } from './pages.js';
import { goToSignIn } from './session.js';
import { type Remote, useRemote } from './useRemote.js';

export type { Allocation };

/** An accepted allocation that still has goods to ship, with the need it answers. */
export interface AllocationChoice {
  readonly allocation: Allocation;
  readonly need: Need;
  /** What the allocation holds and has not yet shipped (lines still preparing are not counted). */
  readonly unshipped: number;
}

/**
 * The accepted allocations a shipment to `regionId` may carry: their need is in the region and
 * they have goods not yet shipped. Only what the reader may see is asked for; the server checks
 * the rest when a line is added (wrong_region, exceeds_allocation, a donor's own allocations).
 */
export function useAllocationChoices(
  regionId: string,
  /** A donor ships only its own pledges' allocations (the API's `allocation.donor` rule): its organisation. */
  donorOrgId?: string,
): Remote<AllocationChoice[]> {
  const key = regionId ? `allocation-choices:${regionId}:${donorOrgId ?? ''}` : '';
  return useRemote(key, async (signal) => {
    if (!regionId) return [];
    const [needs, allocations, pledges] = await Promise.all([
      getAllPages<Need>(`/api/v1/needs?region_id=${encodeURIComponent(regionId)}`, signal),
      getAllPages<Allocation>('/api/v1/allocations?status=accepted', signal),
      donorOrgId
        ? getAllPages<Pledge>(`/api/v1/pledges?donor_org_id=${encodeURIComponent(donorOrgId)}`, signal)
        : Promise.resolve(undefined),
    ]);
    const needsById = new Map(needs.map((need) => [need.id, need]));
    const ownPledges = pledges && new Set(pledges.map((pledge) => pledge.id));
    const choices: AllocationChoice[] = [];
    for (const allocation of allocations) {
      const need = needsById.get(allocation.need_id);
      const unshipped = allocation.quantity - allocation.shipped_quantity;
      if (ownPledges && !ownPledges.has(allocation.pledge_id)) continue;
      if (need && unshipped > 0) choices.push({ allocation, need, unshipped });
    }
    return choices.sort(
      (a, b) =>
        a.need.needed_by.localeCompare(b.need.needed_by) || a.allocation.id.localeCompare(b.allocation.id),
    );
  });
}

/** The needs a shipment's lines answer, by id: their recipients are who confirms receipt. */
export function useLineNeeds(lines: readonly ShipmentLine[]): Remote<ReadonlyMap<string, Need>> {
  const ids = [...new Set(lines.map((line) => line.need_id))].sort();
  return useRemote(`line-needs:${ids.join(',')}`, async (signal) => {
    const needs = await Promise.all(
      ids.map(async (id) => {
        const response = await request(`/api/v1/needs/${encodeURIComponent(id)}`, { signal });
        if (!response.ok) throw await errorOf(`/api/v1/needs/${id}`, response);
        return (await response.json()) as Need;
      }),
    );
    return new Map(needs.map((need) => [need.id, need]));
  });
}

const base = (id: string) => `/api/v1/shipments/${encodeURIComponent(id)}`;

/** POST /shipments: a new shipment, preparing, with the lines given. */
export function createShipment(body: ShipmentCreate): Promise<Shipment> {
  return sendJson<Shipment>('POST', '/api/v1/shipments', body);
}

export function addShipmentLine(id: string, body: ShipmentLineInput): Promise<ShipmentLine> {
  return sendJson<ShipmentLine>('POST', `${base(id)}/lines`, body);
}

export function removeShipmentLine(id: string, lineId: string): Promise<void> {
  return sendJson<void>('DELETE', `${base(id)}/lines/${encodeURIComponent(lineId)}`);
}

export function dispatchShipment(id: string, body: ShipmentDispatch): Promise<Shipment> {
  return sendJson<Shipment>('POST', `${base(id)}/dispatch`, body);
}

export function loseShipment(id: string, body: ShipmentLose): Promise<Shipment> {
  return sendJson<Shipment>('POST', `${base(id)}/lose`, body);
}

export function closeShipment(id: string, body: ShipmentClose): Promise<Shipment> {
  return sendJson<Shipment>('POST', `${base(id)}/close`, body);
}

/**
 * POST /shipments/:id/receipts with an Idempotency-Key: a receipt sent twice (a double click, a
 * retry after a lost answer) is recorded once.
 */
export async function receiveShipment(id: string, body: ReceiptCreate, key: string): Promise<Receipt> {
  const url = `${base(id)}/receipts`;
  const response = await request(url, { method: 'POST', body, headers: { 'idempotency-key': key } });
  if (response.status === 401) goToSignIn();
  if (!response.ok) throw await errorOf(url, response);
  return (await response.json()) as Receipt;
}

/** One action at a time: whether it is running and, when it failed, the API's words for why. */
export interface Runner {
  readonly busy: boolean;
  readonly error: string | undefined;
  /** Runs `action`; answers whether it succeeded. */
  readonly run: (action: () => Promise<unknown>) => Promise<boolean>;
}

export function useRunner(): Runner {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      return true;
    } catch (failure) {
      setError(detailOf(failure));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
