import { describe, expect, it } from 'vitest';
import {
  type Column,
  formatCsv,
  formatTable,
  renderDonorReport,
  renderGapReport,
  renderWeeklyReport,
} from './report.command.js';

interface Row {
  name: string;
  count: number;
  share: number | null;
}
const columns: Column<Row>[] = [
  { field: 'name', title: 'name', value: (r) => r.name, width: 12 },
  { field: 'count', title: 'count', value: (r) => r.count },
  { field: 'share', title: 'share %', value: (r) => r.share },
];
const rows: Row[] = [
  { name: 'Generators, 220 kVA', count: 1234567.5, share: 12.5 },
  { name: 'Fuel "diesel"', count: 3, share: null },
];

describe('report output', () => {
  it('aligns a table: text left, numbers right, long text cut, missing values as a dash', () => {
    const table = formatTable(columns, rows, [{ name: 'total', count: 1234570.5, share: 100 }]);
    expect(table.split('\n')).toEqual([
      'name                count  share %',
      '------------  -----------  -------',
      'Generators,…  1,234,567.5     12.5',
      'Fuel "diese…            3        –',
      '------------  -----------  -------',
      'total         1,234,570.5      100',
    ]);
  });

  it('writes RFC 4180 CSV with the field names as header and plain numbers', () => {
    expect(formatCsv(columns, rows)).toBe(
      'name,count,share\r\n"Generators, 220 kVA",1234567.5,12.5\r\n"Fuel ""diesel""",3,\r\n',
    );
  });

  it('renders the gap report with its totals and notes, or as the API’s JSON', () => {
    const figures = {
      needed: 10,
      pledged: 8,
      committed: 6,
      allocated: 5,
      shipped: 4,
      delivered: 3,
      unmet: 2,
      coverage: { by_announcements_pct: 80, by_commitments_pct: 70, basis: 'quantity' as const },
      value: {
        needed: { amount: '1000.00', currency: 'EUR' },
        pledged: { amount: '800.00', currency: 'EUR' },
        committed: { amount: '600.00', currency: 'EUR' },
        allocated: { amount: '500.00', currency: 'EUR' },
        shipped: { amount: '400.00', currency: 'EUR' },
        delivered: { amount: '300.00', currency: 'EUR' },
        unmet: { amount: '200.00', currency: 'EUR' },
      },
      unvalued_need_count: 0,
      unvalued_pledge_count: 0,
      need_count: 1,
      pledge_count: 2,
    };
    const totals = {
      ...figures,
      ...{ needed: null, pledged: null, committed: null, allocated: null, shipped: null, delivered: null },
      unmet: null,
      coverage: { by_announcements_pct: 80, by_commitments_pct: 70, basis: 'eur' as const },
    };
    const report = {
      by: 'item' as const,
      groups: [{ key: 'k1', label: 'GEN-5KVA Portable generator', unit: 'unit', ...figures }],
      totals,
      unvalued: { need_ids: [], pledge_ids: [] },
      notes: ['Unmet is floored at zero per need before summing.'],
    };
    const table = renderGapReport('table', report);
    expect(table).toMatch(/^Gaps by item/);
    expect(table).not.toContain('k1');
    // Totals span items: no quantities, the EUR values and coverage by value.
    expect(table).toMatch(/\ntotal(\s+–){7}\s+1,000\s+800\s+300\s+200\s+80\s+70\s+eur\s+1\s+2\n/);
    expect(table).toContain('- Unmet is floored at zero per need before summing.');
    const csv = renderGapReport('csv', report).split('\r\n');
    expect(csv[0]).toBe(
      'key,label,unit,needed,pledged,committed,allocated,shipped,delivered,unmet,needed_eur,pledged_eur,delivered_eur,unmet_eur,coverage_announced_pct,coverage_committed_pct,coverage_basis,need_count,pledge_count',
    );
    expect(csv[1]).toBe(
      'k1,GEN-5KVA Portable generator,unit,10,8,6,5,4,3,2,1000,800,300,200,80,70,quantity,1,2',
    );
    expect(csv).toHaveLength(3); // header, one group, and the final line break: no totals in the data
    expect(JSON.parse(renderGapReport('json', report))).toEqual(report);
  });

  it('renders the weekly series and the donor funnel with percentages and whole euros in a table', () => {
    const zero = { amount: '0.00', currency: 'EUR' };
    const weekValue = { needed: zero, pledged: zero, committed: zero, delivered: zero };
    const weekly = renderWeeklyReport('table', {
      by: 'item',
      key: 'k1',
      label: 'GEN-5KVA Portable generator',
      unit: 'unit',
      from: '2022-W48',
      to: '2022-W49',
      weeks: [
        { week: '2022-W48', needed: 10, pledged: 5, committed: 4, delivered: 0, value: weekValue },
        { week: '2022-W49', needed: 12, pledged: 9, committed: 8, delivered: 3, value: weekValue },
      ],
      notes: [],
    });
    expect(weekly.split('\n').slice(0, 6)).toEqual([
      'Cumulative by ISO week, item GEN-5KVA Portable generator (unit)',
      '',
      'week      needed  pledged  committed  delivered',
      '--------  ------  -------  ---------  ---------',
      '2022-W48      10        5          4          0',
      '2022-W49      12        9          8          3',
    ]);
    const eur = (amount: string) => ({ amount, currency: 'EUR' });
    const donors = renderDonorReport('table', {
      donors: [
        {
          donor_org_id: 'd1',
          name: 'Donor',
          pledge_count: 2,
          cancelled_count: 0,
          item_count: 1,
          unit: 'unit',
          announced: 100,
          cancelled: 0,
          committed: 80,
          allocated: 60,
          shipped: 50,
          delivered: 40,
          in_service: 0,
          committed_ratio: 0.8,
          delivered_ratio: 0.4,
          announced_value: eur('1000000.49'),
          committed_value: eur('800000.00'),
          allocated_value: eur('600000.00'),
          shipped_value: eur('500000.00'),
          delivered_value: eur('400000.50'),
          unvalued_count: 0,
          committed_value_ratio: 0.8,
          delivered_value_ratio: 0.4,
          delivered_pledge_count: 1,
          median_days_to_delivery: 12.5,
        },
      ],
      notes: [],
    });
    const [header, , row] = donors.split('\n').slice(2);
    expect(header?.split(/\s{2,}/)).toEqual([
      'donor',
      'announced',
      'committed',
      'allocated',
      'shipped',
      'delivered',
      'delivered %',
      'announced EUR',
      'committed EUR',
      'delivered EUR',
      'no value',
      'median days',
    ]);
    expect(row?.split(/\s{2,}/)).toEqual([
      'Donor',
      '100',
      '80',
      '60',
      '50',
      '40',
      '40',
      '1,000,000',
      '800,000',
      '400,001',
      '0',
      '12.5',
    ]);
  });
});
