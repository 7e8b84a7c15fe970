import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildAllocation,
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
} from '../../../../test/support/factories.js';
import type { Clock } from '../../../core/shared/clock.js';

/** The data's clock, moved by the test: the day the data is as of. */
let day = '2022-12-01';
const clock: Clock = {
  today: () => day,
  now: () => new Date(`${day}T00:00:00Z`),
  source: 'override',
};

let t: TestApp;
let pledgeId: string;
let first: { id: string };
let second: { id: string };
let third: { id: string };

function api(url: string, payload: object = {}) {
  return t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload });
}

/** The fields and messages of a 422. */
function problems(response: {
  statusCode: number;
  json(): { errors?: { field: string; message: string }[] };
}) {
  expect(response.statusCode).toBe(422);
  return (response.json().errors ?? []).map((e) => `${e.field}: ${e.message}`);
}

async function history(id: string): Promise<{ action: string; effective_on: string; at: string }[]> {
  const response = await t.app.inject({ method: 'GET', url: `/api/v1/pledges/${id}/transitions` });
  expect(response.statusCode).toBe(200);
  return response.json().items;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  const donor = await buildOrganisation(t.app);
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  const pledge = await buildPledge(
    t.app,
    { donor_org_id: donor.id, item_id: item.id },
    { quantity: 100, announced_on: '2022-11-20' },
  );
  pledgeId = pledge.id;
  expect((await api(`/pledges/${pledgeId}/commit`, { effective_on: '2022-11-25' })).statusCode).toBe(200);
  const need = await buildNeed(t.app, {
    recipient_org_id: recipient.id,
    region_id: region.id,
    item_id: item.id,
  });
  // Proposed on the data's day, 2022-12-01; decided later, as of 2022-12-10.
  first = await buildAllocation(t.app, { pledge_id: pledgeId, need_id: need.id }, { quantity: 10 });
  second = await buildAllocation(t.app, { pledge_id: pledgeId, need_id: need.id }, { quantity: 5 });
  third = await buildAllocation(t.app, { pledge_id: pledgeId, need_id: need.id }, { quantity: 5 });
  day = '2022-12-10';
});
afterAll(async () => t?.close());

describe('allocation decisions take an effective day apart from the time they are recorded', () => {
  it("is proposed on the data's day", async () => {
    expect(first).toMatchObject({ proposed_on: '2022-12-01', decided_on: null });
  });

  it('refuses a day before the allocation was proposed, or after the day the data is as of', async () => {
    expect(problems(await api(`/allocations/${first.id}/accept`, { effective_on: '2022-11-30' }))).toEqual([
      'effective_on: must not be before 2022-12-01, the day the allocation was proposed',
    ]);
    expect(problems(await api(`/allocations/${first.id}/accept`, { effective_on: '2022-12-11' }))).toEqual([
      'effective_on: must not be after 2022-12-10, the day the data is as of',
    ]);
    const notADay = await api(`/allocations/${first.id}/accept`, { effective_on: '2022-02-30' });
    expect(notADay.statusCode).toBe(400);
    expect(notADay.json().errors.map((e: { field: string }) => e.field)).toEqual(['effective_on']);
    expect(problems(await api(`/allocations/${second.id}/reject`, { effective_on: '2022-12-11' }))).toEqual([
      'effective_on: must not be after 2022-12-10, the day the data is as of',
    ]);
  });

  it("accepts back-dated: the answer and the pledge's history carry the day, recorded now", async () => {
    const accepted = await api(`/allocations/${first.id}/accept`, { effective_on: '2022-12-05' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', decided_on: '2022-12-05' });
    // Stored apart from the time it was written (decided_at).
    const stored = await t.database.db
      .selectFrom('allocation')
      .select(['decided_on', 'decided_at'])
      .where('id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(stored.decided_on).toBe('2022-12-05');
    expect(stored.decided_at).toBeInstanceOf(Date);
    const step = (await history(pledgeId)).at(-1);
    expect(step).toMatchObject({ action: 'allocate', effective_on: '2022-12-05' });
  });

  it("the pledge's later steps date from the back-dated acceptance, not from when it was recorded", async () => {
    expect(problems(await api(`/pledges/${pledgeId}/commit`, { effective_on: '2022-12-04' }))).toEqual([
      "effective_on: must not be before 2022-12-05, the day of the pledge's previous step",
    ]);
  });

  it('refuses a release before the acceptance, and releases back-dated after it', async () => {
    expect(problems(await api(`/allocations/${first.id}/release`, { effective_on: '2022-12-04' }))).toEqual([
      'effective_on: must not be before 2022-12-05, the day the allocation was last accepted',
    ]);
    const released = await api(`/allocations/${first.id}/release`, { effective_on: '2022-12-07' });
    expect(released.statusCode).toBe(200);
    expect(released.json()).toMatchObject({ status: 'rejected', decided_on: '2022-12-07' });
    expect((await history(pledgeId)).at(-1)).toMatchObject({ action: 'release', effective_on: '2022-12-07' });
  });

  it("refuses an acceptance before the pledge's previous step, even when the allocation allows it", async () => {
    expect(problems(await api(`/allocations/${third.id}/accept`, { effective_on: '2022-12-06' }))).toEqual([
      "effective_on: must not be before 2022-12-07, the day of the pledge's previous step",
    ]);
  });

  it("decides on the data's day when no day is given", async () => {
    const rejected = await api(`/allocations/${second.id}/reject`);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decided_on: '2022-12-10' });
    const accepted = await api(`/allocations/${third.id}/accept`);
    expect(accepted.json()).toMatchObject({ status: 'accepted', decided_on: '2022-12-10' });
    expect((await history(pledgeId)).at(-1)).toMatchObject({
      action: 'allocate',
      effective_on: '2022-12-10',
    });
  });
});
