import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import type { InputLot, InputNeed, PlanInput } from './model/snapshot.js';
import { applyOutages, applyScenario, ScenarioSchema } from './scenario.js';

const ITEM = '00000000-0000-7000-8000-00000000000a';
const OTHER_ITEM = '00000000-0000-7000-8000-00000000000b';
const REGION = '00000000-0000-7000-8000-000000000001';
const HUB = '00000000-0000-7000-8000-0000000000f1';
const DONOR = '00000000-0000-7000-8000-0000000000d1';
const MAKER = '00000000-0000-7000-8000-0000000000e1';
const LINE = '00000000-0000-7000-8000-0000000000c1';

const pledge = (key: string, week: number, quantity: number, donor = DONOR): InputLot => ({
  key,
  kind: 'pledge',
  pledge_id: key,
  production_line_id: null,
  donor_org_id: donor,
  manufacturer_org_id: null,
  item_id: ITEM,
  quantity,
  week,
  hub_id: null,
});

const forecast = (key: string, line: string, maker: string | null): InputLot => ({
  ...pledge(key, 8, 100),
  kind: 'forecast',
  pledge_id: null,
  donor_org_id: null,
  production_line_id: line,
  manufacturer_org_id: maker,
});

const liveNeed: InputNeed = {
  key: 'n1',
  need_id: 'n1',
  item_id: ITEM,
  region_id: REGION,
  recipient_org_id: null,
  priority: 'high',
  quantity: 50,
  due: 4,
  bundle_lead: null,
};

const live: PlanInput = Object.freeze({
  start_week: '2023-W18',
  items: [
    { id: ITEM, code: 'AMMO-155' },
    { id: OTHER_ITEM, code: 'GEN-100KVA' },
  ],
  regions: [{ id: REGION, code: 'UA-32' }],
  hubs: [{ id: HUB, code: 'RZE', country_code: 'PL', is_default: true }],
  lead_times: [],
  bundles: [],
  lots: [
    pledge('p1', 0, 30),
    pledge('p2', 5, 20),
    pledge('p3', 2, 10, '00000000-0000-7000-8000-0000000000d2'),
    forecast('forecast:a', LINE, null),
    forecast('forecast:b', '00000000-0000-7000-8000-0000000000c2', MAKER),
  ],
  needs: [liveNeed],
});

const quantities = (plan: PlanInput) => Object.fromEntries(plan.lots.map((l) => [l.key, l.quantity]));

