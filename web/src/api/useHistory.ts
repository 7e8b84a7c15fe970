import type {
  AuditEntry,
  LinkableEntity,
  PledgeTransition,
  Receipt,
  ShipmentLine,
  Source,
  Verification,
} from './contract.js';
import { useJson } from './useRecord.js';
import type { Remote } from './useRemote.js';

const enc = encodeURIComponent;

/** The audit trail of one record, oldest first as the API answers it. */
export function useHistory(collection: string, id: string): Remote<{ items: AuditEntry[] }> {
  return useJson(`/api/v1/${collection}/${enc(id)}/history`);
}

/** The sources attached to a record (first 100); undefined for kinds sources cannot be linked to. */
export function useSources(
  entityType: LinkableEntity | undefined,
  id: string,
): Remote<{ items: Source[] }> | undefined {
  const remote = useJson<{ items: Source[] }>(
    entityType === undefined
      ? undefined
      : `/api/v1/sources?entity_type=${enc(entityType)}&entity_id=${enc(id)}&limit=100`,
  );
  return entityType === undefined ? undefined : remote;
}

/** How well a record is backed by sources. */
export function useVerification(entityType: string, id: string): Remote<Verification> {
  return useJson(`/api/v1/verification/${enc(entityType)}/${enc(id)}`);
}

/** The lifecycle steps of a pledge. */
export function usePledgeTransitions(id: string): Remote<{ items: PledgeTransition[] }> {
  return useJson(`/api/v1/pledges/${enc(id)}/transitions`);
}

/** What a shipment carries. */
export function useShipmentLines(id: string): Remote<{ items: ShipmentLine[] }> {
  return useJson(`/api/v1/shipments/${enc(id)}/lines`);
}

/** What arrived of a shipment. */
export function useShipmentReceipts(id: string): Remote<{ items: Receipt[] }> {
  return useJson(`/api/v1/shipments/${enc(id)}/receipts`);
}
