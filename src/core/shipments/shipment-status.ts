import { Conflict, type DomainError } from '../errors.js';

export const SHIPMENT_STATUSES = ['preparing', 'in_transit', 'arrived', 'received', 'lost'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** What can be done to a shipment; each action is allowed in some statuses only. */
export type ShipmentAction =
  | 'edit'
  | 'delete'
  | 'add_line'
  | 'remove_line'
  | 'dispatch'
  | 'receive'
  | 'close'
  | 'lose';

/**
 * preparing → in_transit → arrived → received, or lost from in_transit or arrived.
 * A shipment is edited, and its lines changed, only while it is being prepared; goods are received
 * while it travels or after the first receipt; only what has partly arrived can be closed short.
 */
const ALLOWED: Readonly<Record<ShipmentStatus, readonly ShipmentAction[]>> = {
  preparing: ['edit', 'delete', 'add_line', 'remove_line', 'dispatch'],
  in_transit: ['receive', 'lose'],
  arrived: ['receive', 'close', 'lose'],
  received: [],
  lost: [],
};

const DESCRIPTIONS: Readonly<Record<ShipmentAction, string>> = {
  edit: 'changed',
  delete: 'deleted',
  add_line: 'given new lines',
  remove_line: 'have lines removed',
  dispatch: 'dispatched',
  receive: 'received',
  close: 'closed',
  lose: 'reported lost',
};

export function isShipmentActionAllowed(status: ShipmentStatus, action: ShipmentAction): boolean {
  return ALLOWED[status].includes(action);
}

/** The 409 `invalid_transition` problem for an action the shipment's status does not allow. */
export function invalidShipmentTransition(status: ShipmentStatus, action: ShipmentAction): DomainError {
  const allowedIn = SHIPMENT_STATUSES.filter((s) => ALLOWED[s].includes(action)).join(' or ');
  return Conflict(
    'invalid_transition',
    `a shipment that is ${status} cannot be ${DESCRIPTIONS[action]}; only one that is ${allowedIn} can`,
  );
}

/** Throws `invalid_transition` unless the action is allowed in the status. */
export function requireShipmentAction(status: ShipmentStatus, action: ShipmentAction): void {
  if (!isShipmentActionAllowed(status, action)) throw invalidShipmentTransition(status, action);
}

/** The status after a receipt: received once every line is complete, otherwise arrived. */
export function statusAfterReceipt(everyLineComplete: boolean): ShipmentStatus {
  return everyLineComplete ? 'received' : 'arrived';
}

export const DISCREPANCY_REASONS = ['damaged', 'short', 'wrong_item', 'excess', 'expired', 'other'] as const;
export type DiscrepancyReason = (typeof DISCREPANCY_REASONS)[number];
