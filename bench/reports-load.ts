/**
 * The reports benchmark's data: N needs and N pledges (default 1,000,000 each) over the demo data
 * set, with allocations, shipments and receipts for a realistic share of them, put in set-based
 * (INSERT … SELECT FROM generate_series, one statement per table). Every row is marked synthetic
 * and created_by 'bench'. Reproducible: random() is seeded.
 *
 * The spread: items, regions, donors and events are drawn skewed (a few get most of the rows, as
 * in real data: random()^2 over the demo's catalogue); classifications 25 % public (a tenth of them
 * embargoed), 65 % coalition, 10 % restricted; needed_by and announced_on over three years of
 * weeks. 60 % of pledges answer a need (same item); 70 % are committed; of those answering a need,
 * half are allocated (accepted), of which 70 % shipped and of those 80 % received.
 */
import { sql } from 'kysely';
import type { DatabaseHandle } from '../src/db/connection.js';

export interface LoadCounts {
  needs: number;
  pledges: number;
  allocations: number;
  shipments: number;
  receipts: number;
  ms: number;
}

const count = async (handle: DatabaseHandle, table: string): Promise<number> => {
  const { rows } = await sql<{
    n: string;
  }>`SELECT count(*) AS n FROM ${sql.table(table)} WHERE created_by = 'bench'`.execute(handle.db);
  return Number(rows[0]?.n ?? 0);
};

