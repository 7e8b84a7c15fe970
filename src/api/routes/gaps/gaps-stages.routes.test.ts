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
  coverage_pct: number | null;
  need_count: number;
  pledge_count: number;
}
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
      coverage_pct: 81.6,
      need_count: 3,
      pledge_count: 4,
    });
    expect(report.totals).toMatchObject(totals);
  });

  it('by category adds up to the totals, figure by figure', async () => {
    const report = await get<Report>('/gaps?by=category');
    expect(report.totals).toMatchObject(totals);
    for (const figure of [...STAGES, 'needed', 'unmet', 'need_count', 'pledge_count'] as const) {
      expect(
        report.groups.reduce((sum, g) => sum + g[figure], 0),
        figure,
      ).toBe(report.totals[figure]);
    }
    expect(report.notes.join(' ')).toMatch(/add different units/);
  });

  it('by region places allocations where their need is and the rest where the pledge was made', async () => {
    const report = await get<Report>('/gaps?by=region');
    expect(group(report, id('regionA'))).toMatchObject({
      needed: 1100,
      pledged: 90, // P2's 60 allocated here and P1's 30
      committed: 80, // 60 + P1's 20
      allocated: 60,
      shipped: 50,
      delivered: 40,
      unmet: 1000,
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
    for (const figure of [...STAGES, 'needed', 'unmet', 'need_count'] as const) {
      expect(
        report.groups.reduce((sum, g) => sum + g[figure], 0),
        figure,
      ).toBe(report.totals[figure]);
    }
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
    expect(group(report, id('donorB'))).toMatchObject({
      needed: 140, // N1 and N3, where P2 is allocated
      pledged: 590,
      committed: 590,
      allocated: 90,
      shipped: 80,
      delivered: 70,
      unmet: 10,
      need_count: 2,
      pledge_count: 2,
    });
    for (const figure of [...STAGES, 'pledge_count'] as const) {
      expect(
        report.groups.reduce((sum, g) => sum + g[figure], 0),
        figure,
      ).toBe(report.totals[figure]);
    }
    // N1 counts for both donors; fuel's N4 for none.
    expect(report.groups.reduce((sum, g) => sum + g.needed, 0)).toBe(290);
    expect(report.totals.needed).toBe(1190);
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
    const column = (name: keyof Omit<Week, 'week'>) => series.weeks.map((w) => w[name]);
    expect(column('needed')).toEqual([0, 0, 100, 100, 100, 150, 150, 190, 190, 190, 1190]);
    expect(column('pledged')).toEqual([30, 30, 120, 120, 640, 640, 665, 665, 665, 665, 665]);
    // P1 and P4 have no history: they count from their announcement.
    expect(column('committed')).toEqual([20, 20, 20, 110, 610, 610, 610, 635, 635, 635, 635]);
    expect(column('delivered')).toEqual([0, 0, 0, 0, 40, 50, 50, 75, 75, 95, 95]);
    const report = await get<Report>('/gaps?by=category');
    expect(series.weeks.at(-1)).toMatchObject({
      committed: report.totals.committed,
      delivered: report.totals.delivered,
    });
  });

  it('follows one group, carrying what came before the first week into it', async () => {
    const series = await get<Weekly>(`/gaps/weekly?by=region&key=${id('regionB')}&from=2022-W48&to=2023-W01`);
    expect(series).toMatchObject({ by: 'region', key: id('regionB'), from: '2022-W48', to: '2023-W01' });
    expect(series.label).toMatch(/^UA-/);
    expect(series.weeks).toEqual([
      { week: '2022-W48', needed: 0, pledged: 50, committed: 30, delivered: 0 },
      { week: '2022-W49', needed: 50, pledged: 50, committed: 30, delivered: 10 },
      { week: '2022-W50', needed: 50, pledged: 75, committed: 30, delivered: 10 },
      { week: '2022-W51', needed: 90, pledged: 75, committed: 55, delivered: 35 },
      { week: '2022-W52', needed: 90, pledged: 75, committed: 55, delivered: 35 },
      { week: '2023-W01', needed: 90, pledged: 75, committed: 55, delivered: 55 },
    ]);
    const donor = await get<Weekly>(`/gaps/weekly?by=donor&key=${id('donorB')}&from=2023-W02&to=2023-W02`);
    expect(donor.weeks).toEqual([
      { week: '2023-W02', needed: 140, pledged: 590, committed: 590, delivered: 70 },
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
