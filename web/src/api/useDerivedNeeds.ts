import type { NeedRule } from '../../../src/core/incidents/need-rule.schema.js';
import type { Need } from './contract.js';
import { getAllPages } from './pages.js';
import { type Remote, useRemote } from './useRemote.js';

export type { NeedRule };

export interface DerivedNeeds {
  /** The needs derived from the incident that the reader may see, by rule and region order of the API. */
  readonly needs: readonly Need[];
  /** The rules that sized them, by id (rules are public). */
  readonly rules: ReadonlyMap<string, NeedRule>;
}

/** The needs derived from one incident and the need rules that sized them; a new `round` reads them again. */
export function useDerivedNeeds(incidentId: string, round = 0): Remote<DerivedNeeds> {
  const url = `/api/v1/needs?incident_id=${encodeURIComponent(incidentId)}`;
  return useRemote(`${url}#${round}`, async (signal) => {
    const [needs, rules] = await Promise.all([
      getAllPages<Need>(url, signal),
      getAllPages<NeedRule>('/api/v1/need-rules', signal),
    ]);
    return { needs, rules: new Map(rules.map((rule) => [rule.id, rule])) };
  });
}
