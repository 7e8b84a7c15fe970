import fc from 'fast-check';
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { findCellDifferences } from '../../db/repositories/aggregate.repository.js';
import type { Database } from '../../db/schema.js';
import { newId } from '../shared/ids.js';
import { createAggregateService } from './aggregate.service.js';

/*
 * The triggers of migration 0018 keep the aggregate cells equal to a recomputation from the rows
 * whatever writes the rows: random worlds (every record of a random owner, classification and
 * embargo) are inserted, then random statements change them — re-keying parents (a need's region,
 * classification or recipient; a pledge's donor or status; an allocation's status), changing
 * statuses and dates, deleting receipts and lines, adding exchange rates and prices — and after
 * every statement `aggregates verify` finds no difference.
 */

const CLASSES = ['public', 'coalition', 'restricted'] as const;
const klass = fc.constantFrom(...CLASSES);
const embargo = fc.option(fc.constantFrom('2000-01-01', '2999-01-01'), { nil: null });
const day = fc
  .integer({ min: 0, max: 90 })
  .map((n) => new Date(Date.UTC(2022, 9, 1 + n)).toISOString().slice(0, 10));
const stamp = { classification: klass, embargo_until: embargo, owner: fc.nat({ max: 2 }) };

const worldArb = fc.record({
  needs: fc.array(
    fc.record({
      item: fc.nat({ max: 1 }),
      region: fc.nat({ max: 1 }),
      recipient: fc.nat({ max: 2 }),
      needed_by: day,
      ...stamp,
    }),
    { minLength: 1, maxLength: 4 },
  ),
  pledges: fc.array(
    fc.record({
      donor: fc.nat({ max: 2 }),
      need: fc.nat({ max: 3 }),
      valued: fc.boolean(),
      committed: fc.boolean(),
      announced_on: day,
      ...stamp,
      allocations: fc.array(
        fc.record({
          status: fc.constantFrom('accepted', 'accepted', 'proposed'),
          shipment: fc.constantFrom('none', 'preparing', 'in_transit', 'lost'),
          receipt: fc.boolean(),
          received_on: day,
          ...stamp,
        }),
        { maxLength: 2 },
      ),
    }),
    { maxLength: 4 },
  ),
});
type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

const mutationArb = fc.record({
  kind: fc.constantFrom(
    'need_region',
    'need_class',
    'need_cancel',
    'need_recipient',
    'pledge_cancel',
    'pledge_donor',
    'pledge_class',
    'pledge_commit_step',
    'allocation_status',
    'allocation_class',
    'shipment_status',
    'shipment_class',
    'receipt_date',
    'receipt_delete',
    'line_delete',
    'fx_rate',
    'item_price',
    'item_class',
  ),
  pick: fc.nat(),
  classification: klass,
  embargo_until: embargo,
  on: day,
});

interface Catalogue {
  orgs: string[];
  regions: string[];
  items: string[];
}

