import SwaggerParser from '@apidevtools/swagger-parser';
import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/database.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../../../test/support/factories.js';
import { createAllocationService } from '../../../core/allocations/allocation.service.js';
import { type Actor, systemActor } from '../../../core/auth/actor.js';
import { createItemService } from '../../../core/items/item.service.js';
import { createNeedService } from '../../../core/needs/need.service.js';
import { createOrganisationService } from '../../../core/organisations/organisation.service.js';
import { createPlanService } from '../../../core/planning/plan.service.js';
import { type PlanJobs, startPlanJobs } from '../../../core/planning/plan-jobs.js';
import type { LocalPlanWorker } from '../../../core/planning/plan-runs.service.js';
import { createPledgeService } from '../../../core/pledges/pledge.service.js';
import { createPledgeTransitionService } from '../../../core/pledges/pledge-transition.service.js';
import { createRegionService } from '../../../core/regions/region.service.js';
import { newId } from '../../../core/shared/ids.js';
import { insertHubs, insertLeadTimes } from '../../../db/repositories/planning.repository.js';
import { readMps } from '../../../planning/model/mps.js';
import { solveSparseLp } from '../../../planning/solver/highs.js';
import { problemPlugin } from '../../plugins/problem.js';
import { installValidators } from '../../plugins/validation.js';
import { allocationsRoutes } from '../allocations/allocations.routes.js';
import { itemsRoutes } from '../items/items.routes.js';
import { needsRoutes } from '../needs/needs.routes.js';
import { organisationsRoutes } from '../organisations/organisations.routes.js';
import { pledgesRoutes } from '../pledges/pledges.routes.js';
import { regionsRoutes } from '../regions/regions.routes.js';
import { plansRoutes } from './plans.routes.js';

let database: TestDatabase;
let app: FastifyInstance;
let jobs: PlanJobs | undefined;

/**
 * The plan routes with the record routes the factories use, on the app's own problem and validation
 * plugins (as buildApp registers them), so these tests do not depend on the sign-in of issue 6.
 */
async function buildPlanApp(db: TestDatabase['db'], local: LocalPlanWorker): Promise<FastifyInstance> {
  const instance = Fastify({ ajv: { customOptions: { removeAdditional: false } } });
  installValidators(instance);
  await instance.register(problemPlugin);
  // What the sign-in plugin would give the operator's own tools: the system actor.
  await instance.register(swagger, {
    openapi: { openapi: '3.1.0', info: { title: 'plans', version: '0' }, servers: [{ url: '/' }] },
  });
  instance.get('/api/openapi.json', { schema: { hide: true } }, async () => instance.swagger());
  instance.decorateRequest('actor', null as unknown as Actor);
  instance.addHook('onRequest', async (request) => {
    request.actor = systemActor('test');
  });
  await instance.register(
    async (v1) => {
      organisationsRoutes(v1, createOrganisationService({ db }));
      regionsRoutes(v1, createRegionService({ db }));
      itemsRoutes(v1, createItemService({ db }));
      needsRoutes(v1, createNeedService({ db }));
      pledgesRoutes(v1, createPledgeService({ db }), createPledgeTransitionService({ db }));
      allocationsRoutes(v1, createAllocationService({ db }));
      plansRoutes(v1, createPlanService({ db, local }));
    },
    { prefix: '/api/v1' },
  );
  await instance.ready();
  return instance;
}
const world = {} as {
  donor: string;
  recipient: string;
  otherRecipient: string;
  region: string;
  item: string;
  critical: string;
  low: string;
  pledge: string;
};

const START = '2023-W01'; // Monday 2 January 2023

async function commitPledge(quantity: number, overrides: Record<string, unknown> = {}): Promise<string> {
  const pledge = await buildPledge(
    app,
    { donor_org_id: world.donor, item_id: world.item },
    { quantity, ...overrides },
  );
  const committed = await app.inject({
    method: 'POST',
    url: `/api/v1/pledges/${pledge.id}/commit`,
    payload: { quantity },
  });
  expect(committed.statusCode, committed.body).toBe(200);
  return pledge.id;
}

