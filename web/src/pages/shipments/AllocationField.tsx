import type { Lookups } from '../../api/useLookups.js';
import type { AllocationChoice } from '../../api/useShipments.js';
import { tr } from '../../i18n/index.js';
import { itemName, organisationName } from '../lists/names.js';
import { quantityOf } from './shipmentWords.js';

/** "N-000123 · Generator 100 kVA · 12 unit not yet shipped · for Kharkiv agency · week 2022-W48". */
export function allocationLabel(lookups: Lookups, choice: AllocationChoice): string {
  return tr('shipmentActions.allocationLabel', {
    need: choice.need.reference,
    item: itemName(lookups, choice.need.item_id),
    unshipped: quantityOf(lookups, choice.need.item_id, choice.unshipped),
    recipient: organisationName(lookups, choice.need.recipient_org_id),
    week: choice.allocation.week,
  });
}
