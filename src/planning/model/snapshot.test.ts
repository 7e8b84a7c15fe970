import { describe, expect, it } from 'vitest';
import { buildArcs } from './arcs.js';
import {
  buildProblem,
  DEFAULT_HUB_LABEL,
  DEFAULT_LEAD_TIME_WEEKS,
  fingerprintOf,
  type InputLot,
  type InputNeed,
  mondayOfWeek,
  type PlanInput,
  problemFromJson,
  problemToJson,
  weekAt,
  weekIndex,
  weekOfDate,
} from './snapshot.js';
import { USEFUL_FOREVER } from './types.js';

const ITEM_A = '00000000-0000-7000-8000-00000000000a';
const ITEM_B = '00000000-0000-7000-8000-00000000000b';
const REGION_1 = '00000000-0000-7000-8000-000000000001';
const REGION_2 = '00000000-0000-7000-8000-000000000002';
const HUB_X = '00000000-0000-7000-8000-0000000000f1';
const HUB_Y = '00000000-0000-7000-8000-0000000000f2';

const lot = (key: string, fields: Partial<InputLot> = {}): InputLot => ({
  key,
  kind: 'pledge',
  pledge_id: key,
  production_line_id: null,
  donor_org_id: null,
  manufacturer_org_id: null,
  item_id: ITEM_A,
  quantity: 10,
  week: 0,
  hub_id: null,
  ...fields,
});

const need = (key: string, fields: Partial<InputNeed> = {}): InputNeed => ({
  key,
  need_id: key,
  item_id: ITEM_A,
  region_id: REGION_1,
  recipient_org_id: null,
  priority: 'high',
  quantity: 5,
  due: 3,
  bundle_lead: null,
  ...fields,
});

const input = (fields: Partial<PlanInput> = {}): PlanInput => ({
  start_week: '2023-W18',
  items: [
    { id: ITEM_A, code: 'AMMO-155' },
    { id: ITEM_B, code: 'HOW-155' },
  ],
  regions: [
    { id: REGION_1, code: 'UA-32' },
    { id: REGION_2, code: 'UA-46' },
  ],
  hubs: [
    { id: HUB_Y, code: 'SUC', country_code: 'RO', is_default: false },
    { id: HUB_X, code: 'RZE', country_code: 'PL', is_default: false },
  ],
  lead_times: [
    { hub_id: HUB_X, region_id: REGION_1, weeks: 1, cost: null },
    { hub_id: HUB_Y, region_id: REGION_2, weeks: 3, cost: null },
  ],
  bundles: [],
  lots: [],
  needs: [],
  ...fields,
});

describe('ISO weeks', () => {
  it('counts weeks from the start week, across a year end', () => {
    expect(weekOfDate('2023-01-01')).toBe('2022-W52');
    expect(weekOfDate('2023-01-02')).toBe('2023-W01');
    expect(weekOfDate('2021-01-03')).toBe('2020-W53');
    expect(weekIndex('2023-W18', '2023-05-01')).toBe(0);
    expect(weekIndex('2023-W18', '2023-05-07')).toBe(0);
    expect(weekIndex('2023-W18', '2023-05-08')).toBe(1);
    expect(weekIndex('2023-W18', '2023-04-30')).toBe(-1);
    expect(weekAt('2022-W50', 3)).toBe('2023-W01');
    expect(weekAt('2020-W52', 1)).toBe('2020-W53');
    expect(new Date(mondayOfWeek('2023-W18') * 86_400_000).toISOString().slice(0, 10)).toBe('2023-05-01');
  });
});