/** Starts a run and waits (polling GET) until it has ended. */
async function runPlan(body: Record<string, unknown> = {}) {
  const started = await app.inject({
    method: 'POST',
    url: '/api/v1/plans',
    payload: { start_week: START, ...body },
  });
  expect(started.statusCode, started.body).toBe(202);
  const { id } = started.json();
  expect(started.headers.location).toBe(`/api/v1/plans/${id}`);
  for (let i = 0; i < 600; i++) {
    const run = (await app.inject({ method: 'GET', url: `/api/v1/plans/${id}` })).json();
    if (['succeeded', 'failed', 'cancelled', 'interrupted'].includes(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`plan run ${id} did not end`);
}

const get = async (url: string) => {
  const response = await app.inject({ method: 'GET', url: `/api/v1${url}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

beforeAll(async () => {
  database = await createTestDatabase();
  jobs = await startPlanJobs({ db: database.db, url: database.url, workers: 0 });
  app = await buildPlanApp(database.db, jobs.local);
  world.donor = (await buildOrganisation(app, { kind: 'state', country_code: 'DE' })).id;
  world.recipient = (await buildOrganisation(app, { kind: 'ministry', country_code: 'UA' })).id;
  world.otherRecipient = (await buildOrganisation(app, { kind: 'recipient_agency', country_code: 'UA' })).id;
  world.region = (await buildRegion(app)).id;
  world.item = (await buildItem(app, { code: `SHELL-${Date.now()}` })).id;
  const hub = newId();
  await insertHubs(database.db, [
    {
      id: hub,
      code: 'RZE',
      name: 'Rzeszów',
      country_code: 'PL',
      is_default: true,
      created_by: 'test',
      updated_by: 'test',
    },
  ]);
  await insertLeadTimes(database.db, [
    { hub_id: hub, region_id: world.region, weeks: 1, created_by: 'test', updated_by: 'test' },
  ]);
  const refs = { region_id: world.region, item_id: world.item };
  world.critical = (
    await buildNeed(
      app,
      { ...refs, recipient_org_id: world.recipient },
      { quantity: 100, priority: 'critical', needed_by: '2023-01-20' },
    )
  ).id;
  world.low = (
    await buildNeed(
      app,
      { ...refs, recipient_org_id: world.otherRecipient },
      { quantity: 50, priority: 'low', needed_by: '2023-02-10' },
    )
  ).id;
  world.pledge = await commitPledge(120);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await jobs?.stop();
  await database?.drop();
});

/** Every property of every schema reachable from `schema` that has no description (as openapi.routes.test.ts). */
function undocumented(schema: unknown, path: string, found: string[]): string[] {
  if (schema === null || typeof schema !== 'object') return found;
  const node = schema as Record<string, unknown>;
  const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    const branches = (property.anyOf as Record<string, unknown>[] | undefined) ?? [];
    if (!(property.description ?? branches.find((b) => b.description)?.description))
      found.push(`${path}.${name}`);
    undocumented(property, `${path}.${name}`, found);
  }
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf']) {
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) undocumented(c, path, found);
    else if (child) undocumented(child, path, found);
  }
  return found;
}

describe('the plan routes in OpenAPI', () => {
  it('are valid OpenAPI 3.1 with every field of every body described', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
    const missing: string[] = [];
    const paths = Object.entries(document.paths as Record<string, Record<string, Record<string, unknown>>>);
    expect(paths.filter(([path]) => path.startsWith('/api/v1/plans'))).toHaveLength(10);
    for (const [path, item] of paths.filter(([p]) => p.startsWith('/api/v1/plans'))) {
      for (const [method, operation] of Object.entries(item)) {
        const body = (operation.requestBody as { content: Record<string, { schema: unknown }> } | undefined)
          ?.content['application/json']?.schema;
        undocumented(body, `${method} ${path} body`, missing);
        for (const [status, response] of Object.entries(operation.responses as Record<string, unknown>)) {
          const content = (response as { content?: Record<string, { schema: unknown }> }).content ?? {};
          for (const media of Object.values(content))
            undocumented(media.schema, `${method} ${path} ${status}`, missing);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('plan runs over the API', () => {
  let first: { id: string; summary: { objective: number } };
  let whatIf: { id: string };

  it('refuses bad input with problem documents', async () => {
    for (const payload of [
      { method: 'simplex' },
      { horizon: 0 },
      { horizon: 105 },
      { lateness: -1 },
      { start_week: '2023-W60' },
      { surprise: true },
      { scenario: { extra_supply: [{ item: 'X', quantity: -1 }] } },
    ]) {
      const response = await app.inject({ method: 'POST', url: '/api/v1/plans', payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const weights = await app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      payload: { weights: { unmet: 10, late: 10, cost: 1 } },
    });
    expect(weights.statusCode).toBe(422);
    expect(weights.json().errors[0].field).toBe('weights');
    const unknownItem = await app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      payload: { scenario: { extra_supply: [{ item: 'NO-SUCH-ITEM', quantity: 5 }] } },
    });
    expect(unknownItem.statusCode).toBe(422);
    expect(unknownItem.json().errors).toEqual([
      { field: 'scenario/extra_supply/0/item', message: 'no item with that id or code' },
    ]);
    expect((await get('/plans')).items).toEqual([]);
    const unknown = await app.inject({ method: 'GET', url: `/api/v1/plans/${newId()}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('not_found');
    const badId = await app.inject({ method: 'GET', url: '/api/v1/plans/not-a-uuid' });
    expect(badId.statusCode).toBe(400);
  });

  it('plans the higher priority first and reports the weighted objective', async () => {
    first = await runPlan();
    expect(first).toMatchObject({
      status: 'succeeded',
      method: 'auto',
      start_week: START,
      horizon: 26,
      lateness: 4,
      progress: 1,
      error: null,
      accepted_at: null,
    });
    // 100 to the critical need and 20 to the low one, 1 week each (cost 1 per unit); 30 unmet, each
    // priced (model v2) as a delivery one week after the latest possible: p × (1000 + 10 × (29 + 1 − 5))
    // + the largest transport cost 1 = 1251.
    expect(first.summary).toEqual({
      objective: 37_650,
      unmet_weighted: 30,
      unmet_quantity: 30,
      late_weighted: 0,
      lots: 1,
      needs: 2,
      arcs: 2,
      allocations: 2,
    });
    expect(Object.keys((first as unknown as { timings: object }).timings)).toEqual(
      expect.arrayContaining(['snapshot_ms', 'build_ms', 'solve_ms', 'store_ms', 'total_ms']),
    );
    const list = await get('/plans');
    expect(list.items.map((r: { id: string }) => r.id)).toContain(first.id);
  });

  it('explains each need, where each lot goes and what more supply is worth', async () => {
    const needs = await get(`/plans/${first.id}/needs`);
    const critical = needs.items.find((n: { need_id: string }) => n.need_id === world.critical);
    const low = needs.items.find((n: { need_id: string }) => n.need_id === world.low);
    expect(critical).toMatchObject({
      quantity: 100,
      allocated: 100,
      unmet: 0,
      reason: null,
      due: '2023-W03',
    });
    expect(critical.explanation.serving).toEqual([
      {
        lot_id: world.pledge,
        lot_kind: 'pledge',
        quantity: 100,
        arrival_week: 1,
        arrival: '2023-W02',
        lateness: 0,
      },
    ]);
    expect(low).toMatchObject({ allocated: 20, unmet: 30, reason: 'taken_by_higher_priority' });
    expect(low.explanation.taken_by).toEqual([world.critical]);
    // Beside the keys, their names, for a screen that tells the explanation in its own language.
    expect(low.explanation.taken_by_names).toEqual([
      expect.stringMatching(/^N-\d{6} \(\S+ in \S+ by \d{4}-\d{2}-\d{2}\)$/),
    ]);
    // One more unit in the pledge would serve the low need: 1251 of unmet saved, 1 of transport spent.
    expect(low.binding_dual).toBe(1250);
    expect(low.explanation.text).toContain('used up by needs of higher or equal priority');
    // Read in names: the pledge by donor, item and day, the need that took it by its reference.
    expect(low.explanation.text).toMatch(
      / by needs of higher or equal priority \(N-\d{6} \(\S+ in \S+ by \d{4}-\d{2}-\d{2}\)\)/,
    );
    expect(low.explanation.text).toMatch(/ from .+’s pledge of \S+ of \d{4}-\d{2}-\d{2} arriving /);
    expect(low.explanation.text).not.toContain(world.critical);
    expect(low.explanation.text).not.toContain(world.pledge);
    const filtered = await get(`/plans/${first.id}/needs?reason=taken_by_higher_priority`);
    expect(filtered.items.map((n: { need_id: string }) => n.need_id)).toEqual([world.low]);
    const paged = await get(`/plans/${first.id}/needs?limit=1`);
    expect(paged.items).toHaveLength(1);
    const rest = await get(`/plans/${first.id}/needs?limit=1&cursor=${paged.next_cursor}`);
    expect(rest.items).toHaveLength(1);
    expect(rest.next_cursor).toBeNull();

    const lots = await get(`/plans/${first.id}/lots`);
    expect(lots.items).toEqual([
      expect.objectContaining({ lot_id: world.pledge, hub: 'RZE', quantity: 120, used: 120, dual: 1250 }),
    ]);
    expect(lots.items[0].destinations).toHaveLength(2);
    const items = await get(`/plans/${first.id}/items`);
    expect(items.items).toEqual([
      expect.objectContaining({ item_id: world.item, shadow_price: 1250, unmet: 30, critical_unmet: 0 }),
    ]);
    // What donors should send next, in the item's unit: 30 low-priority units short at the price list's 85,000 EUR.
    expect(items.items[0].by_priority).toEqual([
      { priority: 'low', unmet: 30, late: 0, late_weeks: 0, unmet_value_eur: 2_550_000 },
    ]);
    expect(items.items[0].one_more_lot[0]).toMatchObject({
      week: 0,
      arrival: START,
      served: [{ priority: 'low' }],
    });
    const allocations = await get(`/plans/${first.id}/allocations`);
    expect(allocations.items.map((a: { quantity: number }) => a.quantity).sort()).toEqual([100, 20]);
  });

  it('runs a what-if scenario without touching live data, and compares it with the baseline', async () => {
    whatIf = await runPlan({
      scenario: { name: 'more shells', extra_supply: [{ item: world.item, quantity: 30 }] },
    });
    expect(whatIf).toMatchObject({ status: 'succeeded', summary: { unmet_quantity: 0 } });
    const comparison = await get(`/plans/${first.id}/compare/${whatIf.id}`);
    expect(comparison.needs).toEqual([
      expect.objectContaining({ need_id: world.low, allocated_a: 20, allocated_b: 50, change: 30 }),
    ]);
    expect(comparison.by_recipient).toEqual([
      expect.objectContaining({ key: world.otherRecipient, gained: 30, lost: 0 }),
    ]);
    expect(comparison.objective_change).toBe(150 - 37_650);
    const refused = await app.inject({ method: 'POST', url: `/api/v1/plans/${whatIf.id}/accept` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('plan_is_what_if');
  });

  it('accepts a run once, creating accepted allocations', async () => {
    const accepted = await app.inject({ method: 'POST', url: `/api/v1/plans/${first.id}/accept` });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toMatchObject({
      allocations_created: 2,
      quantity: 120,
      skipped_forecast_quantity: 0,
    });
    expect(accepted.json().run.accepted_at).not.toBeNull();
    // Who accepted, as people read it: these tests act as the system actor 'test'.
    expect(accepted.json().run).toMatchObject({ accepted_by: 'test', accepted_by_name: 'aidgrid test' });
    expect((await get(`/plans/${first.id}`)).accepted_by_name).toBe(accepted.json().run.accepted_by_name);
    const need = await get(`/needs/${world.critical}`);
    expect(need.stages.allocated).toBe(100);
    const allocations = await get(`/allocations?pledge_id=${world.pledge}`);
    expect(
      allocations.items.map((a: { status: string; proposed_by: string; week: string }) => [
        a.status,
        a.proposed_by,
        a.week,
      ]),
    ).toEqual([
      ['accepted', 'planner', '2023-W02'],
      ['accepted', 'planner', '2023-W02'],
    ]);
    const again = await app.inject({ method: 'POST', url: `/api/v1/plans/${first.id}/accept` });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('plan_already_accepted');
  });

  it('refuses a stale run, naming what changed', async () => {
    const pledge = await commitPledge(10);
    const run = await runPlan();
    expect(run.summary).toMatchObject({ lots: 1, needs: 1, allocations: 1 });
    // In between, someone accepts 5 of that pledge by hand.
    await post(app, '/allocations', {
      pledge_id: pledge,
      need_id: world.low,
      quantity: 5,
      week: '2023-W02',
      accept: true,
    });
    const stale = await app.inject({ method: 'POST', url: `/api/v1/plans/${run.id}/accept` });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('plan_stale');
    // Named as people know it: the donor and the item, not the pledge id.
    const donor = (await get(`/organisations/${world.donor}`)).name;
    const item = await get(`/items/${world.item}`);
    expect(stale.json().detail).toContain(
      `the pledge of ${donor} of ${item.code} (${item.name}) has 5 free now, the plan allocates 10`,
    );
    expect(stale.json().detail).not.toContain(pledge);
    expect((await get(`/needs/${world.low}`)).stages.allocated).toBe(25);
  });

  it('refuses results, acceptance and cancellation at the wrong time', async () => {
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/plans',
      payload: { start_week: START },
    });
    const { id } = started.json();
    const cancelled = await app.inject({ method: 'POST', url: `/api/v1/plans/${id}/cancel` });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().status).toBe('cancelled');
    const results = await app.inject({ method: 'GET', url: `/api/v1/plans/${id}/needs` });
    expect(results.statusCode).toBe(409);
    expect(results.json().code).toBe('plan_not_finished');
    const accept = await app.inject({ method: 'POST', url: `/api/v1/plans/${id}/accept` });
    expect(accept.json().code).toBe('plan_not_finished');
    const twice = await app.inject({ method: 'POST', url: `/api/v1/plans/${id}/cancel` });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('plan_finished');
    const unknown = await app.inject({ method: 'POST', url: `/api/v1/plans/${newId()}/accept` });
    expect(unknown.statusCode).toBe(404);
  });

  it('exports the current model as LP and MPS; the MPS solves to the run’s optimum', async () => {
    const lp = await app.inject({ method: 'GET', url: `/api/v1/plans/export?format=lp&start_week=${START}` });
    expect(lp.statusCode).toBe(200);
    expect(lp.headers['content-type']).toContain('text/plain');
    expect(lp.body).toContain('Minimize');
    const mps = await app.inject({
      method: 'GET',
      url: `/api/v1/plans/export?format=mps&start_week=${START}`,
    });
    expect(mps.headers['content-disposition']).toBe(`attachment; filename="aidgrid-${START}.mps"`);
    const run = await runPlan();
    const solved = await solveSparseLp(readMps(mps.body));
    expect(solved.status).toBe('optimal');
    expect(solved.objective).toBeCloseTo(run.summary.objective, 6);
    const first = await get('/plans?limit=2');
    const second = await get(`/plans?limit=2&cursor=${first.next_cursor}`);
    expect(first.items[0].id).toBe(run.id);
    const ids = [...first.items, ...second.items].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(4);
    expect([...ids].sort().reverse()).toEqual(ids);
    const bad = await app.inject({ method: 'GET', url: '/api/v1/plans/export?format=xml' });
    expect(bad.statusCode).toBe(400);
  });
});
