import { describe, expect, it } from 'vitest';
import { type EquipmentLine, moves, type ProjectPlan, schedule } from './critical-path.js';
import { rank } from './ranking.js';

const TODAY = '2022-11-24';

const line = (overrides: Partial<EquipmentLine> & Pick<EquipmentLine, 'need_id'>): EquipmentLine => ({
  label: overrides.need_id,
  delivered_on: null,
  lead_days: 0,
  production_lead_days: null,
  coming: [],
  candidates: [],
  ...overrides,
});

/** Funded; waits on a 330 kV autotransformer with a 9-month (270-day) production lead and on switchgear (60 days). */
const transformerProject: ProjectPlan = {
  today: TODAY,
  milestones: {
    assessed: { planned_on: null, actual_on: '2022-10-20' },
    funded: { planned_on: null, actual_on: '2022-11-01' },
  },
  missing_eur: 0,
  install_days: 14,
  energise_days: 7,
  equipment: [
    line({
      need_id: 'autotransformer',
      lead_days: 90,
      production_lead_days: 270,
      candidates: [{ pledge_id: 'pledge-from-stock', available_on: '2023-01-05' }],
    }),
    line({ need_id: 'switchgear', lead_days: 60 }),
  ],
};

/** Everything on site; waits only for €2 m expected with the planned funded milestone on 19 Jan. */
const moneyProject: ProjectPlan = {
  today: TODAY,
  milestones: { funded: { planned_on: '2023-01-19', actual_on: null } },
  missing_eur: 2_000_000,
  install_days: 14,
  energise_days: 7,
  equipment: [line({ need_id: 'transformer-110', delivered_on: '2022-11-10', lead_days: 30 })],
};

describe('critical path (hand-computed)', () => {
  it('a project waiting on a 9-month transformer: the transformer sets the date', () => {
    const s = schedule(transformerProject);
    // Ordered today (funded before): 24 Nov 2022 + 270 days = 21 Aug 2023; switchgear + 60 = 23 Jan 2023.
    expect(s.lines.map((l) => `${l.need_id} ${l.ready_on} ${l.why}`)).toEqual([
      'autotransformer 2023-08-21 order',
      'switchgear 2023-01-23 order',
    ]);
    // Installed 14 days after delivery (4 Sep), energised 7 days later.
    expect(s).toMatchObject({
      funded_on: '2022-11-01',
      delivered_on: '2023-08-21',
      installed_on: '2023-09-04',
      energised_on: '2023-09-11',
      critical: 'autotransformer',
    });
  });

  it('a pledge that moves the energising date by exactly 30 weeks', () => {
    // With the pledged transformer on site on 5 Jan, the switchgear (23 Jan) becomes the last line:
    // installed 6 Feb, energised 13 Feb 2023; 13 Feb → 11 Sep 2023 = 210 days = 30 weeks.
    const [best, ...rest] = moves(transformerProject);
    expect(rest).toEqual([]);
    expect(best).toEqual({
      kind: 'pledge',
      what: 'pledge-from-stock',
      need_id: 'autotransformer',
      energised_on: '2023-02-13',
      days_earlier: 210,
      unblocks: false,
    });
    expect((best?.days_earlier ?? 0) / 7).toBe(30);
  });

  it('a project waiting on money only: money today moves it 8 weeks; nothing else does', () => {
    const s = schedule(moneyProject);
    // Funded 19 Jan (planned) → installed 2 Feb → energised 9 Feb 2023.
    expect(s).toMatchObject({
      funded_on: '2023-01-19',
      installed_on: '2023-02-02',
      energised_on: '2023-02-09',
      critical: 'money',
    });
    // Money today: installed 8 Dec, energised 15 Dec 2022: 56 days = 8 weeks earlier.
    expect(moves(moneyProject)).toEqual([
      {
        kind: 'money',
        what: '2000000.00',
        need_id: null,
        energised_on: '2022-12-15',
        days_earlier: 56,
        unblocks: false,
      },
    ]);
  });

  it('without a funding plan a project short of money is blocked, and the money unblocks it', () => {
    const blocked = { ...moneyProject, milestones: {} };
    expect(schedule(blocked)).toMatchObject({ funded_on: null, energised_on: null, critical: 'money' });
    expect(moves(blocked)).toEqual([
      {
        kind: 'money',
        what: '2000000.00',
        need_id: null,
        energised_on: '2022-12-15',
        days_earlier: null,
        unblocks: true,
      },
    ]);
  });

  it('a pledge for a line that is not on the critical path gains nothing and is not offered', () => {
    const plan: ProjectPlan = {
      ...transformerProject,
      equipment: [
        line({ need_id: 'autotransformer', lead_days: 90, production_lead_days: 270 }),
        line({
          need_id: 'switchgear',
          lead_days: 60,
          candidates: [{ pledge_id: 'early-switchgear', available_on: '2022-12-01' }],
        }),
      ],
    };
    expect(moves(plan)).toEqual([]);
  });

  it('an actual energised milestone ends the path', () => {
    const done = {
      ...transformerProject,
      milestones: {
        ...transformerProject.milestones,
        energised: { planned_on: null, actual_on: '2022-11-20' },
      },
    };
    expect(schedule(done)).toMatchObject({ energised_on: '2022-11-20', critical: 'done' });
    expect(moves(done)).toEqual([]);
  });
});

