import { describe, expect, it } from 'vitest';
import { progress } from './progress.js';

describe('reconstruction progress', () => {
  it('adds people and capacity per week, per unit, by region and by funder', () => {
    const result = progress([
      // Mon 5 Dec and Fri 9 Dec 2022 are in 2022-W49; Mon 12 Dec in W50.
      {
        id: 'a',
        region_id: 'kyiv',
        energised_on: '2022-12-05',
        people_reconnected: 100_000,
        capacity_restored: 200,
        capacity_unit: 'MVA',
        funders: ['fund', 'dk'],
      },
      {
        id: 'b',
        region_id: 'kyiv',
        energised_on: '2022-12-09',
        people_reconnected: 20_000,
        capacity_restored: 12.5,
        capacity_unit: 'Gcal/h',
        funders: ['fund'],
      },
      {
        id: 'c',
        region_id: 'odesa',
        energised_on: '2022-12-12',
        people_reconnected: 50_000,
        capacity_restored: 125.125,
        capacity_unit: 'MVA',
        funders: [],
      },
    ]);
    expect(result.total).toEqual([
      {
        week: '2022-W49',
        key: 'all',
        projects: 2,
        people_reconnected: 120_000,
        capacity: [
          { unit: 'Gcal/h', capacity: 12.5 },
          { unit: 'MVA', capacity: 200 },
        ],
      },
      {
        week: '2022-W50',
        key: 'all',
        projects: 1,
        people_reconnected: 50_000,
        capacity: [{ unit: 'MVA', capacity: 125.125 }],
      },
    ]);
    expect(result.by_region.map((c) => `${c.week} ${c.key} ${c.people_reconnected}`)).toEqual([
      '2022-W49 kyiv 120000',
      '2022-W50 odesa 50000',
    ]);
    // Project a counts for both of its funders; the groups are not parts of the total.
    expect(result.by_funder.map((c) => `${c.week} ${c.key} ${c.projects} ${c.people_reconnected}`)).toEqual([
      '2022-W49 dk 1 100000',
      '2022-W49 fund 2 120000',
    ]);
  });
});
