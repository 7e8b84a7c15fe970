import { describe, expect, it } from 'vitest';
import { forecastLots } from './snapshot.service.js';

const LINE = {
  id: '00000000-0000-7000-8000-0000000000c1',
  manufacturer_org_id: '00000000-0000-7000-8000-0000000000e1',
  item_id: '00000000-0000-7000-8000-00000000000a',
  capacity_schedule: [{ from: '2023-01', per_month: 100 }],
  lead_time_months: 1,
  backlog: 150,
  coalition_share: 0.5,
};

describe('forecastLots', () => {
  it('turns coalition output after backlog and lead time into lots at the first week of each month', () => {
    // Jan: 100 works off backlog (50 left); Feb: 50 of backlog, 50 free → 25 delivered in March;
    // Mar: 100 free → 50 delivered in April, which starts in week 12, past a 10-week horizon.
    expect(forecastLots([LINE], '2023-W01', 10)).toEqual([
      {
        key: `forecast:${LINE.id}:2023-03`,
        kind: 'forecast',
        pledge_id: null,
        production_line_id: LINE.id,
        donor_org_id: null,
        manufacturer_org_id: LINE.manufacturer_org_id,
        item_id: LINE.item_id,
        quantity: 25,
        week: 8,
        hub_id: null,
      },
    ]);
    expect(forecastLots([LINE], '2023-W01', 26).map((l) => [l.key.slice(-7), l.quantity, l.week])).toEqual([
      ['2023-03', 25, 8],
      ['2023-04', 50, 12],
      ['2023-05', 50, 17],
      ['2023-06', 50, 21],
      ['2023-07', 50, 25],
    ]);
  });

  it('floors output to whole units and puts a month begun before the start at week 0', () => {
    const lots = forecastLots(
      [{ ...LINE, backlog: 0, lead_time_months: 0, coalition_share: 0.333 }],
      '2023-W03',
      4,
    );
    // January began before week 2023-W03 (16 Jan): week 0; 1 February is in week 2.
    expect(lots.map((l) => [l.key.slice(-7), l.quantity, l.week])).toEqual([
      ['2023-01', 33, 0],
      ['2023-02', 33, 2],
    ]);
  });
});
