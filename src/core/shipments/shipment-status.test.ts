import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  isShipmentActionAllowed,
  requireShipmentAction,
  SHIPMENT_STATUSES,
  type ShipmentAction,
  type ShipmentStatus,
  statusAfterReceipt,
} from './shipment-status.js';

const ACTIONS: ShipmentAction[] = [
  'edit',
  'delete',
  'add_line',
  'remove_line',
  'dispatch',
  'receive',
  'close',
  'lose',
];

/** The whole table, written out so that a change to the rules shows up here. */
const EXPECTED: Record<ShipmentStatus, ShipmentAction[]> = {
  preparing: ['edit', 'delete', 'add_line', 'remove_line', 'dispatch'],
  in_transit: ['receive', 'lose'],
  arrived: ['receive', 'close', 'lose'],
  received: [],
  lost: [],
};

describe('shipment status rules', () => {
  it.each(SHIPMENT_STATUSES)('allows exactly the expected actions on a %s shipment', (status) => {
    expect(ACTIONS.filter((action) => isShipmentActionAllowed(status, action))).toEqual(EXPECTED[status]);
  });

  it('refuses a forbidden action with a 409 invalid_transition that names where it is allowed', () => {
    let caught: unknown;
    try {
      requireShipmentAction('in_transit', 'close');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect(caught).toMatchObject({ code: 'invalid_transition', status: 409 });
    expect((caught as DomainError).message).toBe(
      'a shipment that is in_transit cannot be closed; only one that is arrived can',
    );
    expect(() => requireShipmentAction('arrived', 'close')).not.toThrow();
  });

  it('becomes received only when every line is complete', () => {
    expect(statusAfterReceipt(true)).toBe('received');
    expect(statusAfterReceipt(false)).toBe('arrived');
  });
});
