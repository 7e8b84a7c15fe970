// Message ids of the API's enumerations, written out so that the key-check test
// (web/src/i18n/catalogues.test.ts) sees each id used: never build an id from a value at run time.
import type { Classification, Role } from '../../../src/core/auth/actor.js';
import { tr } from './index.js';

export const ROLE_IDS: Readonly<Record<Role, string>> = {
  admin: 'common.role.admin',
  coordinator: 'common.role.coordinator',
  recipient: 'common.role.recipient',
  donor: 'common.role.donor',
  manufacturer: 'common.role.manufacturer',
  analyst: 'common.role.analyst',
};

export const CLASSIFICATION_IDS: Readonly<Record<Classification, string>> = {
  public: 'common.classification.public',
  coalition: 'common.classification.coalition',
  restricted: 'common.classification.restricted',
};

export const PRIORITY_IDS: Readonly<Record<'critical' | 'high' | 'medium' | 'low', string>> = {
  critical: 'common.priority.critical',
  high: 'common.priority.high',
  medium: 'common.priority.medium',
  low: 'common.priority.low',
};

export const NEED_STATUS_IDS: Readonly<Record<string, string>> = {
  open: 'common.needStatus.open',
  partially_met: 'common.needStatus.partially_met',
  met: 'common.needStatus.met',
  cancelled: 'common.needStatus.cancelled',
};

export const PLEDGE_STATUS_IDS: Readonly<Record<string, string>> = {
  announced: 'common.pledgeStatus.announced',
  committed: 'common.pledgeStatus.committed',
  allocated: 'common.pledgeStatus.allocated',
  shipped: 'common.pledgeStatus.shipped',
  delivered: 'common.pledgeStatus.delivered',
  in_service: 'common.pledgeStatus.in_service',
  cancelled: 'common.pledgeStatus.cancelled',
  expired: 'common.pledgeStatus.expired',
};

export const SHIPMENT_STATUS_IDS: Readonly<Record<string, string>> = {
  preparing: 'common.shipmentStatus.preparing',
  in_transit: 'common.shipmentStatus.in_transit',
  arrived: 'common.shipmentStatus.arrived',
  received: 'common.shipmentStatus.received',
  lost: 'common.shipmentStatus.lost',
};

export const EVENT_KIND_IDS: Readonly<Record<string, string>> = {
  ministerial: 'common.eventKind.ministerial',
  conference: 'common.eventKind.conference',
  summit: 'common.eventKind.summit',
  bilateral: 'common.eventKind.bilateral',
  other: 'common.eventKind.other',
};

export const ORGANISATION_KIND_IDS: Readonly<Record<string, string>> = {
  state: 'common.orgKind.state',
  international_organisation: 'common.orgKind.international_organisation',
  ngo: 'common.orgKind.ngo',
  manufacturer: 'common.orgKind.manufacturer',
  recipient_agency: 'common.orgKind.recipient_agency',
  ministry: 'common.orgKind.ministry',
  other: 'common.orgKind.other',
};

/** Units of the catalogue (item.unit); a unit without a word here is shown as stored. */
export const UNIT_IDS: Readonly<Record<string, string>> = {
  system: 'common.unit.system',
  unit: 'common.unit.unit',
  missile: 'common.unit.missile',
  round: 'common.unit.round',
  rocket: 'common.unit.rocket',
  litre: 'common.unit.litre',
  tonne: 'common.unit.tonne',
  kit: 'common.unit.kit',
  set: 'common.unit.set',
  pair: 'common.unit.pair',
  km: 'common.unit.km',
};

/** The id of a value's word, or the value itself when the catalogue has no word for it (a code). */
export function wordId(ids: Readonly<Record<string, string>>, value: string): string | undefined {
  return Object.hasOwn(ids, value) ? ids[value] : undefined;
}

/** A value's word in the language on screen; the value itself (underscores as spaces) when it has none. */
export function word(ids: Readonly<Record<string, string>>, value: string): string {
  const id = wordId(ids, value);
  return id ? tr(id) : value.replaceAll('_', ' ');
}
