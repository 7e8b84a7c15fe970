import { describe, expect, it } from 'vitest';
import { deriveNeedPlans, type RuleForDerivation } from '../../../../src/core/incidents/derivation.js';
import type { Incident } from '../../api/formsContract.js';
import type { NeedRule } from '../../api/useDerivedNeeds.js';
import { isoWeekOf } from '../allocations/allocationWords.js';
import { derivationSteps } from './derivationSteps.js';

// The page restates the server's arithmetic from structured numbers; these cases hold the two to
// the same result, so a change in src/core/incidents/derivation.ts that the page misses fails here.

const META = {
  owner_org_id: 'o',
  classification: 'public',
  embargo_until: null,
  synthetic: true,
  created_at: '2022-11-01T00:00:00.000Z',
  created_by: 'u',
  updated_at: '2022-11-01T00:00:00.000Z',
  updated_by: 'u',
  version: 1,
} as const;

function needRule(overrides: Partial<NeedRule>): NeedRule {
  return {
    id: 'r1',
    code: 'R1',
    description: null,
    trigger: 'service_outage',
    service: 'heat',
    min_outage_days: 3,
    people_per_unit: 10_000,
    asset_kind: null,
    asset_class: null,
    item_id: 'gen',
    quantity_per_unit: 4,
    per_day: false,
    max_days: null,
    priority: 'high',
    priority_before_frost: null,
    lead_days: 7,
    active: true,
    ...META,
    ...overrides,
  };
}

function incident(overrides: Partial<Incident>): Incident {
  return {
    id: 'i1',
    occurred_at: '2022-11-01T06:30:00.000Z',
    kind: 'missile_strike',
    title: 'Test',
    description: null,
    impacts: [],
    damage: [],
    status: 'active',
    ...META,
    ...overrides,
  };
}

/** What the server derives for the same incident and rule, in the rule's only region `a`. */
function serverQuantity(subject: Incident, rule: NeedRule): number | undefined {
  const forDerivation: RuleForDerivation = { ...rule, version: rule.version, item_unit: 'unit' };
  return deriveNeedPlans({
    incidentDay: subject.occurred_at.slice(0, 10),
    impacts: subject.impacts,
    damage: subject.damage,
    rules: [forDerivation],
    firstFrost: new Map(),
  }).find((plan) => plan.region_id === 'a')?.quantity;
}

const heat = (people: number, restoration: string | null) =>
  incident({
    impacts: [
      { region_id: 'a', service: 'heat', people_affected: people, restoration_expected_on: restoration },
    ],
  });

describe('derivationSteps', () => {
  it('rounds people up to whole units and multiplies by the quantity per unit, as the server does', () => {
    const subject = heat(412_000, null);
    const steps = derivationSteps(subject, needRule({}), 'a');
    expect(steps).toMatchObject({ trigger: 'service_outage', people: 412_000, units: 42, result: 168 });
    expect(steps?.result).toBe(serverQuantity(subject, needRule({})));
  });

  it('counts the days of a per-day rule until restoration, capped, or the most when unknown', () => {
    const fuel = needRule({ per_day: true, max_days: 30, quantity_per_unit: 500 });
    const cases = [
      [heat(25_000, '2022-11-11'), 10, 'restoration'],
      [heat(25_000, '2023-01-31'), 30, 'capped'],
      [heat(25_000, null), 30, 'unknown'],
    ] as const;
    for (const [subject, days, reason] of cases) {
      const steps = derivationSteps(subject, fuel, 'a');
      expect(steps).toMatchObject({ days, daysReason: reason, result: 3 * 500 * days });
      expect(steps?.result).toBe(serverQuantity(subject, fuel));
    }
  });

  it('adds the damaged assets of the rule kind and class in the region', () => {
    const transformers = needRule({
      trigger: 'damaged_asset',
      service: null,
      people_per_unit: null,
      min_outage_days: null,
      asset_kind: 'substation',
      asset_class: '330kV',
      quantity_per_unit: 2.5,
    });
    const subject = incident({
      damage: [
        { region_id: 'a', asset_kind: 'substation', asset_class: '330kV', count: 2 },
        { region_id: 'a', asset_kind: 'substation', asset_class: '110kV', count: 5 },
        { region_id: 'b', asset_kind: 'substation', asset_class: '330kV', count: 7 },
      ],
    });
    const steps = derivationSteps(subject, transformers, 'a');
    expect(steps).toMatchObject({ trigger: 'damaged_asset', counts: [2], result: 5 });
    expect(steps?.result).toBe(serverQuantity(subject, transformers));
  });

  it('says nothing when the incident has no figure for the rule in that region', () => {
    expect(derivationSteps(heat(25_000, null), needRule({}), 'b')).toBeUndefined();
  });
});

describe('isoWeekOf', () => {
  it('gives the ISO week, with the year of its Thursday', () => {
    expect(isoWeekOf('2022-11-24')).toBe('2022-W47');
    expect(isoWeekOf('2022-01-02')).toBe('2021-W52');
    expect(isoWeekOf('2020-12-31')).toBe('2020-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
  });
});
