import { newId } from '../../src/core/shared/ids.js';
import type { TestApp } from './app.js';
import { buildItem, buildNeed, buildOrganisation, buildPledge, buildRegion, post } from './factories.js';

/*
 * Hand-built lifecycle (quantities in the unit of each item). Regions A and B; generators unless said.
 *
 *   N1 A 100 (needed_by 2022-11-20)   N2 B 50 (2022-12-05)   N3 B 40 (2022-12-20)
 *   N4 fuel A 1000 (2023-01-10)       a cancelled need B 999
 *
 *   P1 donor A 30 against N1, event E1, announced 2022-11-03, committed 20 (no history)
 *   P2 donor B 90 against N1, event E1, announced 2022-11-16, committed 90 (commit on 2022-11-21)
 *        allocated 60 → N1 (A): shipped 50, received 40 on 2022-12-02
 *        allocated 30 → N3 (B): shipped 30, received 10 on 2022-12-09 and 20 on 2023-01-04
 *   P3 donor A 20 against N2, event E2, announced 2022-11-29, nothing more
 *   P4 donor B 500 shells, no need, event E2, announced 2022-11-29, committed 500 (no history)
 *   P5 donor A 1000 fuel against N4, event E2, cancelled
 *   P6 donor A 25, no need, no event, announced 2022-12-13, committed 25 (commit on 2022-12-20)
 *        allocated 25 → N2 (B): shipped 25, received 25 on 2022-12-23
 *   E3 has no pledge.
 */
