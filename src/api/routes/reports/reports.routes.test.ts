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
  announced: number;
  cancelled: number;
  committed: number;
  allocated: number;
  shipped: number;
  delivered: number;
  committed_ratio: number | null;
  delivered_ratio: number | null;
  announced_value: { amount: string; currency: string };
  committed_value: { amount: string; currency: string };
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
    expect(events[0]).toMatchObject({
      pledge_count: 2,
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
    expect(events[1]).toMatchObject({
      pledge_count: 3,
      cancelled_count: 1,
      announced: 1520,
      cancelled: 1000,
      committed: 500,
      delivered: 0,
      committed_ratio: 0.329,
      // No donor-reported values: every pledge at the price list, 85,000 EUR a unit (1,520 units).
      announced_value: { amount: '129200000.00', currency: 'EUR' },
      committed_value: { amount: '42500000.00', currency: 'EUR' }, // P4's 500
      unvalued_count: 0,
      committed_value_ratio: 0.329,
      median_days_to_delivery: null,
    });
    expect(events[2]).toMatchObject({ pledge_count: 0, announced: 0, committed_ratio: null });
    expect(events[3]).toMatchObject({
      name: 'No event',
      announced: 25,
      delivered: 25,
      delivered_ratio: 1,
      median_days_to_delivery: 10, // 13 Dec → 23 Dec
    });
  });

  it('narrows to a category', async () => {
    const { events } = await get<{ events: Funnel[] }>('/reports/events?category=military');
    expect(events.map((e) => e.announced)).toEqual([0, 500, 0]);
  });

  it('gives each donor the funnel from announced to delivered, largest announced value first', async () => {
    const { donors } = await get<{ donors: (Funnel & { donor_org_id: string })[] }>('/reports/donors');
    // Donor A: P1 300,000 + (P3 20 + P5 1000 + P6 25) × 85,000; donor B: P2 900,000 + P4 500 × 85,000.
    expect(donors.map((d) => d.donor_org_id)).toEqual([id('donorA'), id('donorB')]);
    expect(donors[1]).toMatchObject({
      announced: 590,
      committed: 590,
      allocated: 90,
      shipped: 80,
      delivered: 70,
      announced_value: { amount: '43400000.00', currency: 'EUR' },
    });
    expect(donors[0]).toMatchObject({
      announced_value: { amount: '89125000.00', currency: 'EUR' },
      pledge_count: 4,
      cancelled_count: 1,
      announced: 1075,
      cancelled: 1000,
      committed: 45,
      allocated: 25,
      shipped: 25,
      delivered: 25,
    });
    // The funnel narrows at every stage.
    for (const d of donors) {
      const chain = [d.announced, d.committed, d.allocated, d.shipped, d.delivered];
      for (let i = 1; i < chain.length; i++) expect(chain[i]).toBeLessThanOrEqual(chain[i - 1] as number);
    }
  });
});
