import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { systemActor } from '../auth/actor.js';
import { newId } from '../shared/ids.js';
import { createDuplicateService, flagPossibleDuplicates } from './duplicate.service.js';

let t: TestDatabase;
let donor: string;
let otherDonor: string;
let itemId: string;
let otherItem: string;

async function organisation(name: string): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('organisation')
    .values({ id, name, kind: 'state', created_by: 'test', updated_by: 'test' })
    .execute();
  return id;
}

async function item(code: string): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('item')
    .values({
      id,
      code,
      name: `Item ${code}`,
      category: 'military/ammunition',
      unit: 'round',
      created_by: 'test',
      updated_by: 'test',
    })
    .execute();
  return id;
}

/** A pledge written straight to the table, so that only the calls in the test flag it. */
async function pledge(values: {
  announced_on: string;
  quantity: string;
  donor?: string;
  item?: string;
  status?: string;
}): Promise<string> {
  const id = newId();
  await t.db
    .insertInto('pledge')
    .values({
      id,
      donor_org_id: values.donor ?? donor,
      item_id: values.item ?? itemId,
      quantity: values.quantity,
      announced_on: values.announced_on,
      status: values.status ?? 'announced',
      owner_org_id: values.donor ?? donor,
      created_by: 'test',
      updated_by: 'test',
    })
    .execute();
  return id;
}

async function flaggedPairs(): Promise<string[][]> {
  const rows = await t.db
    .selectFrom('duplicate_flag')
    .select(['entity_id', 'other_id'])
    .orderBy('entity_id')
    .orderBy('other_id')
    .execute();
  return rows.map((row) => [row.entity_id, row.other_id]);
}

const pair = (a: string, b: string) => (a < b ? [a, b] : [b, a]);

beforeAll(async () => {
  t = await createTestDatabase();
  donor = await organisation('Donor A');
  otherDonor = await organisation('Donor B');
  itemId = await item('AMMO-155');
  otherItem = await item('AMMO-105');
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  await t.db.deleteFrom('duplicate_flag').execute();
  await t.db.deleteFrom('pledge').execute();
});

describe('flagPossibleDuplicates', () => {
  it('flags announcements up to 14 days apart on either side, not 15', async () => {
    const subject = await pledge({ announced_on: '2022-11-15', quantity: '100' });
    const before14 = await pledge({ announced_on: '2022-11-01', quantity: '100' });
    const after14 = await pledge({ announced_on: '2022-11-29', quantity: '100' });
    await pledge({ announced_on: '2022-10-31', quantity: '100' }); // 15 days before
    await pledge({ announced_on: '2022-11-30', quantity: '100' }); // 15 days after
    expect(await flagPossibleDuplicates(t.db, subject)).toBe(2);
    expect(await flaggedPairs()).toEqual([pair(subject, before14), pair(subject, after14)].sort());
  });

  it('flags quantities within 10% of the larger on either side, not beyond', async () => {
    const subject = await pledge({ announced_on: '2022-11-15', quantity: '100' });
    const lower = await pledge({ announced_on: '2022-11-15', quantity: '90' }); // |10| ≤ 0.1 × 100
    const higher = await pledge({ announced_on: '2022-11-15', quantity: '111.111' }); // 11.111 ≤ 11.1111
    await pledge({ announced_on: '2022-11-15', quantity: '89.999' }); // 10.001 > 10
    await pledge({ announced_on: '2022-11-15', quantity: '111.112' }); // 11.112 > 11.1112
    expect(await flagPossibleDuplicates(t.db, subject)).toBe(2);
    expect(await flaggedPairs()).toEqual([pair(subject, lower), pair(subject, higher)].sort());
  });

  it('needs the same donor and item, and ignores cancelled pledges', async () => {
    const subject = await pledge({ announced_on: '2022-11-15', quantity: '100' });
    await pledge({ announced_on: '2022-11-15', quantity: '100', donor: otherDonor });
    await pledge({ announced_on: '2022-11-15', quantity: '100', item: otherItem });
    await pledge({ announced_on: '2022-11-15', quantity: '100', status: 'cancelled' });
    expect(await flagPossibleDuplicates(t.db, subject)).toBe(0);
    const cancelled = await pledge({ announced_on: '2022-11-15', quantity: '100', status: 'cancelled' });
    expect(await flagPossibleDuplicates(t.db, cancelled)).toBe(0);
    expect(await flaggedPairs()).toEqual([]);
  });

  it('stores each pair once, in id order, whichever pledge is checked, and after review too', async () => {
    const first = await pledge({ announced_on: '2022-11-15', quantity: '100' });
    const second = await pledge({ announced_on: '2022-11-20', quantity: '95' });
    expect(await flagPossibleDuplicates(t.db, second)).toBe(1);
    expect(await flagPossibleDuplicates(t.db, first)).toBe(0);
    expect(await flagPossibleDuplicates(t.db, second)).toBe(0);
    expect(await flaggedPairs()).toEqual([pair(first, second)]);

    const flag = await t.db.selectFrom('duplicate_flag').selectAll().executeTakeFirstOrThrow();
    expect(flag.entity_id < flag.other_id).toBe(true);
    expect(flag.reason).toBe(
      'same donor and item; announced 2022-11-15 and 2022-11-20, 5 days apart (rule: at most 14); ' +
        'quantities 100 and 95, differing by 5 = 5.0% of the larger (rule: at most 10%)',
    );
    await createDuplicateService({ db: t.db }).dismiss(flag.id, systemActor('reviewer'));
    expect(await flagPossibleDuplicates(t.db, first)).toBe(0);
  });

  it('never changes the pledges it flags', async () => {
    const a = await pledge({ announced_on: '2022-11-15', quantity: '100' });
    const b = await pledge({ announced_on: '2022-11-16', quantity: '100' });
    const before = await t.db.selectFrom('pledge').selectAll().orderBy('id').execute();
    expect(await flagPossibleDuplicates(t.db, a)).toBe(1);
    expect(await t.db.selectFrom('pledge').selectAll().orderBy('id').execute()).toEqual(before);
    expect(before.map((row) => row.id).sort()).toEqual([a, b].sort());
  });
});

describe('duplicate review', () => {
  it('records the judgement, allows the same one twice and refuses a contrary one', async () => {
    const a = await pledge({ announced_on: '2022-11-15', quantity: '100' });
    await pledge({ announced_on: '2022-11-16', quantity: '100' });
    await flagPossibleDuplicates(t.db, a);
    const service = createDuplicateService({ db: t.db });
    const [flag] = (await service.list({ status: 'open' })).items;
    expect(flag?.status).toBe('open');
    const confirmed = await service.confirm(flag!.id, systemActor('analyst'));
    expect(confirmed).toMatchObject({ status: 'confirmed', reviewed_by: 'analyst' });
    expect(confirmed.reviewed_at).not.toBeNull();
    expect(await service.confirm(flag!.id, systemActor('someone else'))).toEqual(confirmed);
    await expect(service.dismiss(flag!.id, systemActor('analyst'))).rejects.toMatchObject({
      code: 'already_reviewed',
      status: 409,
    });
    expect((await service.list({ status: 'open' })).items).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_entry')
      .selectAll()
      .where('entity_type', '=', 'duplicate_flag')
      .where('entity_id', '=', flag!.id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'analyst', action: 'update' });
  });
});