describe('applyScenario', () => {
  it('changes nothing for an empty scenario and never edits its input', () => {
    const copy = structuredClone(live);
    expect(applyScenario(live, {})).toEqual(live);
    applyScenario(live, {
      delayed_donors: [{ donor_org_id: DONOR, weeks: 3 }],
      removed_supply: [{ pledge_id: 'p1' }],
    });
    expect(live).toEqual(copy);
  });

  it('adds supply and needs by code or id, with defaults', () => {
    const plan = applyScenario(live, {
      extra_supply: [
        { item: 'gen-100kva', quantity: 12 },
        { item: ITEM, quantity: 5, week: 3, hub: 'RZE' },
      ],
      extra_needs: [{ item: 'AMMO-155', region: 'UA-32', quantity: 40, priority: 'critical', due_week: 2 }],
    });
    expect(plan.lots.slice(-2)).toEqual([
      expect.objectContaining({
        key: 'scenario:supply:00000',
        kind: 'scenario',
        item_id: OTHER_ITEM,
        quantity: 12,
        week: 0,
        hub_id: null,
      }),
      expect.objectContaining({
        key: 'scenario:supply:00001',
        item_id: ITEM,
        quantity: 5,
        week: 3,
        hub_id: HUB,
      }),
    ]);
    expect(plan.needs[1]).toEqual({
      key: 'scenario:need:00000',
      need_id: null,
      item_id: ITEM,
      region_id: REGION,
      recipient_org_id: null,
      priority: 'critical',
      quantity: 40,
      due: 2,
      bundle_lead: null,
    });
  });

  it('removes a pledge, part of one, or a quantity of an item latest-available first', () => {
    expect(quantities(applyScenario(live, { removed_supply: [{ pledge_id: 'p1' }] }))).not.toHaveProperty(
      'p1',
    );
    expect(quantities(applyScenario(live, { removed_supply: [{ pledge_id: 'p1', quantity: 12 }] })).p1).toBe(
      18,
    );
    const byItem = quantities(applyScenario(live, { removed_supply: [{ item: 'AMMO-155', quantity: 25 }] }));
    // p2 (week 5) goes first, then 5 of p3 (week 2); p1 (week 0) and forecast lots are untouched.
    expect(byItem).toEqual({ p1: 30, p3: 5, 'forecast:a': 100, 'forecast:b': 100 });
  });

  it("delays only that donor's pledges", () => {
    const plan = applyScenario(live, { delayed_donors: [{ donor_org_id: DONOR, weeks: 3 }] });
    expect(plan.lots.map((l) => [l.key, l.week])).toEqual([
      ['p1', 3],
      ['p2', 8],
      ['p3', 2],
      ['forecast:a', 8],
      ['forecast:b', 8],
    ]);
  });

  it("drops a line's or a manufacturer's forecast output", () => {
    expect(
      Object.keys(quantities(applyScenario(live, { lost_output: [{ production_line_id: LINE }] }))),
    ).toEqual(['p1', 'p2', 'p3', 'forecast:b']);
    expect(
      Object.keys(quantities(applyScenario(live, { lost_output: [{ manufacturer_org_id: MAKER }] }))),
    ).toEqual(['p1', 'p2', 'p3', 'forecast:a']);
  });

  it('refuses unknown references all at once, naming each field', () => {
    let error: unknown;
    try {
      applyScenario(live, {
        extra_supply: [{ item: 'NOPE', quantity: 1, hub: 'XXX' }],
        extra_needs: [{ item: 'AMMO-155', region: 'UA-99', quantity: 1, priority: 'low' }],
        removed_supply: [{ pledge_id: '00000000-0000-7000-8000-000000000999' }, { item: 'AMMO-155' }],
        lost_output: [{}],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_record');
    expect((error as DomainError).errors.map((e) => e.field)).toEqual([
      'scenario/lost_output/0',
      'scenario/removed_supply/0/pledge_id',
      'scenario/removed_supply/1/quantity',
      'scenario/extra_supply/0/item',
      'scenario/extra_supply/0/hub',
      'scenario/extra_needs/0/region',
    ]);
  });

  it('has a schema that refuses unknown fields and bad numbers', () => {
    expect(Value.Check(ScenarioSchema, { extra_supply: [{ item: 'X', quantity: 1 }] })).toBe(true);
    expect(Value.Check(ScenarioSchema, { surprise: true })).toBe(false);
    expect(Value.Check(ScenarioSchema, { extra_supply: [{ item: 'X', quantity: 0 }] })).toBe(false);
    expect(Value.Check(ScenarioSchema, { delayed_donors: [{ donor_org_id: DONOR, weeks: 0 }] })).toBe(false);
  });
});

describe('outages from the capacity model', () => {
  const LINE_2 = '00000000-0000-7000-8000-0000000000c2';
  const weekly = (key: string, line: string, week: number, quantity: number): InputLot => ({
    ...forecast(key, line, null),
    week,
    quantity,
  });
  const input: PlanInput = {
    ...live,
    lots: [
      pledge('p1', 0, 30),
      weekly('forecast:a:1', LINE, 0, 100),
      weekly('forecast:a:2', LINE, 4, 100),
      weekly('forecast:a:3', LINE, 9, 100),
      weekly('forecast:b:1', LINE_2, 4, 7),
    ],
  };

  it('removes what a stopped plant would have made in its weeks, and a share of a line fed from a country', () => {
    const { lots, removed } = applyOutages(input.lots, [
      { outage: 0, production_line_id: LINE, share: 1, from_week: 3, until_week: 8 },
      { outage: 1, production_line_id: LINE_2, share: 0.4, from_week: 0, until_week: null },
    ]);
    // Line a: only week 4 falls in 3..8; line b loses 40 % of 7 = 2.8, keeping floor(4.2) = 4 units.
    expect(Object.fromEntries(lots.map((l) => [l.key, l.quantity]))).toEqual({
      p1: 30,
      'forecast:a:1': 100,
      'forecast:a:2': 0,
      'forecast:a:3': 100,
      'forecast:b:1': 4,
    });
    expect(removed).toEqual([
      { key: 'forecast:a:2', production_line_id: LINE, before: 100, after: 0 },
      { key: 'forecast:b:1', production_line_id: LINE_2, before: 7, after: 4 },
    ]);
    // Two outages of one line compound: 1 − (1 − 0.5)(1 − 0.5) = 75 % lost.
    const twice = applyOutages(input.lots, [
      { outage: 0, production_line_id: LINE, share: 0.5, from_week: 0, until_week: null },
      { outage: 1, production_line_id: LINE, share: 0.5, from_week: 0, until_week: null },
    ]);
    expect(twice.lots.filter((l) => l.production_line_id === LINE).map((l) => l.quantity)).toEqual([
      25, 25, 25,
    ]);
    expect(() =>
      applyOutages(input.lots, [
        { outage: 0, production_line_id: LINE, share: 0, from_week: 0, until_week: null },
      ]),
    ).toThrow(RangeError);
  });

  it('applies outages in a scenario (so the scenario model can be exported), and refuses them unresolved', () => {
    const scenario = { outages: [{ plant: 'Plant A', from_week: 3, until_week: 8 }] };
    expect(Value.Check(ScenarioSchema, scenario)).toBe(true);
    const planned = applyScenario(input, scenario, [
      { outage: 0, production_line_id: LINE, share: 1, from_week: 3, until_week: 8 },
    ]);
    // The emptied lot is dropped; nothing live is touched.
    expect(planned.lots.map((l) => l.key)).toEqual(['p1', 'forecast:a:1', 'forecast:a:3', 'forecast:b:1']);
    expect(input.lots).toHaveLength(5);
    const refused = (s: unknown, effects?: Parameters<typeof applyScenario>[2]) => {
      try {
        applyScenario(input, s as never, effects);
      } catch (error) {
        return (error as DomainError).errors;
      }
      return null;
    };
    expect(JSON.stringify(refused(scenario))).toContain('scenario/outages');
    expect(JSON.stringify(refused({ outages: [{ plant: 'A', country_code: 'RU' }] }, []))).toContain(
      'exactly one of',
    );
    expect(JSON.stringify(refused({ outages: [{ plant: 'A', from_week: 5, until_week: 2 }] }, []))).toContain(
      'until_week',
    );
  });
});
