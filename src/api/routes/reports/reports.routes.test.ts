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

async function get<T>(url: string): Promise<T> {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1${url}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

interface Funnel {
  pledge_count: number;
  cancelled_count: number;
  item_count: number;
  unit: string | null;
  announced: number | null;
  cancelled: number | null;
  committed: number | null;
  allocated: number | null;
  shipped: number | null;
  delivered: number | null;
  committed_ratio: number | null;
  delivered_ratio: number | null;
  announced_value: { amount: string; currency: string };
  committed_value: { amount: string; currency: string };
  allocated_value: { amount: string; currency: string };
  shipped_value: { amount: string; currency: string };
  delivered_value: { amount: string; currency: string };
  unvalued_count: number;
  committed_value_ratio: number | null;
  delivered_value_ratio: number | null;
  delivered_pledge_count: number;
  median_days_to_delivery: number | null;
}

describe('GET /api/v1/reports/events and /reports/donors', () => {
  it('shows per event how much of what was announced was committed and delivered, and how fast', async () => {
    const { events } = await get<{ events: (Funnel & { event_id: string | null; name: string })[] }>(
      '/reports/events',
    );
    expect(events.map((e) => e.event_id)).toEqual([id('e1'), id('e2'), id('e3'), null]);
    // E1: generators only — quantities in their unit.
    expect(events[0]).toMatchObject({
      pledge_count: 2,
      item_count: 1,
      unit: 'unit',
      announced: 120,
      committed: 110,
      allocated: 90,
      shipped: 80,
      delivered: 70,
      committed_ratio: 0.917,
      delivered_ratio: 0.583,
      announced_value: { amount: '1200000.00', currency: 'EUR' },
      committed_value: { amount: '1100000.00', currency: 'EUR' }, // 900,000 + 300,000 × 20/30
      delivered_value: { amount: '700000.00', currency: 'EUR' }, // 900,000 × 70/90
      unvalued_count: 0,
      committed_value_ratio: 0.917,
      delivered_value_ratio: 0.583,
      delivered_pledge_count: 1,
      median_days_to_delivery: 16, // 16 Nov → 2 Dec
    });
    // E2 spans generators, rounds and litres: counts and EUR values, never an added quantity.
    expect(events[1]).toMatchObject({
      pledge_count: 3,
      cancelled_count: 1,
      item_count: 3,
      unit: null,
      announced: null,
      cancelled: null,
      committed: null,
      allocated: null,
      shipped: null,
      delivered: null,
      committed_ratio: null,
      delivered_ratio: null,
      // No donor-reported values: every pledge at the price list, 85,000 EUR a unit (1,520 units).
      announced_value: { amount: '129200000.00', currency: 'EUR' },
      committed_value: { amount: '42500000.00', currency: 'EUR' }, // P4's 500
      unvalued_count: 0,
      committed_value_ratio: 0.329,
      median_days_to_delivery: null,
    });
    expect(events[2]).toMatchObject({
      pledge_count: 0,
      item_count: 0,
      unit: null,
      announced: 0,
      committed_ratio: null,
    });
    expect(events[3]).toMatchObject({
      name: 'No event',
      unit: 'unit',
      announced: 25,
      delivered: 25,
      delivered_ratio: 1,
      median_days_to_delivery: 10, // 13 Dec → 23 Dec
    });
  });

  it('narrows to a category', async () => {
    const { events } = await get<{ events: Funnel[] }>('/reports/events?category=military');
    expect(events.map((e) => e.announced)).toEqual([0, 500, 0]);
    expect(events.map((e) => e.unit)).toEqual([null, 'round', null]);
  });

  it('gives each donor the funnel from announced to delivered, largest announced value first', async () => {
    const { donors } = await get<{ donors: (Funnel & { donor_org_id: string })[] }>('/reports/donors');
    // Donor A: P1 300,000 + (P3 20 + P5 1000 + P6 25) × 85,000; donor B: P2 900,000 + P4 500 × 85,000.
    expect(donors.map((d) => d.donor_org_id)).toEqual([id('donorA'), id('donorB')]);
    // Both donors pledged several items (B: generators and rounds; A: generators and litres):
    // no added quantities, the stages in EUR instead.
    expect(donors[1]).toMatchObject({
      item_count: 2,
      unit: null,
      announced: null,
      committed: null,
      allocated: null,
      shipped: null,
      delivered: null,
      announced_value: { amount: '43400000.00', currency: 'EUR' },
      committed_value: { amount: '43400000.00', currency: 'EUR' }, // P2 900,000 + P4 42,500,000
      allocated_value: { amount: '900000.00', currency: 'EUR' }, // P2: 90 of 90
      shipped_value: { amount: '800000.00', currency: 'EUR' }, // 80 of 90
      delivered_value: { amount: '700000.00', currency: 'EUR' }, // 70 of 90
    });
    expect(donors[0]).toMatchObject({
      announced_value: { amount: '89125000.00', currency: 'EUR' },
      pledge_count: 4,
      cancelled_count: 1,
      item_count: 2,
      unit: null,
      announced: null,
      cancelled: null,
      committed: null,
      // P1 300,000 × 20/30 + P6 25 × 85,000 (P5 is cancelled: live pledges only).
      committed_value: { amount: '2325000.00', currency: 'EUR' },
      allocated_value: { amount: '2125000.00', currency: 'EUR' },
      shipped_value: { amount: '2125000.00', currency: 'EUR' },
      delivered_value: { amount: '2125000.00', currency: 'EUR' },
    });
    // The funnel narrows at every stage, in EUR.
    for (const d of donors) {
      const chain = [
        d.announced_value,
        d.committed_value,
        d.allocated_value,
        d.shipped_value,
        d.delivered_value,
      ].map((v) => Number(v.amount));
      for (let i = 1; i < chain.length; i++) expect(chain[i]).toBeLessThanOrEqual(chain[i - 1] as number);
    }
  });

  it('lists the pledges left out of the EUR values, and per item keeps the quantities', async () => {
    const { unvalued } = await get<{ unvalued: { pledge_ids: string[] } }>('/reports/donors');
    expect(unvalued.pledge_ids).toEqual([]);
    const { donors } = await get<{ donors: Funnel[] }>('/reports/donors?category=energy');
    // Generators only: each donor's funnel in units again.
    for (const d of donors) {
      expect(d.item_count).toBe(1);
      expect(d.unit).toBe('unit');
      expect(d.announced).toEqual(expect.any(Number));
    }
    expect(donors.map((d) => d.announced).sort()).toEqual([75, 90]);
  });
});
