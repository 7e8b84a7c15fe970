import { sql } from 'kysely';
import { newId } from '../../src/core/shared/ids.js';
import type { TestApp } from './app.js';
import { buildItem, buildNeed, buildOrganisation, buildPledge, buildRegion } from './factories.js';

/** A donor, a recipient, a region and an item to build pledges, needs and shipments on. */
export interface LifecycleWorld {
  readonly donor_org_id: string;
  readonly recipient_org_id: string;
  readonly region_id: string;
  readonly item_id: string;
}

export async function buildWorld(t: TestApp): Promise<LifecycleWorld> {
  const donor = await buildOrganisation(t.app, { kind: 'state', country_code: 'DE' });
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  return { donor_org_id: donor.id, recipient_org_id: recipient.id, region_id: region.id, item_id: item.id };
}

export interface BuiltAllocation {
  readonly allocation_id: string;
  readonly pledge_id: string;
  readonly need_id: string;
}

/**
 * An allocation of `quantity` from a committed pledge to a need, in the given status. Written with
 * direct SQL, keeping the pledge's committed/allocated and the need's allocated quantities consistent
 * for an accepted one, so that shipment tests do not depend on the allocation API.
 */
export async function buildAllocation(
  t: TestApp,
  world: LifecycleWorld,
  options: {
    quantity?: number;
    pledged?: number;
    needed?: number;
    region_id?: string;
    status?: 'proposed' | 'accepted';
    pledge_id?: string;
    need_id?: string;
  } = {},
): Promise<BuiltAllocation> {
  const quantity = options.quantity ?? 100;
  const status = options.status ?? 'accepted';
  const need_id =
    options.need_id ??
    (
      await buildNeed(
        t.app,
        {
          recipient_org_id: world.recipient_org_id,
          region_id: options.region_id ?? world.region_id,
          item_id: world.item_id,
        },
        { quantity: options.needed ?? quantity },
      )
    ).id;
  const pledge_id =
    options.pledge_id ??
    (
      await buildPledge(
        t.app,
        { donor_org_id: world.donor_org_id, item_id: world.item_id },
        { quantity: options.pledged ?? quantity },
      )
    ).id;
  const allocation_id = newId();
  await t.database.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('pledge')
      .set({
        committed_quantity: sql`quantity`,
        status: sql`CASE WHEN status = 'announced' THEN 'committed' ELSE status END`,
      })
      .where('id', '=', pledge_id)
      .where('committed_quantity', '=', '0')
      .execute();
    if (status === 'accepted') {
      await trx
        .updateTable('pledge')
        .set({
          allocated_quantity: sql`allocated_quantity + ${quantity}::numeric`,
          status: sql`CASE WHEN status IN ('announced', 'committed') THEN 'allocated' ELSE status END`,
        })
        .where('id', '=', pledge_id)
        .execute();
      await trx
        .updateTable('need')
        .set({ allocated_quantity: sql`allocated_quantity + ${quantity}::numeric` })
        .where('id', '=', need_id)
        .execute();
    }
    await trx
      .insertInto('allocation')
      .values({
        id: allocation_id,
        pledge_id,
        need_id,
        quantity,
        week: '2022-W50',
        status,
        owner_org_id: world.donor_org_id,
        created_by: 'test',
        updated_by: 'test',
        decided_at: status === 'accepted' ? new Date() : null,
        decided_by: status === 'accepted' ? 'test' : null,
      })
      .execute();
  });
  return { allocation_id, pledge_id, need_id };
}
