// Message ids of the API's enumerations, written out so that the key-check test
// (web/src/i18n/catalogues.test.ts) sees each id used: never build an id from a value at run time.
import type { Classification, Role } from '../../../src/core/auth/actor.js';

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

/** The id of a value's word, or the value itself when the catalogue has no word for it (a code). */
export function wordId(ids: Readonly<Record<string, string>>, value: string): string | undefined {
  return Object.hasOwn(ids, value) ? ids[value] : undefined;
}
