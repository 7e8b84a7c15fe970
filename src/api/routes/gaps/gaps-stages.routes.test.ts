import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildReportWorld } from '../../../../test/support/report-world.js';

let t: TestApp;
let ids: Record<string, string> = {};
const id = (name: string) => ids[name] as string;

// The situation is described in test/support/report-world.ts.
beforeAll(async () => {
  t = await createTestApp();
  ids = await buildReportWorld(t);
});
afterAll(async () => t?.close());

interface Figures {
  needed: number;
  pledged: number;
  committed: number;
  allocated: number;
  shipped: number;
  delivered: number;
  unmet: number;
  coverage: { by_announcements_pct: number | null; by_commitments_pct: number | null; basis: string };
  value: Record<(typeof STAGES)[number] | 'needed' | 'unmet', { amount: string; currency: string }>;
  need_count: number;
  pledge_count: number;
}

/*
 * EUR values: P1 and P2 have donor-reported values, 10,000 EUR a unit (300,000 and 900,000); every
 * other pledge and every need is at the factory's reference price, 85,000 EUR a unit.
 */
const eur = (amount: number) => ({ amount: amount.toFixed(2), currency: 'EUR' });
const eurValue = (g: Figures, figure: keyof Figures['value']) => Number(g.value[figure].amount);
/** The quantities of a group across items: none. */
const NO_QUANTITIES = {
  needed: null,
  pledged: null,
  committed: null,
  allocated: null,
  shipped: null,
  delivered: null,
  unmet: null,
};
interface Report {
  groups: (Figures & { key: string; label: string })[];
  totals: Figures;
  notes: string[];
}