async function insertWorld(trx: Transaction<Database>, cat: Catalogue, world: World): Promise<void> {
  const audit = { created_by: 'aggregates', updated_by: 'aggregates' };
  const stampOf = (s: {
    classification: (typeof CLASSES)[number];
    embargo_until: string | null;
    owner: number;
  }) => ({
    classification: s.classification,
    embargo_until: s.embargo_until,
    owner_org_id: cat.orgs[s.owner] as string,
    ...audit,
  });
  const needs = world.needs.map((n) => ({ id: newId(), ...n }));
  await trx
    .insertInto('need')
    .values(
      needs.map((n) => ({
        id: n.id,
        recipient_org_id: cat.orgs[n.recipient] as string,
        region_id: cat.regions[n.region] as string,
        item_id: cat.items[n.item] as string,
        quantity: 100,
        priority: 'high' as const,
        needed_by: n.needed_by,
        ...stampOf(n),
      })),
    )
    .execute();
  for (const p of world.pledges) {
    const need = needs[p.need % needs.length] as (typeof needs)[number];
    const pledgeId = newId();
    await trx
      .insertInto('pledge')
      .values({
        id: pledgeId,
        donor_org_id: cat.orgs[p.donor] as string,
        item_id: cat.items[need.item] as string,
        quantity: 40,
        need_id: need.id,
        announced_on: p.announced_on,
        status: p.committed ? 'committed' : 'announced',
        committed_quantity: p.committed ? 30 : 0,
        price_list_eur: p.valued ? '400.00' : null,
        ...stampOf(p),
      })
      .execute();
    for (const a of p.allocations) {
      if (!p.committed) break;
      const allocationId = newId();
      await trx
        .insertInto('allocation')
        .values({
          id: allocationId,
          pledge_id: pledgeId,
          need_id: need.id,
          quantity: 10,
          week: '2022-W48',
          status: a.status,
          ...stampOf(a),
        })
        .execute();
      if (a.status !== 'accepted' || a.shipment === 'none') continue;
      const shipmentId = newId();
      await trx
        .insertInto('shipment')
        .values({
          id: shipmentId,
          reference: `A-${shipmentId}`,
          origin_hub: 'hub',
          destination_region_id: cat.regions[need.region] as string,
          status: a.shipment,
          ...stampOf(a),
        })
        .execute();
      const lineId = newId();
      await trx
        .insertInto('shipment_line')
        .values({
          id: lineId,
          shipment_id: shipmentId,
          allocation_id: allocationId,
          pledge_id: pledgeId,
          need_id: need.id,
          item_id: cat.items[need.item] as string,
          quantity: 8,
          received_quantity: a.receipt ? 6 : 0,
        })
        .execute();
      if (!a.receipt) continue;
      const receiptId = newId();
      await trx
        .insertInto('receipt')
        .values({
          id: receiptId,
          shipment_id: shipmentId,
          received_on: a.received_on,
          received_by_org_id: cat.orgs[(a.owner + 1) % 3] as string,
          ...stampOf(a),
        })
        .execute();
      await trx
        .insertInto('receipt_line')
        .values({ id: newId(), receipt_id: receiptId, shipment_line_id: lineId, quantity: 6 })
        .execute();
    }
  }
}

type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