/** Builds the situation above through the API and direct SQL; answers the ids by name. */
export async function buildReportWorld(t: TestApp): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  const id = (name: string) => ids[name] as string;
  const db = t.database.db;
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const donorA = await buildOrganisation(t.app);
  const donorB = await buildOrganisation(t.app, { country_code: 'FR' });
  const regionA = await buildRegion(t.app);
  const regionB = await buildRegion(t.app);
  const generator = await buildItem(t.app, { category: 'energy/generator' });
  const shells = await buildItem(t.app, { category: 'military/ammunition', unit: 'round' });
  const fuel = await buildItem(t.app, { category: 'non-lethal/fuel', unit: 'litre' });
  const event = (name: string, starts_on: string) =>
    post(t.app, '/events', { name, kind: 'ministerial', starts_on, owner_org_id: recipient.id });
  const e1 = await event('Contact group, November', '2022-11-16');
  const e2 = await event('Foreign ministers, Bucharest', '2022-11-29');
  const e3 = await event('Contact group, January', '2023-01-20');
  Object.assign(ids, {
    recipient: recipient.id,
    donorA: donorA.id,
    donorB: donorB.id,
    regionA: regionA.id,
    regionB: regionB.id,
    generator: generator.id,
    e1: e1.id,
    e2: e2.id,
    e3: e3.id,
  });

  const need = async (region: string, item: string, quantity: number, needed_by: string, extra = {}) =>
    (
      await buildNeed(
        t.app,
        { recipient_org_id: recipient.id, region_id: region, item_id: item },
        { quantity, needed_by, ...extra },
      )
    ).id;
  ids.n1 = await need(regionA.id, generator.id, 100, '2022-11-20');
  ids.n2 = await need(regionB.id, generator.id, 50, '2022-12-05');
  ids.n3 = await need(regionB.id, generator.id, 40, '2022-12-20');
  ids.n4 = await need(regionA.id, fuel.id, 1000, '2023-01-10');
  await need(regionB.id, generator.id, 999, '2022-12-01', { status: 'cancelled' });

  const pledge = async (
    donor: string,
    item: string,
    quantity: number,
    announced_on: string,
    refs: { need_id?: string; event_id?: string } = {},
  ) =>
    (await buildPledge(t.app, { donor_org_id: donor, item_id: item, ...refs }, { quantity, announced_on }))
      .id;
  ids.p1 = await pledge(donorA.id, generator.id, 30, '2022-11-03', { need_id: id('n1'), event_id: e1.id });
  ids.p2 = await pledge(donorB.id, generator.id, 90, '2022-11-16', { need_id: id('n1'), event_id: e1.id });
  ids.p3 = await pledge(donorA.id, generator.id, 20, '2022-11-29', { need_id: id('n2'), event_id: e2.id });
  ids.p4 = await pledge(donorB.id, shells.id, 500, '2022-11-29', { event_id: e2.id });
  ids.p5 = await pledge(donorA.id, fuel.id, 1000, '2022-11-29', { need_id: id('n4'), event_id: e2.id });
  ids.p6 = await pledge(donorA.id, generator.id, 25, '2022-12-13');

  // The lifecycle, written directly: these tests are about the report, not about the actions.
  const stages = (pledge: string, s: Record<string, number | string>) =>
    db.updateTable('pledge').set(s).where('id', '=', id(pledge)).execute();
  await stages('p1', { committed_quantity: 20, status: 'committed' });
  await stages('p2', {
    committed_quantity: 90,
    allocated_quantity: 90,
    shipped_quantity: 80,
    delivered_quantity: 70,
    status: 'delivered',
    value_eur: '900000.00',
  });
  await db.updateTable('pledge').set({ value_eur: '300000.00' }).where('id', '=', id('p1')).execute();
  await stages('p4', { committed_quantity: 500, status: 'committed' });
  await stages('p5', { status: 'cancelled' });
  await stages('p6', {
    committed_quantity: 25,
    allocated_quantity: 25,
    shipped_quantity: 25,
    delivered_quantity: 25,
    status: 'delivered',
  });
  for (const [pledge, at] of [
    ['p2', '2022-11-21T10:00:00Z'],
    ['p6', '2022-12-20T10:00:00Z'],
  ] as const) {
    await db
      .insertInto('pledge_transition')
      .values({
        id: newId(),
        pledge_id: id(pledge),
        action: 'commit',
        quantity: pledge === 'p2' ? 90 : 25,
        from_status: 'announced',
        to_status: 'committed',
        at,
        actor: 'test',
      })
      .execute();
  }
  const meta = { owner_org_id: recipient.id, created_by: 'test', updated_by: 'test' };
  const allocation = async (
    pledge: string,
    needId: string,
    quantity: number,
    shipped: number,
    delivered: number,
  ) => {
    const allocationId = newId();
    await db
      .insertInto('allocation')
      .values({
        id: allocationId,
        pledge_id: id(pledge),
        need_id: id(needId),
        quantity,
        week: '2022-W47',
        status: 'accepted',
        shipped_quantity: shipped,
        delivered_quantity: delivered,
        ...meta,
      })
      .execute();
    return allocationId;
  };
  const shipment = async (
    region: string,
    allocationId: string,
    pledge: string,
    needId: string,
    quantity: number,
    receipts: readonly (readonly [string, number])[],
  ) => {
    const shipmentId = newId();
    const lineId = newId();
    await db
      .insertInto('shipment')
      .values({
        id: shipmentId,
        reference: `T-${shipmentId.slice(0, 8)}`,
        origin_hub: 'Rzeszów logistics hub (PL)',
        destination_region_id: id(region),
        dispatched_on: '2022-11-25',
        status: 'arrived',
        ...meta,
      })
      .execute();
    await db
      .insertInto('shipment_line')
      .values({
        id: lineId,
        shipment_id: shipmentId,
        allocation_id: allocationId,
        pledge_id: id(pledge),
        need_id: id(needId),
        item_id: id('generator'),
        quantity,
        received_quantity: receipts.reduce((sum, [, q]) => sum + q, 0),
      })
      .execute();
    for (const [received_on, q] of receipts) {
      const receiptId = newId();
      await db
        .insertInto('receipt')
        .values({
          id: receiptId,
          shipment_id: shipmentId,
          received_on,
          received_by_org_id: id('recipient'),
          ...meta,
        })
        .execute();
      await db
        .insertInto('receipt_line')
        .values({ id: newId(), receipt_id: receiptId, shipment_line_id: lineId, quantity: q })
        .execute();
    }
  };
  const a1 = await allocation('p2', 'n1', 60, 50, 40);
  const a2 = await allocation('p2', 'n3', 30, 30, 30);
  const a3 = await allocation('p6', 'n2', 25, 25, 25);
  await shipment('regionA', a1, 'p2', 'n1', 50, [['2022-12-02', 40]]);
  await shipment('regionB', a2, 'p2', 'n3', 30, [
    ['2022-12-09', 10],
    ['2023-01-04', 20],
  ]);
  await shipment('regionB', a3, 'p6', 'n2', 25, [['2022-12-23', 25]]);
  for (const [needId, allocated, met, status] of [
    ['n1', 60, 40, 'partially_met'],
    ['n2', 25, 25, 'partially_met'],
    ['n3', 30, 30, 'partially_met'],
  ] as const) {
    await db
      .updateTable('need')
      .set({ allocated_quantity: allocated, met_quantity: met, status })
      .where('id', '=', id(needId))
      .execute();
  }
  return ids;
}
