import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
} from '../../../../test/support/factories.js';

let t: TestApp;
const ids: Record<string, string> = {};

interface Group {
  key: string;
  unit: string | null;
  needed: number | null;
  pledged: number | null;
  unmet: number | null;
  coverage: { by_announcements_pct: number | null; by_commitments_pct: number | null; basis: string };
  value: Record<'needed' | 'pledged' | 'unmet', { amount: string; currency: string }>;
  need_count: number;
  pledge_count: number;
}

/** Every item of this world has the factory's reference price. */
const PRICE = 85_000;
const eur = (quantity: number) => ({ amount: (quantity * PRICE).toFixed(2), currency: 'EUR' });

async function gaps(query: string): Promise<Group[]> {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/gaps?${query}` });
  expect(response.statusCode).toBe(200);
  return response.json().groups;
}

const byKey = (groups: Group[], key: string) => groups.find((g) => g.key === key);

/*
 * Hand-built situation (quantities in the unit of each item):
 *   generators (energy/generator), region A: need N1 = 100 (pledged 30 + 90 against it → over-covered, unmet 0)
 *   generators, region B:                    need N2 = 50  (pledged 20 against it → unmet 30)
 *   generators, region B:                    need N3 = 40  (nothing pledged → unmet 40), plus a cancelled need of 999
 *   shells (military/ammunition):            no need at all, pledge 500 with no need
 *   fuel (non-lethal/fuel), region A:        need N4 = 1000, a cancelled pledge of 1000 against it → unmet 1000
 */
beforeAll(async () => {
  t = await createTestApp();
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const donorA = await buildOrganisation(t.app);
  const donorB = await buildOrganisation(t.app, { country_code: 'FR' });
  const regionA = await buildRegion(t.app);
  const regionB = await buildRegion(t.app);
  const generator = await buildItem(t.app, { category: 'energy/generator' });
  const shells = await buildItem(t.app, { category: 'military/ammunition', unit: 'round' });
  const fuel = await buildItem(t.app, { category: 'non-lethal/fuel', unit: 'litre' });
  Object.assign(ids, {
    donorA: donorA.id,
    donorB: donorB.id,
    regionA: regionA.id,
    regionB: regionB.id,
    generator: generator.id,
    shells: shells.id,
    fuel: fuel.id,
  });
  const base = { recipient_org_id: recipient.id };
  const n1 = await buildNeed(
    t.app,
    { ...base, region_id: regionA.id, item_id: generator.id },
    { quantity: 100 },
  );
  const n2 = await buildNeed(
    t.app,
    { ...base, region_id: regionB.id, item_id: generator.id },
    { quantity: 50 },
  );
  await buildNeed(t.app, { ...base, region_id: regionB.id, item_id: generator.id }, { quantity: 40 });
  await buildNeed(
    t.app,
    { ...base, region_id: regionB.id, item_id: generator.id },
    { quantity: 999, status: 'cancelled' },
  );
  const n4 = await buildNeed(t.app, { ...base, region_id: regionA.id, item_id: fuel.id }, { quantity: 1000 });
  await buildPledge(
    t.app,
    { donor_org_id: donorA.id, item_id: generator.id, need_id: n1.id },
    { quantity: 30 },
  );
  await buildPledge(
    t.app,
    { donor_org_id: donorB.id, item_id: generator.id, need_id: n1.id },
    { quantity: 90 },
  );
  await buildPledge(
    t.app,
    { donor_org_id: donorA.id, item_id: generator.id, need_id: n2.id },
    { quantity: 20 },
  );
  await buildPledge(t.app, { donor_org_id: donorB.id, item_id: shells.id }, { quantity: 500 });
  const cancelled = await buildPledge(
    t.app,
    { donor_org_id: donorA.id, item_id: fuel.id, need_id: n4.id },
    { quantity: 1000 },
  );
  // Cancel it directly in the database: the lifecycle actions arrive with the pledge lifecycle.
  await t.database.db
    .updateTable('pledge')
    .set({ status: 'cancelled' })
    .where('id', '=', cancelled.id)
    .execute();
});
afterAll(async () => t?.close());

describe('GET /api/v1/gaps', () => {
  it('by item floors unmet per need, ignores cancelled records and keeps pledges with no need', async () => {
    const groups = await gaps('by=item');
    expect(byKey(groups, ids.generator!)).toMatchObject({
      needed: 190,
      pledged: 140,
      unmet: 70, // 0 + 30 + 40: the 20 over-pledged on N1 does not cover N2 or N3
      coverage: { by_announcements_pct: 63.2, by_commitments_pct: 0, basis: 'quantity' },
      value: { needed: eur(190), pledged: eur(140), unmet: eur(70) },
      need_count: 3,
      pledge_count: 3,
    });
    expect(byKey(groups, ids.shells!)).toMatchObject({
      needed: 0,
      pledged: 500,
      unmet: 0,
      coverage: { by_announcements_pct: null, by_commitments_pct: null, basis: 'quantity' },
    });
    expect(byKey(groups, ids.fuel!)).toMatchObject({
      needed: 1000,
      pledged: 0,
      unmet: 1000,
      coverage: { by_announcements_pct: 0, by_commitments_pct: 0, basis: 'quantity' },
    });
    expect(groups[0]?.key).toBe(ids.fuel); // largest unmet first
  });

  it('by category adds the items of each category', async () => {
    const groups = await gaps('by=category');
    expect(byKey(groups, 'energy/generator')).toMatchObject({ needed: 190, pledged: 140, unmet: 70 });
    expect(byKey(groups, 'military/ammunition')).toMatchObject({ needed: 0, pledged: 500, unmet: 0 });
    const onlyEnergy = await gaps('by=category&category=energy');
    expect(onlyEnergy.map((g) => g.key)).toEqual(['energy/generator']);
  });

  it('by region places pledges at the region of their need; a region of several items gives EUR, not quantities', async () => {
    const groups = await gaps('by=region');
    // Region A holds generators and fuel: their quantities do not add.
    expect(byKey(groups, ids.regionA!)).toMatchObject({
      unit: null,
      needed: null,
      pledged: null,
      unmet: null,
      value: { needed: eur(1100), pledged: eur(120), unmet: eur(1000) },
      coverage: { by_announcements_pct: 9.1, by_commitments_pct: 0, basis: 'eur' },
    });
    // Region B holds generators only: quantities in their unit.
    expect(byKey(groups, ids.regionB!)).toMatchObject({
      unit: 'unit',
      needed: 90,
      pledged: 20,
      unmet: 70,
      coverage: { by_announcements_pct: 22.2, by_commitments_pct: 0, basis: 'quantity' },
    });
  });

  it('by donor covers the needs each donor pledged against', async () => {
    const groups = await gaps('by=donor');
    // donor A pledged against N1 (unmet 0 thanks to donor B) and N2 (unmet 30); its cancelled fuel pledge is gone.
    expect(byKey(groups, ids.donorA!)).toMatchObject({ needed: 150, pledged: 50, unmet: 30, need_count: 2 });
    // donor B pledged generators and shells: EUR values.
    expect(byKey(groups, ids.donorB!)).toMatchObject({
      needed: null,
      value: { needed: eur(100), pledged: eur(590), unmet: eur(0) },
      need_count: 1,
    });
  });

  it('answers totals counted apart from the groups; by region, pledges against no need sit in no region', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/gaps?by=region' });
    const report = response.json() as { groups: Group[]; totals: Omit<Group, 'key'> };
    // Nothing has been committed yet: these pledges were only announced.
    // The totals span three items: counts and EUR values, no quantities.
    expect(report.totals).toMatchObject({
      needed: null,
      pledged: null,
      committed: null,
      allocated: null,
      shipped: null,
      delivered: null,
      unmet: null,
      value: { needed: eur(1190), pledged: eur(640), unmet: eur(1070) },
      coverage: { by_announcements_pct: 10.1, by_commitments_pct: 0, basis: 'eur' },
      unvalued_need_count: 0,
      unvalued_pledge_count: 0,
      need_count: 4,
      pledge_count: 4,
    });
    expect(byKey(report.groups, 'none')).toMatchObject({
      needed: 0,
      pledged: 500,
      unmet: 0,
      pledge_count: 1,
    });
    for (const figure of ['need_count', 'pledge_count'] as const) {
      expect(
        report.groups.reduce((sum, g) => sum + g[figure], 0),
        figure,
      ).toBe(report.totals[figure]);
    }
    for (const figure of ['needed', 'pledged', 'unmet'] as const) {
      expect(
        report.groups.reduce((sum, g) => sum + Number(g.value[figure].amount), 0),
        figure,
      ).toBe(Number(report.totals.value[figure].amount));
    }
  });

  it('rejects an unknown grouping as a problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/gaps?by=colour' });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('validation_failed');
  });
});
