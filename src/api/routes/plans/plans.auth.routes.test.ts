import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
} from '../../../../test/support/factories.js';
import { newId } from '../../../core/shared/ids.js';
import { insertHubs, insertLeadTimes } from '../../../db/repositories/planning.repository.js';

/**
 * The plan routes in the whole application: sign-in, the permission table and row-level security
 * apply, and a run started by a coordinator's request works in the background as that coordinator.
 */
let t: TestApp;
let need: string;

beforeAll(async () => {
  t = await createTestApp({ planWorker: true });
  const donor = (await buildOrganisation(t.app, { kind: 'state', country_code: 'DE' })).id;
  const recipient = (await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' })).id;
  const region = (await buildRegion(t.app)).id;
  const item = (await buildItem(t.app)).id;
  const hub = newId();
  await insertHubs(t.database.db, [
    { id: hub, code: 'RZE', name: 'Rzeszów', country_code: 'PL', created_by: 'test', updated_by: 'test' },
  ]);
  await insertLeadTimes(t.database.db, [
    { hub_id: hub, region_id: region, weeks: 1, created_by: 'test', updated_by: 'test' },
  ]);
  need = (
    await buildNeed(
      t.app,
      { recipient_org_id: recipient, region_id: region, item_id: item },
      { quantity: 40, priority: 'critical', needed_by: '2023-01-20' },
    )
  ).id;
  const pledge = await buildPledge(t.app, { donor_org_id: donor, item_id: item }, { quantity: 30 });
  const committed = await t.app.inject({
    method: 'POST',
    url: `/api/v1/pledges/${pledge.id}/commit`,
    payload: { quantity: 30 },
  });
  expect(committed.statusCode, committed.body).toBe(200);
}, 120_000);
afterAll(async () => t?.close());

describe('plans in the whole application', () => {
  it('lets a coordinator run, read and accept a plan', async () => {
    const started = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      payload: { start_week: '2023-W01' },
    });
    expect(started.statusCode, started.body).toBe(202);
    const { id } = started.json();
    let run = started.json();
    for (
      let i = 0;
      i < 600 && !['succeeded', 'failed', 'cancelled', 'interrupted'].includes(run.status);
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      run = (await t.app.inject({ method: 'GET', url: `/api/v1/plans/${id}` })).json();
    }
    expect(run.status, run.error).toBe('succeeded');
    expect(run.summary).toMatchObject({ needs: 1, lots: 1, unmet_quantity: 10 });
    expect(run.created_by).toBe(t.actorId);
    const needs = (await t.app.inject({ method: 'GET', url: `/api/v1/plans/${id}/needs` })).json();
    expect(needs.items).toEqual([
      expect.objectContaining({
        need_id: need,
        allocated: 30,
        unmet: 10,
        reason: 'taken_by_higher_priority',
      }),
    ]);
    const accepted = await t.app.inject({ method: 'POST', url: `/api/v1/plans/${id}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ allocations_created: 1, quantity: 30 });
  });

  it('refuses other roles and anonymous callers', async () => {
    const donor = await t.tokenFor({ role: 'donor' });
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      payload: {},
      headers: { authorization: donor },
    });
    expect(forbidden.statusCode).toBe(403);
    const anonymous = await t.injectAnonymous({ method: 'GET', url: '/api/v1/plans' });
    expect(anonymous.statusCode).toBe(401);
  });
});
