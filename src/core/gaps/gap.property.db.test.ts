import fc from 'fast-check';
import type { Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import type { Database } from '../../db/schema.js';
import { newId } from '../shared/ids.js';
import type { GapReport } from './gap.schema.js';
import { createGapService } from './gap.service.js';

/*
 * The acceptance test of the gap report: on random needs and pledges with consistent allocations,
 * shipments and receipts, for every grouping, each group keeps delivered ≤ shipped ≤ allocated ≤
 * committed ≤ pledged, and the groups reconcile with the totals (computed by another query):
 * - category and item partition every need and every pledge: every figure adds up;
 * - region partitions needs, and the pledge figures placed in regions (plus "no region yet");
 * - donor partitions pledges, so the pledge figures add up; a need answered by two donors counts
 *   in both, so needed and unmet are checked against a model instead.
 * The totals themselves are checked against a model computed here from the generated data, and
 * the last week of the weekly series against the totals.
 */

const DONORS = 3;
const REGIONS = 3;
/** Two generator items share a category; shells have their own. */
const ITEM_CATEGORIES = ['energy/generator', 'energy/generator', 'military/ammunition'] as const;
/** Reference prices in EUR, whole euros: quarters × price are exact in cents, so EUR sums are exact. */
const ITEM_PRICES = [4, 12, 100] as const;
const priceOf = (item: number) => ITEM_PRICES[item] as number;
const DIMENSIONS: readonly GapReport['by'][] = ['category', 'item', 'region', 'donor'];

/** Quantities in quarters: decimals that sum exactly in binary floating point and in numeric(18,3). */
const quarters = (min: number, max: number) => fc.integer({ min: min * 4, max: max * 4 }).map((n) => n / 4);
const fraction = fc.integer({ min: 0, max: 4 }).map((n) => n / 4);
const quarter = (value: number) => Math.floor(value * 4) / 4;
const day = fc
  .integer({ min: 0, max: 120 })
  .map((n) => new Date(Date.UTC(2022, 9, 1 + n)).toISOString().slice(0, 10));

const needArb = fc.record({
  item: fc.nat({ max: ITEM_CATEGORIES.length - 1 }),
  region: fc.nat({ max: REGIONS - 1 }),
  quantity: quarters(1, 200),
  cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  needed_by: day,
});
const allocationArb = fc.record({
  need: fc.nat({ max: 20 }),
  share: fraction,
  shipped: fraction,
  delivered: fraction,
  status: fc.constantFrom('accepted', 'accepted', 'accepted', 'proposed', 'rejected'),
  received_on: day,
});
const pledgeArb = fc.record({
  donor: fc.nat({ max: DONORS - 1 }),
  item: fc.nat({ max: ITEM_CATEGORIES.length - 1 }),
  quantity: quarters(1, 150),
  need: fc.option(fc.nat({ max: 20 }), { nil: null }),
  status: fc.constantFrom('live', 'live', 'live', 'live', 'cancelled', 'expired'),
  committed: fraction,
  allocations: fc.array(allocationArb, { maxLength: 3 }),
  announced_on: day,
  committed_at: fc.option(day, { nil: null }),
});
const worldArb = fc.record({
  needs: fc.array(needArb, { maxLength: 7 }),
  pledges: fc.array(pledgeArb, { maxLength: 9 }),
});
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

interface Catalogue {
  recipient: string;
  donors: string[];
  regions: string[];
  items: string[];
}

interface NeedModel {
  id: string;
  item: number;
  region: number;
  quantity: number;
  cancelled: boolean;
  allocated: number;
  met: number;
}
interface PledgeModel {
  id: string;
  donor: number;
  item: number;
  quantity: number;
  need: NeedModel | null;
  live: boolean;
  committed: number;
  allocated: number;
  shipped: number;
  delivered: number;
}
interface AllocationModel {
  id: string;
  pledge: PledgeModel;
  need: NeedModel;
  quantity: number;
  status: string;
  shipped: number;
  delivered: number;
  received_on: string;
}

/** Makes the random world consistent the way the lifecycle code keeps it, and inserts it. */
async function insertWorld(trx: Transaction<Database>, catalogue: Catalogue, world: World) {
  const meta = { owner_org_id: catalogue.recipient, created_by: 'property', updated_by: 'property' };
  const needs: NeedModel[] = world.needs.map((n) => ({
    id: newId(),
    item: n.item,
    region: n.region,
    quantity: n.quantity,
    cancelled: n.cancelled,
    allocated: 0,
    met: 0,
  }));
  const pledges: PledgeModel[] = [];
  const allocations: AllocationModel[] = [];
  for (const p of world.pledges) {
    const sameItem = needs.filter((n) => n.item === p.item);
    const pledge: PledgeModel = {
      id: newId(),
      donor: p.donor,
      item: p.item,
      quantity: p.quantity,
      need: p.need === null || sameItem.length === 0 ? null : (sameItem[p.need % sameItem.length] ?? null),
      live: p.status === 'live',
      committed: quarter(p.quantity * p.committed),
      allocated: 0,
      shipped: 0,
      delivered: 0,
    };
    pledges.push(pledge);
    // A cancelled or expired pledge has nothing allocated (its allocations were released first).
    if (!pledge.live) continue;
    for (const a of p.allocations) {
      const open = sameItem.filter((n) => !n.cancelled);
      const need = open[a.need % Math.max(open.length, 1)];
      if (!need) continue;
      const accepted = a.status === 'accepted';
      const room = accepted
        ? Math.min(pledge.committed - pledge.allocated, need.quantity - need.allocated)
        : p.quantity;
      const quantity = quarter(room * a.share);
      if (quantity <= 0) continue;
      const shipped = accepted ? quarter(quantity * a.shipped) : 0;
      const delivered = quarter(shipped * a.delivered);
      allocations.push({
        id: newId(),
        pledge,
        need,
        quantity,
        status: a.status,
        shipped,
        delivered,
        received_on: a.received_on,
      });
      if (!accepted) continue;
      pledge.allocated += quantity;
      pledge.shipped += shipped;
      pledge.delivered += delivered;
      need.allocated += quantity;
      need.met += delivered;
    }
  }

  if (needs.length > 0) {
    await trx
      .insertInto('need')
      .values(
        needs.map((n, index) => ({
          id: n.id,
          recipient_org_id: catalogue.recipient,
          region_id: catalogue.regions[n.region] as string,
          item_id: catalogue.items[n.item] as string,
          quantity: n.quantity,
          priority: 'high' as const,
          needed_by: world.needs[index]?.needed_by as string,
          status: n.cancelled
            ? 'cancelled'
            : n.met >= n.quantity
              ? 'met'
              : n.met > 0
                ? 'partially_met'
                : 'open',
          allocated_quantity: n.allocated,
          met_quantity: n.met,
          ...meta,
        })),
      )
      .execute();
  }
  if (pledges.length > 0) {
    await trx
      .insertInto('pledge')
      .values(
        pledges.map((p, index) => ({
          id: p.id,
          donor_org_id: catalogue.donors[p.donor] as string,
          item_id: catalogue.items[p.item] as string,
          quantity: p.quantity,
          need_id: p.need?.id ?? null,
          announced_on: world.pledges[index]?.announced_on as string,
          status: p.live
            ? p.committed > 0
              ? 'committed'
              : 'announced'
            : (world.pledges[index]?.status as string),
          committed_quantity: p.committed,
          price_list_eur: String(p.quantity * priceOf(p.item)),
          allocated_quantity: p.allocated,
          shipped_quantity: p.shipped,
          delivered_quantity: p.delivered,
          ...meta,
        })),
      )
      .execute();
    const transitions = pledges.flatMap((p, index) => {
      const at = world.pledges[index]?.committed_at;
      return at && p.committed > 0
        ? [
            {
              id: newId(),
              pledge_id: p.id,
              action: 'commit',
              quantity: p.committed,
              from_status: 'announced',
              to_status: 'committed',
              at: `${at}T12:00:00Z`,
              actor: 'property',
            },
          ]
        : [];
    });
    if (transitions.length > 0) await trx.insertInto('pledge_transition').values(transitions).execute();
  }
  for (const a of allocations) {
    await trx
      .insertInto('allocation')
      .values({
        id: a.id,
        pledge_id: a.pledge.id,
        need_id: a.need.id,
        quantity: a.quantity,
        week: '2022-W48',
        status: a.status,
        shipped_quantity: a.shipped,
        delivered_quantity: a.delivered,
        ...meta,
      })
      .execute();
    if (a.shipped <= 0) continue;
    const shipment = newId();
    const line = newId();
    await trx
      .insertInto('shipment')
      .values({
        id: shipment,
        reference: `P-${shipment}`,
        origin_hub: 'Rzeszów logistics hub (PL)',
        destination_region_id: catalogue.regions[a.need.region] as string,
        dispatched_on: '2022-10-01',
        status: 'in_transit',
        ...meta,
      })
      .execute();
    await trx
      .insertInto('shipment_line')
      .values({
        id: line,
        shipment_id: shipment,
        allocation_id: a.id,
        pledge_id: a.pledge.id,
        need_id: a.need.id,
        item_id: catalogue.items[a.pledge.item] as string,
        quantity: a.shipped,
        received_quantity: a.delivered,
      })
      .execute();
    if (a.delivered <= 0) continue;
    const receipt = newId();
    await trx
      .insertInto('receipt')
      .values({
        id: receipt,
        shipment_id: shipment,
        received_on: a.received_on,
        received_by_org_id: catalogue.recipient,
        ...meta,
      })
      .execute();
    await trx
      .insertInto('receipt_line')
      .values({ id: newId(), receipt_id: receipt, shipment_line_id: line, quantity: a.delivered })
      .execute();
  }
  return { needs, pledges, allocations };
}

/** The report's totals as this test understands the definitions. */
function modelTotals(model: Awaited<ReturnType<typeof insertWorld>>) {
  const live = model.pledges.filter((p) => p.live);
  const open = model.needs.filter((n) => !n.cancelled);
  const sum = <T>(rows: readonly T[], value: (row: T) => number) => rows.reduce((s, r) => s + value(r), 0);
  const unmetOf = (need: NeedModel) => {
    const pledged = sum(
      live.filter((p) => p.need === need),
      (p) => p.quantity,
    );
    return Math.max(0, need.quantity - Math.max(pledged, need.allocated));
  };
  const totalsIn = (need: (n: NeedModel) => number, pledge: (p: PledgeModel) => number) => ({
    needed: sum(open, (n) => n.quantity * need(n)),
    pledged: sum(live, (p) => p.quantity * pledge(p)),
    committed: sum(live, (p) => p.committed * pledge(p)),
    allocated: sum(live, (p) => p.allocated * pledge(p)),
    shipped: sum(live, (p) => p.shipped * pledge(p)),
    delivered: sum(live, (p) => p.delivered * pledge(p)),
    unmet: sum(open, (n) => unmetOf(n) * need(n)),
  });
  return {
    unmetOf,
    /** Quantities, added over every item: what the item groups add up to. */
    quantities: totalsIn(
      () => 1,
      () => 1,
    ),
    /** EUR values at the items' prices. */
    values: totalsIn(
      (n) => priceOf(n.item),
      (p) => priceOf(p.item),
    ),
    counts: { need_count: open.length, pledge_count: live.length },
  };
}

const PLEDGE_FIGURES = ['pledged', 'committed', 'allocated', 'shipped', 'delivered'] as const;
const NEED_FIGURES = ['needed', 'unmet'] as const;
type Figure = (typeof PLEDGE_FIGURES)[number] | (typeof NEED_FIGURES)[number];
type Group = GapReport['groups'][number];

/** A figure of a group in EUR. */
const eurOf = (g: Pick<Group, 'value'>, figure: Figure) => Number(g.value[figure].amount);

function addUp(report: GapReport, figure: (g: Group) => number): number {
  return report.groups.reduce((sum, g) => sum + figure(g), 0);
}

class Rollback extends Error {}

describe('gap report on random data (fast-check)', () => {
  let database: TestDatabase;
  const catalogue: Catalogue = { recipient: '', donors: [], regions: [], items: [] };

  beforeAll(async () => {
    database = await createTestDatabase();
    const audit = { created_by: 'property', updated_by: 'property' };
    catalogue.recipient = newId();
    await database.db
      .insertInto('organisation')
      .values({ id: catalogue.recipient, name: 'Recipient', kind: 'ministry', ...audit })
      .execute();
    for (let i = 0; i < DONORS; i++) {
      const id = newId();
      catalogue.donors.push(id);
      await database.db
        .insertInto('organisation')
        .values({ id, name: `Donor ${i}`, kind: 'state', ...audit })
        .execute();
    }
    for (let i = 0; i < REGIONS; i++) {
      const id = newId();
      catalogue.regions.push(id);
      await database.db
        .insertInto('region')
        .values({ id, code: `UA-P${i}`, name: `Region ${i}`, country_code: 'UA', ...audit })
        .execute();
    }
    for (const [i, category] of ITEM_CATEGORIES.entries()) {
      const id = newId();
      catalogue.items.push(id);
      await database.db
        .insertInto('item')
        .values({
          id,
          code: `PROP-${i}`,
          name: `Item ${i}`,
          category,
          unit: 'unit',
          reference_price_amount: String(priceOf(i)),
          reference_price_currency: 'EUR',
          ...audit,
        })
        .execute();
    }
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('keeps every group in stage order and reconciles groups, totals and the weekly series', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        await database.db
          .transaction()
          .execute(async (trx) => {
            const model = await insertWorld(trx, catalogue, world);
            const { quantities, values, counts, unmetOf } = modelTotals(model);
            const gaps = createGapService({ db: trx });
            for (const by of DIMENSIONS) {
              const report = await gaps.report(by);
              // Totals across several items: counts and EUR values, no quantities.
              const itemsSeen = new Set([
                ...model.needs.filter((n) => !n.cancelled).map((n) => n.item),
                ...model.pledges.filter((p) => p.live).map((p) => p.item),
              ]);
              expect(report.totals, `${by} totals`).toMatchObject(counts);
              expect(report.totals.needed === null, `${by} totals quantities`).toBe(itemsSeen.size > 1);
              for (const figure of [...PLEDGE_FIGURES, ...NEED_FIGURES])
                expect(eurOf(report.totals, figure), `${by} ${figure} EUR`).toBeCloseTo(values[figure], 2);
              for (const g of report.groups) {
                // Quantities only for groups of one item (which name their unit); the stage order holds in EUR.
                expect(g.needed === null, `${by} ${g.label} quantities`).toBe(g.unit === null);
                if (by === 'item') expect(g.unit).not.toBeNull();
                const chain = (['delivered', 'shipped', 'allocated', 'committed', 'pledged'] as const).map(
                  (f) => eurOf(g, f),
                );
                for (let i = 1; i < chain.length; i++) {
                  expect(chain[i - 1], `${by} ${g.label}`).toBeLessThanOrEqual(chain[i] as number);
                }
                expect(eurOf(g, 'delivered')).toBeGreaterThanOrEqual(0);
                expect(eurOf(g, 'unmet')).toBeLessThanOrEqual(eurOf(g, 'needed'));
                if (by === 'item') {
                  const q = [g.delivered, g.shipped, g.allocated, g.committed, g.pledged] as number[];
                  for (let i = 1; i < q.length; i++) expect(q[i - 1]).toBeLessThanOrEqual(q[i] as number);
                }
              }
              for (const figure of PLEDGE_FIGURES)
                expect(
                  addUp(report, (g) => eurOf(g, figure)),
                  `${by} ${figure}`,
                ).toBeCloseTo(values[figure], 2);
              if (by === 'item') {
                for (const figure of [...PLEDGE_FIGURES, ...NEED_FIGURES])
                  expect(
                    addUp(report, (g) => g[figure] ?? 0),
                    `item ${figure}`,
                  ).toBe(quantities[figure]);
              }
              if (by !== 'donor') {
                for (const figure of NEED_FIGURES)
                  expect(
                    addUp(report, (g) => eurOf(g, figure)),
                    `${by} ${figure}`,
                  ).toBeCloseTo(values[figure], 2);
                expect(addUp(report, (g) => g.need_count)).toBe(report.totals.need_count);
              } else {
                // A need belongs to every donor that pledged against it or is allocated to it.
                for (const [index, donorId] of catalogue.donors.entries()) {
                  const answered = model.needs.filter(
                    (n) =>
                      !n.cancelled &&
                      (model.pledges.some((p) => p.live && p.donor === index && p.need === n) ||
                        model.allocations.some(
                          (a) => a.status === 'accepted' && a.need === n && a.pledge.donor === index,
                        )),
                  );
                  const group = report.groups.find((g) => g.key === donorId);
                  expect(group ? eurOf(group, 'needed') : 0).toBeCloseTo(
                    answered.reduce((s, n) => s + n.quantity * priceOf(n.item), 0),
                    2,
                  );
                  expect(group ? eurOf(group, 'unmet') : 0).toBeCloseTo(
                    answered.reduce((s, n) => s + unmetOf(n) * priceOf(n.item), 0),
                    2,
                  );
                }
              }
              if (by === 'category' || by === 'item') {
                expect(addUp(report, (g) => g.pledge_count)).toBe(report.totals.pledge_count);
              }
            }
            // The weekly series of everything: its last week's EUR values are the totals.
            const weekly = await gaps.weekly();
            const last = weekly.weeks.at(-1);
            for (const figure of ['needed', 'pledged', 'committed', 'delivered'] as const) {
              expect(last ? Number(last.value[figure].amount) : 0, `weekly ${figure}`).toBeCloseTo(
                values[figure],
                2,
              );
            }
            // One item's series keeps its unit and ends on that item's group.
            const itemReport = await gaps.report('item');
            for (const group of itemReport.groups) {
              const series = await gaps.weekly({ by: 'item', key: group.key });
              expect(series.weeks.at(-1), `weekly ${group.label}`).toMatchObject({
                needed: group.needed,
                pledged: group.pledged,
                committed: group.committed,
                delivered: group.delivered,
              });
            }
            throw new Rollback();
          })
          .catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error;
          });
      }),
      { numRuns: 25 },
    );
  });
});