async function get<T>(url: string, status = 200): Promise<T> {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1${url}` });
  expect(response.statusCode, response.body).toBe(status);
  return response.json();
}
const group = (report: Report, key: string) => report.groups.find((g) => g.key === key);
const STAGES = ['pledged', 'committed', 'allocated', 'shipped', 'delivered'] as const;

describe('GET /api/v1/gaps with stages', () => {
  // needed 1190 × 85,000; pledged P1 300,000 + P2 900,000 + (P3 20 + P4 500 + P6 25) × 85,000; committed
  // P1 20 and P2 90 at 10,000 + (P4 500 + P6 25) × 85,000; allocated P2 90 at 10,000 + P6 25 × 85,000;
  // shipped P2 80, delivered P2 70 at 10,000 + P6 25 × 85,000 each; unmet N2 25, N3 10, N4 1000 × 85,000.
  const totalValues = {
    needed: eur(101_150_000),
    pledged: eur(47_525_000),
    committed: eur(45_725_000),
    allocated: eur(3_025_000),
    shipped: eur(2_925_000),
    delivered: eur(2_825_000),
    unmet: eur(87_975_000),
  };
  const totals = {
    needed: 1190,
    pledged: 665,
    committed: 635,
    allocated: 115,
    shipped: 105,
    delivered: 95,
    unmet: 1035,
    need_count: 4,
    pledge_count: 5,
  };

  it('by item counts the stages of the pledges and unmet against what is pledged or allocated', async () => {
    const report = await get<Report>('/gaps?by=item');
    expect(group(report, id('generator'))).toMatchObject({
      needed: 190,
      pledged: 165,
      committed: 135,
      allocated: 115,
      shipped: 105,
      delivered: 95,
      // N1 0 (120 pledged against it), N2 25 (25 allocated beats 20 pledged), N3 10 (30 allocated)
      unmet: 35,
      coverage: { by_announcements_pct: 81.6, basis: 'quantity' },
      need_count: 3,
      pledge_count: 4,
    });
    // The totals span three items: counts and EUR values only; the item groups add up to the quantities.
    expect(report.totals).toMatchObject({ ...NO_QUANTITIES, need_count: totals.need_count, pledge_count: 5 });
    expect(report.totals.value).toMatchObject(totalValues);
    for (const figure of [...STAGES, 'needed', 'unmet'] as const) {
      expect(
        report.groups.reduce((sum, g) => sum + g[figure], 0),
        figure,
      ).toBe(totals[figure]);
    }
  });

  it('by category adds up to the totals: counts, EUR values, and quantities item by item', async () => {
    const report = await get<Report>('/gaps?by=category');
    expect(report.totals.value).toMatchObject(totalValues);
    // Each category here holds one item: its quantities are in that item's unit.
    for (const figure of [...STAGES, 'needed', 'unmet'] as const) {
      expect(
        report.groups.reduce((sum, g) => sum + g[figure], 0),
        figure,
      ).toBe(totals[figure]);
      expect(
        report.groups.reduce((sum, g) => sum + eurValue(g, figure), 0),
        `${figure} EUR`,
      ).toBeCloseTo(eurValue(report.totals, figure), 2);
    }
    for (const figure of ['need_count', 'pledge_count'] as const) {
      expect(report.groups.reduce((sum, g) => sum + g[figure], 0)).toBe(report.totals[figure]);
    }
    expect(report.notes.join(' ')).toMatch(/EUR values/);
  });

  it('by region places allocations where their need is and the rest where the pledge was made', async () => {
    const report = await get<Report>('/gaps?by=region');
    // Region A holds generators and fuel: EUR values, no quantities.
    expect(group(report, id('regionA'))).toMatchObject({
      ...NO_QUANTITIES,
      unit: null,
      value: {
        needed: eur(93_500_000), // (100 + 1000) × 85,000
        pledged: eur(900_000), // P2's 60 allocated here and P1's 30, at 10,000
        committed: eur(800_000), // 60 + P1's 20
        allocated: eur(600_000),
        shipped: eur(500_000),
        delivered: eur(400_000),
        unmet: eur(85_000_000),
      },
      coverage: { by_announcements_pct: 9.1, basis: 'eur' },
      pledge_count: 2,
    });
    expect(group(report, id('regionB'))).toMatchObject({
      needed: 90,
      pledged: 75, // P2's 30 allocated to N3, P3's 20, P6's 25
      committed: 55,
      allocated: 55,
      shipped: 55,
      delivered: 55,
      unmet: 35,
      pledge_count: 3,
    });
    expect(group(report, 'none')).toMatchObject({
      label: expect.stringMatching(/^No region yet/),
      needed: 0,
      pledged: 500,
      committed: 500,
      allocated: 0,
      pledge_count: 1,
    });
    for (const figure of [...STAGES, 'needed', 'unmet'] as const) {
      expect(
        report.groups.reduce((sum, g) => sum + eurValue(g, figure), 0),
        figure,
      ).toBeCloseTo(eurValue(report.totals, figure), 2);
    }
    expect(report.groups.reduce((sum, g) => sum + g.need_count, 0)).toBe(report.totals.need_count);
  });

  it('by donor shows committed against delivered; pledge figures add up, needs do not', async () => {
    const report = await get<Report>('/gaps?by=donor');
    expect(group(report, id('donorA'))).toMatchObject({
      needed: 150, // N1 (P1 against it) and N2 (P3 against it, P6 allocated to it)
      pledged: 75,
      committed: 45,
      allocated: 25,
      shipped: 25,
      delivered: 25,
      unmet: 25,
      need_count: 2,
      pledge_count: 3,
    });
    // Donor B pledged generators (P2, 10,000 a unit) and shells (P4, 85,000): EUR values.
    expect(group(report, id('donorB'))).toMatchObject({
      ...NO_QUANTITIES,
      value: {
        needed: eur(11_900_000), // N1 and N3, where P2 is allocated: 140 × 85,000
        pledged: eur(43_400_000), // 900,000 + 500 × 85,000
        committed: eur(43_400_000),
        allocated: eur(900_000),
        shipped: eur(800_000),
        delivered: eur(700_000),
        unmet: eur(850_000), // N3's 10
      },
      need_count: 2,
      pledge_count: 2,
    });
    for (const figure of STAGES) {
      expect(
        report.groups.reduce((sum, g) => sum + eurValue(g, figure), 0),
        figure,
      ).toBeCloseTo(eurValue(report.totals, figure), 2);
    }
    expect(report.groups.reduce((sum, g) => sum + g.pledge_count, 0)).toBe(report.totals.pledge_count);
    // N1 counts for both donors; fuel's N4 for none.
    expect(report.groups.reduce((sum, g) => sum + eurValue(g, 'needed'), 0)).toBe(290 * 85_000);
    expect(report.totals.value.needed).toEqual(eur(101_150_000));
  });

  it('with a region scope counts only what is placed in that region, in groups and totals alike', async () => {
    const report = await get<Report>(`/gaps?by=category&region_id=${id('regionB')}`);
    expect(report.groups.map((g) => g.key)).toEqual(['energy/generator']);
    expect(report.totals).toMatchObject({
      needed: 90,
      pledged: 75,
      committed: 55,
      allocated: 55,
      shipped: 55,
      delivered: 55,
      unmet: 35,
      pledge_count: 3,
    });
    expect(group(report, 'energy/generator')).toMatchObject(report.totals);
    const byRegion = await get<Report>(`/gaps?by=region&region_id=${id('regionB')}`);
    expect(byRegion.groups.map((g) => g.key)).toEqual([id('regionB')]);
  });
});

interface Week {
  week: string;
  needed: number;
  pledged: number;
  committed: number;
  delivered: number;
  value: Record<'needed' | 'pledged' | 'committed' | 'delivered', { amount: string; currency: string }>;
}
interface Weekly {
  by: string | null;
  key: string | null;
  label: string | null;
  from: string | null;
  to: string | null;
  weeks: Week[];
}

describe('GET /api/v1/gaps/weekly', () => {
  it('runs cumulative figures over every ISO week, by needed_by, first commit and receipt date', async () => {
    const series = await get<Weekly>('/gaps/weekly');
    expect([series.from, series.to]).toEqual(['2022-W44', '2023-W02']);
    expect(series.weeks.map((w) => w.week)).toEqual([
      '2022-W44',
      '2022-W45',
      '2022-W46',
      '2022-W47',
      '2022-W48',
      '2022-W49',
      '2022-W50',
      '2022-W51',
      '2022-W52',
      '2023-W01',
      '2023-W02',
    ]);
    // Everything spans three items: the series is in EUR (thousands here), with no quantities.
    expect(series.weeks.every((w) => w.needed === null && w.delivered === null)).toBe(true);
    const column = (name: keyof Week['value']) =>
      series.weeks.map((w) => Number(w.value[name].amount) / 1000);
    expect(column('needed')).toEqual([0, 0, 100, 100, 100, 150, 150, 190, 190, 190, 1190].map((q) => q * 85));
    expect(column('pledged')).toEqual([
      300, 300, 1200, 1200, 45_400, 45_400, 47_525, 47_525, 47_525, 47_525, 47_525,
    ]);
    // P1 and P4 have no history: they count from their announcement.
    expect(column('committed')).toEqual([
      200, 200, 200, 1100, 43_600, 43_600, 43_600, 45_725, 45_725, 45_725, 45_725,
    ]);
    expect(column('delivered')).toEqual([0, 0, 0, 0, 400, 500, 500, 2625, 2625, 2825, 2825]);
    const report = await get<Report>('/gaps?by=category');
    expect(series.weeks.at(-1)?.value).toMatchObject({
      committed: report.totals.value.committed,
      delivered: report.totals.value.delivered,
    });
  });

  it('follows one group, carrying what came before the first week into it', async () => {
    const series = await get<Weekly>(`/gaps/weekly?by=region&key=${id('regionB')}&from=2022-W48&to=2023-W01`);
    expect(series).toMatchObject({ by: 'region', key: id('regionB'), from: '2022-W48', to: '2023-W01' });
    expect(series.label).toMatch(/^UA-/);
    // Region B holds generators only: quantities, in their unit.
    expect(series.weeks.map(({ value: _value, ...quantities }) => quantities)).toEqual([
      { week: '2022-W48', needed: 0, pledged: 50, committed: 30, delivered: 0 },
      { week: '2022-W49', needed: 50, pledged: 50, committed: 30, delivered: 10 },
      { week: '2022-W50', needed: 50, pledged: 75, committed: 30, delivered: 10 },
      { week: '2022-W51', needed: 90, pledged: 75, committed: 55, delivered: 35 },
      { week: '2022-W52', needed: 90, pledged: 75, committed: 55, delivered: 35 },
      { week: '2023-W01', needed: 90, pledged: 75, committed: 55, delivered: 55 },
    ]);
    // Donor B spans generators and shells: EUR values only.
    const donor = await get<Weekly>(`/gaps/weekly?by=donor&key=${id('donorB')}&from=2023-W02&to=2023-W02`);
    expect(donor.weeks).toEqual([
      {
        week: '2023-W02',
        needed: null,
        pledged: null,
        committed: null,
        delivered: null,
        value: {
          needed: eur(11_900_000),
          pledged: eur(43_400_000),
          committed: eur(43_400_000),
          delivered: eur(700_000),
        },
      },
    ]);
  });

  it('refuses a key without its grouping, weeks that do not exist or run backwards, and unknown groups', async () => {
    const problem = async (query: string, status: number, code: string) => {
      const body = await get<{ code: string }>(`/gaps/weekly?${query}`, status);
      expect(body.code).toBe(code);
    };
    await problem(`key=${id('regionA')}`, 400, 'validation_failed');
    await problem('by=item', 400, 'validation_failed');
    await problem('from=2021-W53', 400, 'validation_failed');
    await problem('from=2022-W50&to=2022-W40', 400, 'validation_failed');
    await problem('from=2010-W01&to=2022-W40', 400, 'validation_failed');
    await problem('from=2022-50', 400, 'validation_failed');
    await problem(`by=item&key=${id('regionA')}`, 404, 'not_found');
  });
});
