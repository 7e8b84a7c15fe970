import { describe, expect, it } from 'vitest';
import { deriveNeedPlans, type RuleForDerivation } from './derivation.js';

const rule = (overrides: Partial<RuleForDerivation>): RuleForDerivation => ({
  id: 'r1',
  version: 1,
  code: 'R1',
  trigger: 'service_outage',
  service: 'heat',
  min_outage_days: 3,
  people_per_unit: 10_000,
  asset_kind: null,
  asset_class: null,
  item_id: 'gen',
  item_unit: 'unit',
  quantity_per_unit: 4,
  per_day: false,
  max_days: null,
  priority: 'high',
  priority_before_frost: null,
  lead_days: 7,
  ...overrides,
});

const derive = (r: RuleForDerivation, people: number, restoration: string | null, frost?: string) =>
  deriveNeedPlans({
    incidentDay: '2022-11-01',
    impacts: [
      { region_id: 'a', service: 'heat', people_affected: people, restoration_expected_on: restoration },
    ],
    damage: [],
    rules: [r],
    firstFrost: new Map(frost ? [['a', frost]] : []),
  });

describe('deriveNeedPlans', () => {
  it('rounds people up to whole units', () => {
    expect(derive(rule({}), 412_000, '2022-11-10')[0]?.quantity).toBe(168);
    expect(derive(rule({}), 410_000, '2022-11-10')[0]?.quantity).toBe(164);
    expect(derive(rule({}), 1, '2022-11-10')[0]?.quantity).toBe(4);
  });

  it('applies only to outages longer than the threshold; unknown restoration counts as longer', () => {
    expect(derive(rule({}), 50_000, '2022-11-04')).toEqual([]);
    expect(derive(rule({}), 50_000, '2022-11-05')).toHaveLength(1);
    expect(derive(rule({}), 50_000, null)).toHaveLength(1);
  });

  it('multiplies per-day quantities by the days to restoration, capped, with exact decimals', () => {
    const fuel = rule({ per_day: true, max_days: 10, quantity_per_unit: 0.125, item_unit: 'tonne' });
    expect(derive(fuel, 30_000, '2022-11-08')[0]).toMatchObject({
      quantity: 2.625,
      derivation:
        'ceil(30,000 people without heat / 10,000) × 0.125 tonne a day × 7 days (until restoration on 2022-11-08) = 2.625 tonne (rule R1 v1)',
    });
    expect(derive(fuel, 30_000, '2022-12-31')[0]?.quantity).toBe(3.75);
    expect(derive(fuel, 30_000, null)[0]?.derivation).toContain('restoration unknown, 10 days at most');
  });

  it('makes needs due near or after the first frost more urgent, and due no later than the frost', () => {
    const heat = rule({ priority_before_frost: 'critical', lead_days: 30 });
    // Incident on 1 Nov, due 1 Dec: the frost on 15 Nov comes first, so the frost is the deadline.
    expect(derive(heat, 10_000, null, '2022-11-15')[0]).toMatchObject({
      priority: 'critical',
      needed_by: '2022-11-15',
    });
    // The frost has come already: at least as urgent, due by the rule's lead time.
    expect(derive(heat, 10_000, null, '2022-10-15')[0]).toMatchObject({
      priority: 'critical',
      needed_by: '2022-12-01',
    });
    // Due on 1 Dec, frost on 16 Dec (15 days later): outside the 14-day window, the usual priority.
    expect(derive(heat, 10_000, null, '2022-12-16')[0]).toMatchObject({
      priority: 'high',
      needed_by: '2022-12-01',
    });
    // Frost on 15 Dec: the need falls due 14 days before it, inside the window.
    expect(derive(heat, 10_000, null, '2022-12-15')[0]).toMatchObject({
      priority: 'critical',
      needed_by: '2022-12-01',
    });
  });

  it('sums damaged assets of a rule per region and ignores other classes', () => {
    const plans = deriveNeedPlans({
      incidentDay: '2022-11-01',
      impacts: [],
      damage: [
        { region_id: 'a', asset_kind: 'substation', asset_class: '110kV', count: 2 },
        { region_id: 'a', asset_kind: 'substation', asset_class: '330kV', count: 1 },
        { region_id: 'b', asset_kind: 'substation', asset_class: '110kV', count: 1 },
      ],
      rules: [
        rule({
          trigger: 'damaged_asset',
          service: null,
          asset_kind: 'substation',
          asset_class: null,
          quantity_per_unit: 1,
        }),
      ],
      firstFrost: new Map(),
    });
    expect(plans.map((p) => [p.region_id, p.quantity, p.derivation])).toEqual([
      ['a', 3, '(2 + 1) damaged substation × 1 unit = 3 unit (rule R1 v1)'],
      ['b', 1, '1 damaged substation × 1 unit = 1 unit (rule R1 v1)'],
    ]);
  });
});
