import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
} from '../../../../test/support/factories.js';
import { createAuditService } from '../../../core/audit/audit.service.js';

/**
 * Issue 13, hole 1: a plan run is derived from every row it read. A coordinator with restricted
 * clearance plans over a restricted need and pledge of other organisations; the run is classified
 * restricted, and nobody who may not see those rows reads the run or its results — not another
 * organisation's coordinator or admin with coalition clearance, not a colleague of the starter's
 * own organisation with coalition clearance. Accepted allocations keep the restricted level.
 */
let t: TestApp;
const world = {} as { need: string; pledge: string; run: string; other: string };

const RESULT_PATHS = ['', '/needs', '/lots', '/allocations', '/items'];

async function waitForRun(id: string) {
  for (let i = 0; i < 1000; i++) {
    const run = (await t.app.inject({ method: 'GET', url: `/api/v1/plans/${id}` })).json();
    if (['succeeded', 'failed', 'cancelled', 'interrupted'].includes(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`plan run ${id} did not end`);
}

beforeAll(async () => {
  t = await createTestApp({ planWorker: true });
  const donor = (await buildOrganisation(t.app, { kind: 'state', country_code: 'DE' })).id;
  const recipient = (await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' })).id;
  world.other = (await buildOrganisation(t.app, { kind: 'state', country_code: 'FR' })).id;
  const region = (await buildRegion(t.app)).id;
  const item = (await buildItem(t.app)).id;
  world.need = (
    await buildNeed(
      t.app,
      { recipient_org_id: recipient, region_id: region, item_id: item },
      { quantity: 40, priority: 'critical', needed_by: '2023-01-20', classification: 'restricted' },
    )
  ).id;
  const pledge = await buildPledge(
    t.app,
    { donor_org_id: donor, item_id: item },
    { quantity: 30, classification: 'restricted' },
  );
  world.pledge = pledge.id;
  const committed = await t.app.inject({
    method: 'POST',
    url: `/api/v1/pledges/${pledge.id}/commit`,
    payload: { quantity: 30 },
  });
  expect(committed.statusCode, committed.body).toBe(200);
  const started = await t.app.inject({
    method: 'POST',
    url: '/api/v1/plans',
    payload: { start_week: '2023-W01' },
  });
  expect(started.statusCode, started.body).toBe(202);
  world.run = started.json().id;
  const run = await waitForRun(world.run);
  expect(run.status, run.error).toBe('succeeded');
}, 120_000);
afterAll(async () => t?.close());

describe('a plan run over restricted rows', () => {
  it('is classified restricted, and its starter reads it and its results', async () => {
    const run = (await t.app.inject({ method: 'GET', url: `/api/v1/plans/${world.run}` })).json();
    expect(run.classification).toBe('restricted');
    const needs = (await t.app.inject({ method: 'GET', url: `/api/v1/plans/${world.run}/needs` })).json();
    expect(needs.items.map((n: { need_id: string }) => n.need_id)).toEqual([world.need]);
  });

  it.each([
    ['a coordinator of another organisation', { role: 'coordinator', other: true }],
    ['an admin of another organisation', { role: 'admin', other: true }],
    ["a coordinator of the starter's own organisation", { role: 'coordinator', other: false }],
  ] as const)('is not shown to %s with coalition clearance', async (_who, spec) => {
    const authorization = await t.tokenFor({
      role: spec.role,
      clearance: 'coalition',
      ...(spec.other ? { orgId: world.other } : {}),
    });
    const need = await t.app.inject({
      method: 'GET',
      url: `/api/v1/needs/${world.need}`,
      headers: { authorization },
    });
    expect(need.statusCode).toBe(404);
    for (const path of RESULT_PATHS) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/plans/${world.run}${path}`,
        headers: { authorization },
      });
      expect(response.statusCode, `${path}: ${response.body}`).toBe(404);
      expect(response.body).not.toContain(world.need);
      expect(response.body).not.toContain(world.pledge);
    }
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/plans', headers: { authorization } });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { id: string }) => r.id)).not.toContain(world.run);
    const accept = await t.app.inject({
      method: 'POST',
      url: `/api/v1/plans/${world.run}/accept`,
      headers: { authorization },
    });
    // An admin may not accept plans at all (403); the others may not see this one (404).
    expect(accept.statusCode).toBe(spec.role === 'admin' ? 403 : 404);
  });

  it('is shown to a coordinator of another organisation with restricted clearance', async () => {
    const authorization = await t.tokenFor({
      role: 'coordinator',
      clearance: 'restricted',
      orgId: world.other,
    });
    const needs = await t.app.inject({
      method: 'GET',
      url: `/api/v1/plans/${world.run}/needs`,
      headers: { authorization },
    });
    expect(needs.statusCode, needs.body).toBe(200);
    expect(needs.json().items).toHaveLength(1);
  });

  it('is accepted into allocations classified restricted, with the audit chain intact', async () => {
    const accepted = await t.app.inject({ method: 'POST', url: `/api/v1/plans/${world.run}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({ allocations_created: 1, quantity: 30 });
    const allocations = (
      await t.app.inject({ method: 'GET', url: `/api/v1/allocations?pledge_id=${world.pledge}` })
    ).json();
    expect(allocations.items).toEqual([
      expect.objectContaining({
        need_id: world.need,
        status: 'accepted',
        classification: 'restricted',
        quantity: 30,
      }),
    ]);
    const authorization = await t.tokenFor({
      role: 'coordinator',
      clearance: 'coalition',
      orgId: world.other,
    });
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/v1/allocations/${allocations.items[0].id}`,
      headers: { authorization },
    });
    expect(hidden.statusCode).toBe(404);
    const pledge = (await t.app.inject({ method: 'GET', url: `/api/v1/pledges/${world.pledge}` })).json();
    expect(pledge.status).toBe('allocated');
    const verification = await createAuditService({ db: t.database.db }).verify();
    expect(verification).toMatchObject({ ok: true });
    // Written in bulk: a created allocation has no before (SQL NULL, not JSON null) and its after is the record.
    const entry = await sql<{ no_before: boolean; after: { id: string; quantity: number } }>`
      SELECT before IS NULL AS no_before, after FROM audit_entry
       WHERE entity_type = 'allocation' AND entity_id = ${allocations.items[0].id}`.execute(t.database.db);
    expect(entry.rows).toEqual([
      { no_before: true, after: expect.objectContaining({ id: allocations.items[0].id, quantity: 30 }) },
    ]);
  });
});