describe('ranking (hand-computed)', () => {
  it('ranks before-frost first, then people reconnected per week, then per EUR missing', () => {
    const ranked = rank(TODAY, [
      // 24 Nov → 11 Sep 2023 = 291 days → 42 weeks; 300,000 / 42 = 7,142.9 → 7,143 per week.
      {
        id: 't',
        name: 'Transformer',
        people_reconnected: 300_000,
        missing_eur: 0,
        energised_on: '2023-09-11',
        energised_if_funded_on: '2023-09-11',
        first_frost_on: '2022-12-20',
        done: false,
      },
      // 24 Nov → 9 Feb = 77 days → 11 weeks; 120,000 / 11 = 10,909; 120,000 per €2 m = 60,000 per €1 m.
      {
        id: 'm',
        name: 'Money',
        people_reconnected: 120_000,
        missing_eur: 2_000_000,
        energised_on: '2023-02-09',
        energised_if_funded_on: '2022-12-15',
        first_frost_on: '2022-12-20',
        done: false,
      },
      // Blocked; funded today it is energised on 15 Dec (21 days → 3 weeks), before the frost of 20 Dec.
      {
        id: 'b',
        name: 'Blocked',
        people_reconnected: 50_000,
        missing_eur: 500_000,
        energised_on: null,
        energised_if_funded_on: '2022-12-15',
        first_frost_on: '2022-12-20',
        done: false,
      },
      {
        id: 'd',
        name: 'Done',
        people_reconnected: 1_000_000,
        missing_eur: 0,
        energised_on: '2022-11-01',
        energised_if_funded_on: '2022-11-01',
        first_frost_on: '2022-12-20',
        done: true,
      },
    ]);
    expect(ranked).toEqual([
      {
        rank: 1,
        id: 'b',
        name: 'Blocked',
        weeks: 3,
        people_per_week: 16_667,
        people_per_meur_missing: 100_000,
        before_frost: true,
        blocked_on_money: true,
      },
      {
        rank: 2,
        id: 'm',
        name: 'Money',
        weeks: 11,
        people_per_week: 10_909,
        people_per_meur_missing: 60_000,
        before_frost: false,
        blocked_on_money: false,
      },
      {
        rank: 3,
        id: 't',
        name: 'Transformer',
        weeks: 42,
        people_per_week: 7_143,
        people_per_meur_missing: null,
        before_frost: false,
        blocked_on_money: false,
      },
    ]);
  });

  it('among equals per week, the project missing less money per person comes first', () => {
    const base = {
      energised_on: '2022-12-22',
      energised_if_funded_on: '2022-12-22',
      first_frost_on: null,
      done: false,
    };
    const ranked = rank(TODAY, [
      { ...base, id: 'a', name: 'A', people_reconnected: 40_000, missing_eur: 4_000_000 },
      { ...base, id: 'b', name: 'B', people_reconnected: 40_000, missing_eur: 1_000_000 },
    ]);
    expect(ranked.map((r) => [r.id, r.people_per_meur_missing])).toEqual([
      ['b', 40_000],
      ['a', 10_000],
    ]);
  });
});
