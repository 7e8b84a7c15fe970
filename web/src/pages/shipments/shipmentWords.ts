import { DISCREPANCY_REASONS } from '../../../../src/core/shipments/shipment-status.js';
import type { Lookups } from '../../api/useLookups.js';
import { formatQuantity } from '../../format.js';
import { tr } from '../../i18n/index.js';
import { UNIT_IDS, word } from '../../i18n/words.js';

/** Why what arrived differs from what was shipped, as the receipt form offers it. */
export const DISCREPANCY_IDS: Readonly<Record<string, string>> = {
  damaged: 'shipmentActions.reason.damaged',
  short: 'shipmentActions.reason.short',
  wrong_item: 'shipmentActions.reason.wrong_item',
  excess: 'shipmentActions.reason.excess',
  expired: 'shipmentActions.reason.expired',
  other: 'shipmentActions.reason.other',
};

/** The conditions a received line can be in: good (no discrepancy), or one of the API's reasons. */
export const CONDITIONS: readonly string[] = ['good', ...DISCREPANCY_REASONS];

export function conditionWord(condition: string | null): string {
  return condition === null || condition === 'good'
    ? tr('shipmentActions.reason.good')
    : word(DISCREPANCY_IDS, condition);
}

/** "40 generators": a quantity in the unit of its item (one item's quantities only, never a sum of several). */
export function quantityOf(lookups: Lookups, itemId: string, quantity: number): string {
  const unit = lookups.items.get(itemId)?.unit;
  return unit ? `${formatQuantity(quantity)} ${word(UNIT_IDS, unit)}` : formatQuantity(quantity);
}
