import type { Priority } from '../../db/schema.js';
import type { Damage, Impact, Service } from './incident.schema.js';

/** A rule as derivation sees it: the version used and the item's unit for the arithmetic text. */
export interface RuleForDerivation {
  readonly id: string;
  readonly version: number;
  readonly code: string;
  readonly trigger: 'service_outage' | 'damaged_asset';
  readonly service: Service | null;
  readonly min_outage_days: number | null;
  readonly people_per_unit: number | null;
  readonly asset_kind: string | null;
  readonly asset_class: string | null;
  readonly item_id: string;
  readonly item_unit: string;
  readonly quantity_per_unit: number;
  readonly per_day: boolean;
  readonly max_days: number | null;
  readonly priority: Priority;
  readonly priority_before_frost: Priority | null;
  readonly lead_days: number;
}

export interface DerivationInput {
  /** Day of the incident, YYYY-MM-DD (UTC). */
  readonly incidentDay: string;
  readonly impacts: readonly Impact[];
  readonly damage: readonly Damage[];
  readonly rules: readonly RuleForDerivation[];
  /** First-frost day per region id; regions without one get no frost rule. */
  readonly firstFrost: ReadonlyMap<string, string>;
}

/** One need an incident calls for under one rule in one region. */
export interface DerivedNeedPlan {
  readonly region_id: string;
  readonly item_id: string;
  readonly rule_id: string;
  readonly rule_version: number;
  readonly rule_code: string;
  readonly quantity: number;
  readonly priority: Priority;
  readonly needed_by: string;
  /** The arithmetic, for a person to check, e.g. "ceil(412,000 people without heat / 10,000) × 4 unit = 168 unit". */
  readonly derivation: string;
}

const DAY_MS = 86_400_000;
const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });
const fmt = (value: number | bigint) => grouped.format(value);

export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Thousandths as a number; exact for the 3-decimal quantities the database stores. */
function fromMilli(milli: bigint): number {
  return Number(milli) / 1000;
}

function toMilli(quantity: number): bigint {
  return BigInt(Math.round(quantity * 1000));
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** Priority and needed-by from the rule and the season (the region's first-frost day). */
/** How close to the first frost a need must fall for the rule's cold-season priority to apply. */
export const FROST_WINDOW_DAYS = 14;

/**
 * The rule's cold-season priority applies when the need falls due within FROST_WINDOW_DAYS of the
 * region's first frost or after it: an outage in a frozen city is at least as urgent as one just
 * before the frost. A need due before the frost is wanted by the frost date at the latest.
 */
function timing(rule: RuleForDerivation, incidentDay: string, frost: string | undefined) {
  const due = addDays(incidentDay, rule.lead_days);
  if (frost === undefined || rule.priority_before_frost === null) {
    return { priority: rule.priority, needed_by: due, note: '' };
  }
  if (due < addDays(frost, -FROST_WINDOW_DAYS)) {
    return { priority: rule.priority, needed_by: due, note: '' };
  }
  if (incidentDay < frost) {
    return {
      priority: rule.priority_before_frost,
      needed_by: due < frost ? due : frost,
      note: `; ${rule.priority_before_frost}: due by the first frost on ${frost}`,
    };
  }
  return {
    priority: rule.priority_before_frost,
    needed_by: due,
    note: `; ${rule.priority_before_frost}: after the first frost on ${frost}`,
  };
}

function outagePlans(rule: RuleForDerivation, input: DerivationInput): DerivedNeedPlan[] {
  const plans: DerivedNeedPlan[] = [];
  const perUnit = BigInt(rule.people_per_unit ?? 1);
  for (const impact of input.impacts) {
    if (impact.service !== rule.service || impact.people_affected <= 0) continue;
    const known = impact.restoration_expected_on;
    const outageDays = known === null ? null : dayNumber(known) - dayNumber(input.incidentDay);
    // Unknown restoration counts as longer than any threshold.
    if (outageDays !== null && outageDays <= (rule.min_outage_days ?? 0)) continue;
    const units = ceilDiv(BigInt(impact.people_affected), perUnit);
    const perUnitMilli = toMilli(rule.quantity_per_unit);
    let milli = units * perUnitMilli;
    let text = `ceil(${fmt(impact.people_affected)} people without ${impact.service} / ${fmt(perUnit)}) × ${fmt(rule.quantity_per_unit)} ${rule.item_unit}`;
    if (rule.per_day) {
      const cap = rule.max_days ?? 1;
      const days = outageDays === null ? cap : Math.min(outageDays, cap);
      milli *= BigInt(days);
      const why =
        outageDays === null
          ? `restoration unknown, ${cap} days at most`
          : outageDays > cap
            ? `min(${outageDays} days to restoration, ${cap})`
            : `until restoration on ${known}`;
      text += ` a day × ${days} days (${why})`;
    }
    if (milli <= 0n) continue;
    const quantity = fromMilli(milli);
    const when = timing(rule, input.incidentDay, input.firstFrost.get(impact.region_id));
    plans.push({
      region_id: impact.region_id,
      item_id: rule.item_id,
      rule_id: rule.id,
      rule_version: rule.version,
      rule_code: rule.code,
      quantity,
      priority: when.priority,
      needed_by: when.needed_by,
      derivation: `${text} = ${fmt(quantity)} ${rule.item_unit} (rule ${rule.code} v${rule.version}${when.note})`,
    });
  }
  return plans;
}

function damagePlans(rule: RuleForDerivation, input: DerivationInput): DerivedNeedPlan[] {
  const byRegion = new Map<string, Damage[]>();
  for (const damage of input.damage) {
    if (damage.asset_kind !== rule.asset_kind) continue;
    if (rule.asset_class !== null && damage.asset_class !== rule.asset_class) continue;
    byRegion.set(damage.region_id, [...(byRegion.get(damage.region_id) ?? []), damage]);
  }
  const plans: DerivedNeedPlan[] = [];
  for (const [regionId, matched] of byRegion) {
    const count = matched.reduce((sum, damage) => sum + damage.count, 0);
    const milli = BigInt(count) * toMilli(rule.quantity_per_unit);
    const quantity = fromMilli(milli);
    const counted =
      matched.length === 1 ? fmt(count) : `(${matched.map((damage) => fmt(damage.count)).join(' + ')})`;
    const what = `damaged ${rule.asset_kind}${rule.asset_class ? ` ${rule.asset_class}` : ''}`;
    const when = timing(rule, input.incidentDay, input.firstFrost.get(regionId));
    plans.push({
      region_id: regionId,
      item_id: rule.item_id,
      rule_id: rule.id,
      rule_version: rule.version,
      rule_code: rule.code,
      quantity,
      priority: when.priority,
      needed_by: when.needed_by,
      derivation: `${counted} ${what} × ${fmt(rule.quantity_per_unit)} ${rule.item_unit} = ${fmt(quantity)} ${rule.item_unit} (rule ${rule.code} v${rule.version}${when.note})`,
    });
  }
  return plans;
}

/**
 * The needs an incident calls for under the given rules: one per rule and region, ordered by rule
 * code and region. Pure: the same figures and rules always give the same plans.
 */
export function deriveNeedPlans(input: DerivationInput): DerivedNeedPlan[] {
  const plans = input.rules.flatMap((rule) =>
    rule.trigger === 'service_outage' ? outagePlans(rule, input) : damagePlans(rule, input),
  );
  return plans.sort((a, b) =>
    a.rule_code !== b.rule_code
      ? a.rule_code < b.rule_code
        ? -1
        : 1
      : a.region_id < b.region_id
        ? -1
        : a.region_id > b.region_id
          ? 1
          : 0,
  );
}