/** Loads `n` needs and `n` pledges with their downstream records; returns what was loaded. */
export async function loadReportsWorld(handle: DatabaseHandle, n: number): Promise<LoadCounts> {
  const t = performance.now();
  await handle.db.connection().execute(async (db) => {
    const run = (query: ReturnType<typeof sql>) => query.execute(db);
    await run(sql`SELECT setseed(0.4242)`);
    // Pools drawn from, each with a dense index.
    await run(sql`CREATE TEMP TABLE b_item AS
      SELECT (row_number() OVER (ORDER BY code) - 1)::int AS i, id, reference_price_amount AS price
        FROM item WHERE reference_price_currency = 'EUR' OR reference_price_currency IS NULL`);
    await run(sql`CREATE TEMP TABLE b_region AS
      SELECT (row_number() OVER (ORDER BY code) - 1)::int AS i, id FROM region WHERE country_code = 'UA'`);
    await run(sql`CREATE TEMP TABLE b_donor AS
      SELECT (row_number() OVER (ORDER BY name) - 1)::int AS i, id FROM organisation
       WHERE kind IN ('state', 'international_organisation', 'ngo', 'manufacturer')`);
    await run(sql`CREATE TEMP TABLE b_recipient AS
      SELECT (row_number() OVER (ORDER BY name) - 1)::int AS i, id FROM organisation
       WHERE kind IN ('recipient_agency', 'ministry')`);
    await run(sql`CREATE TEMP TABLE b_event AS
      SELECT (row_number() OVER (ORDER BY starts_on, id) - 1)::int AS i, id, starts_on FROM event`);
    for (const pool of ['b_item', 'b_region', 'b_donor', 'b_recipient', 'b_event']) {
      await run(sql`CREATE UNIQUE INDEX ON ${sql.table(pool)} (i)`);
    }
    const sizes = await sql<Record<string, number>>`
      SELECT (SELECT count(*) FROM b_item)::int AS items, (SELECT count(*) FROM b_region)::int AS regions,
             (SELECT count(*) FROM b_donor)::int AS donors, (SELECT count(*) FROM b_recipient)::int AS recipients,
             (SELECT count(*) FROM b_event)::int AS events`.execute(db);
    const s = sizes.rows[0] as Record<string, number>;
    for (const [name, size] of Object.entries(s)) {
      if (!size) throw new Error(`the demo data set has no ${name} to spread the bench rows over`);
    }

    // Needs: owned by their recipient.
    await run(sql`CREATE TEMP TABLE b_need AS
      SELECT g AS n, gen_random_uuid() AS id,
             floor(${s.items}::int * random() ^ 2)::int AS item_i,
             floor(${s.regions}::int * random() ^ 1.5)::int AS region_i,
             floor(${s.recipients}::int * random())::int AS recipient_i,
             (1 + floor(random() ^ 3 * 5000))::numeric AS quantity,
             (ARRAY['critical', 'high', 'medium', 'low'])[1 + floor(random() * 4)::int] AS priority,
             DATE '2022-03-07' + (floor(random() * 156) * 7)::int AS needed_by,
             random() AS cls_r, random() AS emb_r
        FROM generate_series(1, ${n}::int) AS g`);
    await run(sql`
      INSERT INTO need (id, recipient_org_id, region_id, item_id, quantity, priority, needed_by, owner_org_id,
                        classification, embargo_until, justification, synthetic, created_by, updated_by)
      SELECT b.id, r.id, g.id, i.id, b.quantity, b.priority::priority, b.needed_by, r.id,
             (CASE WHEN b.cls_r < 0.25 THEN 'public' WHEN b.cls_r < 0.9 THEN 'coalition' ELSE 'restricted' END)::classification,
             CASE WHEN b.cls_r < 0.025 THEN DATE '2024-01-01' + (b.emb_r * 1000)::int END,
             'Synthetic benchmark need', true, 'bench', 'bench'
        FROM b_need b
        JOIN b_item i ON i.i = b.item_i
        JOIN b_region g ON g.i = b.region_i
        JOIN b_recipient r ON r.i = b.recipient_i`);
    await run(sql`CREATE UNIQUE INDEX ON b_need (n)`);

    // Pledges: owned by their donor; 60 % answer a need (and take its item).
    await run(sql`CREATE TEMP TABLE b_pledge AS
      SELECT g AS n, gen_random_uuid() AS id,
             CASE WHEN random() < 0.6 THEN 1 + floor(random() * ${n}::int)::int END AS need_n,
             floor(${s.items}::int * random() ^ 2)::int AS item_i,
             floor(${s.donors}::int * random() ^ 2)::int AS donor_i,
             CASE WHEN random() < 0.5 THEN floor(${s.events}::int * random())::int END AS event_i,
             (1 + floor(random() ^ 3 * 4000))::numeric AS quantity,
             DATE '2022-02-28' + (floor(random() * 150) * 7)::int AS announced_on,
             random() AS cls_r, random() AS stage_r, random() AS value_r
        FROM generate_series(1, ${n}::int) AS g`);
    await run(sql`
      INSERT INTO pledge (id, donor_org_id, item_id, quantity, need_id, event_id, announced_on, status,
                          committed_quantity, value_amount, value_currency, value_eur, price_list_eur,
                          owner_org_id, classification, synthetic, created_by, updated_by)
      SELECT b.id, d.id, COALESCE(nd.item_id, i.id), b.quantity, nd.id, e.id,
             GREATEST(b.announced_on, COALESCE(e.starts_on, b.announced_on)),
             CASE WHEN b.stage_r < 0.7 THEN 'committed' ELSE 'announced' END,
             CASE WHEN b.stage_r < 0.7 THEN b.quantity ELSE 0 END,
             CASE WHEN b.value_r < 0.3 THEN round(b.quantity * COALESCE(pi.reference_price_amount, 100) * (0.8 + b.value_r)::numeric, 2) END,
             CASE WHEN b.value_r < 0.3 THEN 'EUR' END,
             CASE WHEN b.value_r < 0.3 THEN round(b.quantity * COALESCE(pi.reference_price_amount, 100) * (0.8 + b.value_r)::numeric, 2) END,
             round(b.quantity * pi.reference_price_amount, 2),
             d.id,
             (CASE WHEN b.cls_r < 0.25 THEN 'public' WHEN b.cls_r < 0.9 THEN 'coalition' ELSE 'restricted' END)::classification,
             true, 'bench', 'bench'
        FROM b_pledge b
        JOIN b_donor d ON d.i = b.donor_i
        LEFT JOIN b_need bn ON bn.n = b.need_n
        LEFT JOIN need nd ON nd.id = bn.id
        JOIN b_item i ON i.i = b.item_i
        LEFT JOIN item pi ON pi.id = COALESCE(nd.item_id, i.id)
        LEFT JOIN b_event e ON e.i = b.event_i`);

    // Allocations: half of the committed pledges that answer a need, for what fits in the need
    // (one allocation per need, so the need's bounds hold).
    await run(sql`CREATE TEMP TABLE b_alloc AS
      SELECT DISTINCT ON (p.need_id) gen_random_uuid() AS id, p.id AS pledge_id, p.need_id,
             LEAST(p.quantity, nd.quantity) AS quantity, p.donor_org_id, p.classification AS pcls,
             nd.classification AS ncls, p.announced_on, random() AS ship_r, random() AS recv_r
        FROM pledge p JOIN need nd ON nd.id = p.need_id
       WHERE p.created_by = 'bench' AND p.status = 'committed' AND random() < 0.5
       ORDER BY p.need_id, p.id`);
    await run(sql`
      INSERT INTO allocation (id, pledge_id, need_id, quantity, week, status, proposed_by, shipped_quantity,
                              delivered_quantity, decided_at, decided_by, decided_on, owner_org_id,
                              classification, synthetic, created_by, updated_by)
      SELECT a.id, a.pledge_id, a.need_id, a.quantity, to_char(a.announced_on + 14, 'IYYY-"W"IW'), 'accepted', 'hand',
             CASE WHEN a.ship_r < 0.7 THEN a.quantity ELSE 0 END,
             CASE WHEN a.ship_r < 0.7 AND a.recv_r < 0.8 THEN a.quantity ELSE 0 END,
             now(), 'bench', a.announced_on + 7, a.donor_org_id, GREATEST(a.pcls, a.ncls), true, 'bench', 'bench'
        FROM b_alloc a`);
    // The stored stage totals the lifecycle keeps (owner statements; the figures do not read them).
    await run(sql`
      UPDATE pledge p SET status = CASE WHEN a.ship_r < 0.7 AND a.recv_r < 0.8 THEN 'delivered'
                                        WHEN a.ship_r < 0.7 THEN 'shipped' ELSE 'allocated' END,
             allocated_quantity = a.quantity,
             shipped_quantity = CASE WHEN a.ship_r < 0.7 THEN a.quantity ELSE 0 END,
             delivered_quantity = CASE WHEN a.ship_r < 0.7 AND a.recv_r < 0.8 THEN a.quantity ELSE 0 END
        FROM b_alloc a WHERE p.id = a.pledge_id`);
    await run(sql`
      UPDATE need nd SET allocated_quantity = a.quantity,
             met_quantity = CASE WHEN a.ship_r < 0.7 AND a.recv_r < 0.8 THEN a.quantity ELSE 0 END,
             status = CASE WHEN a.quantity >= nd.quantity THEN 'met' ELSE 'partially_met' END
        FROM b_alloc a WHERE nd.id = a.need_id`);

    // Shipments: one per shipped allocation, with one line; receipts for 80 % of them.
    await run(sql`CREATE TEMP TABLE b_ship AS
      SELECT a.*, gen_random_uuid() AS shipment_id, gen_random_uuid() AS line_id,
             gen_random_uuid() AS receipt_id, gen_random_uuid() AS receipt_line_id,
             nd.region_id, nd.item_id, nd.recipient_org_id
        FROM b_alloc a JOIN need nd ON nd.id = a.need_id WHERE a.ship_r < 0.7`);
    await run(sql`
      INSERT INTO shipment (id, reference, origin_hub, destination_region_id, dispatched_on, eta, status,
                            owner_org_id, classification, synthetic, created_by, updated_by)
      SELECT shipment_id, 'BENCH-' || left(shipment_id::text, 8), 'Rzeszów', region_id, announced_on + 21,
             announced_on + 28, CASE WHEN recv_r < 0.8 THEN 'received' ELSE 'in_transit' END,
             donor_org_id, GREATEST(pcls, ncls), true, 'bench', 'bench'
        FROM b_ship`);
    await run(sql`
      INSERT INTO shipment_line (id, shipment_id, allocation_id, pledge_id, need_id, item_id, quantity, received_quantity)
      SELECT line_id, shipment_id, id, pledge_id, need_id, item_id, quantity,
             CASE WHEN recv_r < 0.8 THEN quantity ELSE 0 END
        FROM b_ship`);
    await run(sql`
      INSERT INTO receipt (id, shipment_id, received_on, received_by_org_id, owner_org_id, classification,
                           synthetic, created_by, updated_by)
      SELECT receipt_id, shipment_id, announced_on + 30, recipient_org_id, recipient_org_id, GREATEST(pcls, ncls),
             true, 'bench', 'bench'
        FROM b_ship WHERE recv_r < 0.8`);
    await run(sql`
      INSERT INTO receipt_line (id, receipt_id, shipment_line_id, quantity)
      SELECT receipt_line_id, receipt_id, line_id, quantity FROM b_ship WHERE recv_r < 0.8`);
    for (const pool of [
      'b_item',
      'b_region',
      'b_donor',
      'b_recipient',
      'b_event',
      'b_need',
      'b_pledge',
      'b_alloc',
      'b_ship',
    ]) {
      await run(sql`DROP TABLE ${sql.table(pool)}`);
    }
  });
  await sql`ANALYZE`.execute(handle.db);
  return {
    needs: await count(handle, 'need'),
    pledges: await count(handle, 'pledge'),
    allocations: await count(handle, 'allocation'),
    shipments: await count(handle, 'shipment'),
    receipts: await count(handle, 'receipt'),
    ms: performance.now() - t,
  };
}