/** One statement that changes what some facts depend on (nothing when there is no row to change). */
async function mutate(trx: Transaction<Database>, cat: Catalogue, m: Mutation): Promise<void> {
  const pickOne = async (table: string) => {
    const rows = await sql<{
      id: string;
    }>`SELECT id::text AS id FROM ${sql.table(table)} ORDER BY id`.execute(trx);
    return rows.rows.length === 0 ? null : (rows.rows[m.pick % rows.rows.length] as { id: string }).id;
  };
  const stampSet = sql`classification = ${m.classification}, embargo_until = ${m.embargo_until}`;
  const org = cat.orgs[m.pick % 3] as string;
  switch (m.kind) {
    case 'need_region':
      await sql`UPDATE need SET region_id = ${cat.regions[m.pick % 2]} WHERE id = ${await pickOne('need')}`.execute(
        trx,
      );
      return;
    case 'need_class':
      await sql`UPDATE need SET ${stampSet} WHERE id = ${await pickOne('need')}`.execute(trx);
      return;
    case 'need_cancel':
      await sql`UPDATE need SET status = 'cancelled' WHERE id = ${await pickOne('need')}`.execute(trx);
      return;
    case 'need_recipient':
      await sql`UPDATE need SET recipient_org_id = ${org} WHERE id = ${await pickOne('need')}`.execute(trx);
      return;
    case 'pledge_cancel':
      await sql`UPDATE pledge SET status = 'cancelled' WHERE id = ${await pickOne('pledge')}`.execute(trx);
      return;
    case 'pledge_donor':
      await sql`UPDATE pledge SET donor_org_id = ${org} WHERE id = ${await pickOne('pledge')}`.execute(trx);
      return;
    case 'pledge_class':
      await sql`UPDATE pledge SET ${stampSet} WHERE id = ${await pickOne('pledge')}`.execute(trx);
      return;
    case 'pledge_commit_step': {
      const pledge = await pickOne('pledge');
      if (!pledge) return;
      await sql`INSERT INTO pledge_transition (id, pledge_id, action, quantity, from_status, to_status, at, actor)
                VALUES (${newId()}, ${pledge}, 'commit', 1, 'announced', 'committed', ${`${m.on}T10:00:00Z`}, 'aggregates')`.execute(
        trx,
      );
      return;
    }
    case 'allocation_status':
      // Statement-wide: every allocation of one pledge at once.
      await sql`UPDATE allocation SET status = CASE status WHEN 'accepted' THEN 'proposed' ELSE 'accepted' END
                WHERE shipped_quantity = 0 AND NOT EXISTS (SELECT 1 FROM shipment_line sl WHERE sl.allocation_id = allocation.id)
                  AND pledge_id = ${await pickOne('pledge')}`.execute(trx);
      return;
    case 'allocation_class':
      await sql`UPDATE allocation SET ${stampSet} WHERE id = ${await pickOne('allocation')}`.execute(trx);
      return;
    case 'shipment_status':
      await sql`UPDATE shipment SET status = ${['preparing', 'in_transit', 'arrived', 'lost'][m.pick % 4]}
                WHERE id = ${await pickOne('shipment')}`.execute(trx);
      return;
    case 'shipment_class':
      await sql`UPDATE shipment SET ${stampSet}`.execute(trx);
      return;
    case 'receipt_date':
      await sql`UPDATE receipt SET received_on = ${m.on}, received_by_org_id = ${org}`.execute(trx);
      return;
    case 'receipt_delete':
      await sql`DELETE FROM receipt WHERE id = ${await pickOne('receipt')}`.execute(trx);
      return;
    case 'line_delete': {
      const line = await pickOne('shipment_line');
      await sql`DELETE FROM receipt_line WHERE shipment_line_id = ${line}`.execute(trx);
      await sql`DELETE FROM shipment_line WHERE id = ${line}`.execute(trx);
      return;
    }
    case 'fx_rate':
      await sql`INSERT INTO fx_rate (currency, rate_on, eur_per_unit, source, created_by)
                VALUES ('USD', ${m.on}, ${0.9 + (m.pick % 10) / 100}, 'test', 'aggregates')
                ON CONFLICT (currency, rate_on) DO UPDATE SET eur_per_unit = excluded.eur_per_unit + 0.01`.execute(
        trx,
      );
      return;
    case 'item_price':
      await sql`UPDATE item SET reference_price_amount = ${m.pick % 2 === 0 ? null : 7 + (m.pick % 5)},
                                reference_price_currency = ${m.pick % 2 === 0 ? null : 'USD'}
                WHERE id = ${cat.items[1]}`.execute(trx);
      return;
    case 'item_class':
      await sql`UPDATE item SET ${stampSet} WHERE id = ${cat.items[m.pick % 2]}`.execute(trx);
      return;
  }
}

class Rollback extends Error {}

