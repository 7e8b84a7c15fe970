import type { Incident } from '../../api/formsContract.js';
import type { NeedRule } from '../../api/useDerivedNeeds.js';

/**
 * The figures a need rule multiplied to size one derived need, as structured numbers so that the
 * page can word them in the reader's language (the API's `derivation` text is English). They
 * restate the server's arithmetic (src/core/incidents/derivation.ts) from the incident's figures.
 */
export type DerivationSteps =
  | {
      readonly trigger: 'service_outage';
      readonly service: string;
      readonly people: number;
      readonly peoplePerUnit: number;
      /** ceil(people / peoplePerUnit). */
      readonly units: number;
      readonly quantityPerUnit: number;
      /** Days counted for a per-day rule; null when the rule is not per day. */
      readonly days: number | null;
      /** Why that many days: until the restoration day, capped at the rule's most, or unknown (the most). */
      readonly daysReason: 'restoration' | 'capped' | 'unknown' | null;
      readonly maxDays: number | null;
      readonly result: number;
    }
  | {
      readonly trigger: 'damaged_asset';
      readonly assetKind: string;
      readonly assetClass: string | null;
      /** The matching damage entries' counts in the need's region. */
      readonly counts: readonly number[];
      readonly quantityPerUnit: number;
      readonly result: number;
    };

const DAY_MS = 86_400_000;

/** Exact to the 3 decimals quantities have. */
function times(a: number, b: number): number {
  return Math.round(a * b * 1000) / 1000;
}

/** The steps of one derived need in one region under one rule; undefined when the figures do not match. */
export function derivationSteps(
  incident: Incident,
  rule: NeedRule,
  regionId: string,
): DerivationSteps | undefined {
  const day = incident.occurred_at.slice(0, 10);
  if (rule.trigger === 'service_outage') {
    const impact = incident.impacts.find(
      (entry) => entry.region_id === regionId && entry.service === rule.service,
    );
    if (!impact || rule.service === null) return undefined;
    const peoplePerUnit = rule.people_per_unit ?? 1;
    const units = Math.ceil(impact.people_affected / peoplePerUnit);
    let days: number | null = null;
    let daysReason: 'restoration' | 'capped' | 'unknown' | null = null;
    if (rule.per_day) {
      const cap = rule.max_days ?? 1;
      const known = impact.restoration_expected_on;
      const outage = known === null ? null : (Date.parse(known) - Date.parse(day)) / DAY_MS;
      days = outage === null ? cap : Math.min(outage, cap);
      daysReason = outage === null ? 'unknown' : outage > cap ? 'capped' : 'restoration';
    }
    const result = times(times(units, rule.quantity_per_unit), days ?? 1);
    return {
      trigger: 'service_outage',
      service: rule.service,
      people: impact.people_affected,
      peoplePerUnit,
      units,
      quantityPerUnit: rule.quantity_per_unit,
      days,
      daysReason,
      maxDays: rule.max_days,
      result,
    };
  }
  const counts = incident.damage
    .filter(
      (entry) =>
        entry.region_id === regionId &&
        entry.asset_kind === rule.asset_kind &&
        (rule.asset_class === null || entry.asset_class === rule.asset_class),
    )
    .map((entry) => entry.count);
  if (counts.length === 0 || rule.asset_kind === null) return undefined;
  const total = counts.reduce((sum, count) => sum + count, 0);
  return {
    trigger: 'damaged_asset',
    assetKind: rule.asset_kind,
    assetClass: rule.asset_class,
    counts,
    quantityPerUnit: rule.quantity_per_unit,
    result: times(total, rule.quantity_per_unit),
  };
}