describe('buildProblem', () => {
  it('indexes items, regions and hubs by sorted id or code and keeps lots and needs in key order', () => {
    const built = buildProblem(
      input({
        lots: [lot('p2', { hub_id: HUB_Y, week: 4 }), lot('p1', { item_id: ITEM_B, hub_id: HUB_X })],
        needs: [need('n2', { region_id: REGION_2, priority: 'critical' }), need('n1', { item_id: ITEM_B })],
      }),
    );
    const { problem } = built;
    expect(problem.items).toEqual([ITEM_A, ITEM_B]);
    expect(problem.regions).toEqual([REGION_1, REGION_2]);
    expect(problem.hubs).toEqual(['RZE', 'SUC']);
    expect(built.hubIds).toEqual([HUB_X, HUB_Y]);
    expect(problem.lots.id).toEqual(['p1', 'p2']);
    expect(Array.from(problem.lots.item)).toEqual([1, 0]);
    expect(Array.from(problem.lots.hub)).toEqual([0, 1]);
    expect(Array.from(problem.lots.available)).toEqual([0, 4]);
    expect(problem.needs.id).toEqual(['n1', 'n2']);
    expect(Array.from(problem.needs.priority)).toEqual([4, 8]);
    expect(Array.from(problem.needs.region)).toEqual([0, 1]);
    // Lead times from the table; a missing pair takes the default.
    expect(Array.from(problem.leadTime)).toEqual([1, DEFAULT_LEAD_TIME_WEEKS, DEFAULT_LEAD_TIME_WEEKS, 3]);
    expect(problem.transportCost).toBeUndefined();
  });

  it('gives the same model for the same data in any row order', () => {
    const lots = [lot('p1'), lot('p2', { hub_id: HUB_Y }), lot('p3', { item_id: ITEM_B })];
    const needs = [need('n1'), need('n2', { region_id: REGION_2 })];
    const a = buildProblem(input({ lots, needs }));
    const b = buildProblem(input({ lots: [...lots].reverse(), needs: [...needs].reverse() }));
    expect(problemToJson(b.problem)).toEqual(problemToJson(a.problem));
    expect(fingerprintOf(input({ lots: [...lots].reverse(), needs }))).toBe(
      fingerprintOf(input({ lots, needs })),
    );
    expect(fingerprintOf(input({ lots: [lot('p1', { quantity: 11 })], needs }))).not.toBe(
      fingerprintOf(input({ lots: [lot('p1')], needs })),
    );
  });

  it('stages a lot without hub at the default hub, else at the lowest code, else at a virtual hub', () => {
    const lots = [lot('p1')];
    const needs = [need('n1')];
    expect(Array.from(buildProblem(input({ lots, needs })).problem.lots.hub)).toEqual([0]); // RZE < SUC
    const flagged = input({
      lots,
      needs,
      hubs: [
        { id: HUB_Y, code: 'SUC', country_code: 'RO', is_default: true },
        { id: HUB_X, code: 'RZE', country_code: 'PL', is_default: false },
      ],
    });
    expect(Array.from(buildProblem(flagged).problem.lots.hub)).toEqual([1]);
    const none = buildProblem(input({ lots, needs, hubs: [], lead_times: [] }));
    expect(none.problem.hubs).toEqual([DEFAULT_HUB_LABEL]);
    expect(none.hubIds).toEqual([null]);
    expect(Array.from(none.problem.leadTime)).toEqual([DEFAULT_LEAD_TIME_WEEKS]);
  });

  it('puts past availability at week 0 and keeps a past due week, so lateness counts from the due date', () => {
    const built = buildProblem(
      input({ lots: [lot('p1', { week: -30 })], needs: [need('n1', { due: -40 })] }),
    );
    expect(Array.from(built.problem.lots.available)).toEqual([0]);
    expect(Array.from(built.problem.needs.due)).toEqual([-40]);
    const arcs = buildArcs(built.problem);
    expect(Array.from(arcs.arrival)).toEqual([1]);
    expect(Array.from(arcs.lateness)).toEqual([41]);
  });

  it('carries useful_until, leaves out needs no longer of use, and carries item units and prices', () => {
    const built = buildProblem(
      input({
        lots: [lot('p1')],
        needs: [need('n1', { useful_until: 3 }), need('n2', { useful_until: -1 }), need('n3')],
      }),
    );
    expect(built.problem.needs.id).toEqual(['n1', 'n3']);
    expect(built.expiredNeeds).toEqual(['n2']);
    expect(Array.from(built.problem.needs.usefulUntil ?? [])).toEqual([3, USEFUL_FOREVER]);
    const json = problemFromJson(JSON.parse(JSON.stringify(problemToJson(built.problem))));
    expect(Array.from(json.needs.usefulUntil ?? [])).toEqual([3, USEFUL_FOREVER]);
    const priced = buildProblem(
      input({
        items: [{ id: ITEM_A, code: 'AMMO-155', unit: 'rounds', unit_price_eur: 3000 }],
        lots: [lot('p1')],
        needs: [need('n1')],
      }),
    ).problem;
    expect(Array.from(priced.itemPrice ?? [])).toEqual([3000]);
    expect(priced.itemUnit).toEqual(['rounds']);
    expect(problemFromJson(JSON.parse(JSON.stringify(problemToJson(priced)))).itemPrice).toEqual(
      priced.itemPrice,
    );
  });

  it('uses explicit transport costs when a lead time row has one', () => {
    const built = buildProblem(
      input({
        lead_times: [{ hub_id: HUB_X, region_id: REGION_1, weeks: 1, cost: 7.5 }],
        lots: [lot('p1', { hub_id: HUB_X })],
        needs: [need('n1')],
      }),
    );
    expect(Array.from(built.problem.transportCost ?? [])).toEqual([7.5, DEFAULT_LEAD_TIME_WEEKS]);
  });

  it('links bundle members to their lead need with the catalogue ratio, and reports links it cannot use', () => {
    const built = buildProblem(
      input({
        bundles: [{ lead_item_id: ITEM_B, member_item_id: ITEM_A, ratio: 40 }],
        lots: [lot('p1')],
        needs: [
          need('n-lead', { item_id: ITEM_B }),
          need('n-shells', { bundle_lead: 'n-lead' }),
          need('n-orphan', { bundle_lead: 'n-missing' }),
          need('n-nobundle', { item_id: ITEM_B, bundle_lead: 'n-shells' }),
        ],
      }),
    );
    const index = (key: string) => built.problem.needs.id.indexOf(key);
    expect(built.problem.bundles).toEqual([
      { leadNeed: index('n-lead'), members: [{ need: index('n-shells'), ratio: 40 }] },
    ]);
    expect(built.ignoredBundleLinks).toEqual(['n-nobundle', 'n-orphan']);
  });

  it('leaves out lots and needs with nothing left, and round-trips through JSON', () => {
    const built = buildProblem(
      input({
        lots: [lot('p1', { quantity: 0 }), lot('p2')],
        needs: [need('n1', { quantity: 0 }), need('n2')],
      }),
      { horizon: 12, lateness: 2, weights: { unmet: 500, late: 5, cost: 1 } },
    );
    expect(built.problem.lots.id).toEqual(['p2']);
    expect(built.problem.needs.id).toEqual(['n2']);
    const again = problemFromJson(JSON.parse(JSON.stringify(problemToJson(built.problem))));
    expect(problemToJson(again)).toEqual(problemToJson(built.problem));
    expect(again.leadTime).toBeInstanceOf(Int32Array);
    expect(again).toMatchObject({ horizon: 12, lateness: 2, weights: { unmet: 500, late: 5, cost: 1 } });
  });
});