describe('aggregate cells', () => {
  let database: TestDatabase;
  const cat: Catalogue = { orgs: [], regions: [], items: [] };

  beforeAll(async () => {
    database = await createTestDatabase();
    const audit = { created_by: 'aggregates', updated_by: 'aggregates' };
    for (let i = 0; i < 3; i++) {
      const id = newId();
      cat.orgs.push(id);
      await database.db
        .insertInto('organisation')
        .values({ id, name: `Org ${i}`, kind: 'state', ...audit })
        .execute();
      const region = newId();
      cat.regions.push(region);
      await database.db
        .insertInto('region')
        .values({ id: region, code: `UA-AG${i}`, name: `Region ${i}`, country_code: 'UA', ...audit })
        .execute();
    }
    for (const [i, price] of [
      ['10', 'EUR'],
      ['8', 'USD'],
    ].entries()) {
      const id = newId();
      cat.items.push(id);
      await database.db
        .insertInto('item')
        .values({
          id,
          code: `AGG-${i}`,
          name: `Item ${i}`,
          category: 'energy/generator',
          unit: 'unit',
          reference_price_amount: price[0] as string,
          reference_price_currency: price[1] as string,
          ...audit,
        })
        .execute();
    }
    await sql`INSERT INTO fx_rate (currency, rate_on, eur_per_unit, source, created_by)
              VALUES ('USD', '2022-01-01', 0.95, 'test', 'aggregates')`.execute(database.db);
  }, 60_000);

  afterAll(async () => {
    await database?.drop();
  });

  it('stay equal to a recomputation from the rows after every statement of random writes', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, fc.array(mutationArb, { maxLength: 6 }), async (world, mutations) => {
        await database.db
          .transaction()
          .execute(async (trx) => {
            await insertWorld(trx, cat, world);
            expect((await findCellDifferences(trx, 1))[0]).toBeUndefined();
            for (const mutation of mutations) {
              await mutate(trx, cat, mutation);
              const first = (await findCellDifferences(trx, 1))[0];
              expect(first, `after ${mutation.kind}`).toBeUndefined();
            }
            throw new Rollback();
          })
          .catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error;
          });
      }),
      { numRuns: 40 },
    );
  }, 300_000);

  it('verify names the first cell that differs, and rebuild makes the cells exact again', async () => {
    const aggregates = createAggregateService({ db: database.db });
    await database.db.transaction().execute((trx) =>
      insertWorld(trx, cat, {
        needs: [
          {
            item: 0,
            region: 0,
            recipient: 0,
            needed_by: '2022-11-21',
            classification: 'public',
            embargo_until: null,
            owner: 0,
          },
        ],
        pledges: [],
      }),
    );
    expect((await aggregates.verify()).ok).toBe(true);
    // Damage one cell behind the triggers' back (as the owner, who may).
    await sql`UPDATE aggregate_cell SET quantity = quantity + 50 WHERE kind = 'need'`.execute(database.db);
    const broken = await aggregates.verify();
    expect(broken.ok).toBe(false);
    expect(broken.differences[0]?.summary).toBe(
      'cell needs · item AGG-0 Item 0 · region UA-AG0 Region 0 · week 2022-W47 · visibility public: stored 150, recomputed 100',
    );
    const rebuilt = await aggregates.rebuild();
    expect(rebuilt.cells).toBeGreaterThan(0);
    expect(await aggregates.verify()).toMatchObject({ ok: true, cells: rebuilt.cells, differences: [] });
    await sql`DELETE FROM need`.execute(database.db);
    expect((await aggregates.verify()).ok).toBe(true);
  });

  it('lets the application role read only the cells whose every row it may see, and write none', async () => {
    const [owner, other] = cat.orgs as [string, string];
    await database.db
      .transaction()
      .execute(async (trx) => {
        await insertWorld(trx, cat, {
          needs: [
            {
              item: 0,
              region: 1,
              recipient: 0,
              needed_by: '2022-12-05',
              classification: 'restricted',
              embargo_until: null,
              owner: 0,
            },
          ],
          pledges: [],
        });
        const asReader = async (org: string) => {
          await sql`SET LOCAL ROLE aidgrid_app`.execute(trx);
          await sql`SELECT set_config('aidgrid.org_id', ${org}, true), set_config('aidgrid.clearance', 'public', true)`.execute(
            trx,
          );
          const seen = await sql<{ n: string }>`SELECT count(*)::text AS n FROM aggregate_cell
          WHERE kind = 'need' AND week = '2022-12-05'`.execute(trx);
          await sql`RESET ROLE`.execute(trx);
          return Number(seen.rows[0]?.n);
        };
        expect(await asReader(owner)).toBe(1);
        expect(await asReader(other)).toBe(0);
        await sql`SET LOCAL ROLE aidgrid_app`.execute(trx);
        await expect(sql`DELETE FROM aggregate_cell`.execute(trx)).rejects.toMatchObject({ code: '42501' });
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
  });
});
