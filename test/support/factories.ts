import type { FastifyInstance } from 'fastify';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase();

/** Creates a record through the API and returns its JSON; fails loudly if the API refuses it. */
export async function post<T = Record<string, unknown>>(
  app: FastifyInstance,
  path: string,
  body: Record<string, unknown>,
): Promise<T & { id: string; version: number }> {
  const response = await app.inject({ method: 'POST', url: `/api/v1${path}`, payload: body });
  if (response.statusCode !== 201) {
    throw new Error(`POST ${path} answered ${response.statusCode}: ${response.body}`);
  }
  return response.json();
}

export function buildOrganisation(app: FastifyInstance, overrides: Record<string, unknown> = {}) {
  return post(app, '/organisations', {
    name: `Organisation ${unique()}`,
    kind: 'state',
    country_code: 'DE',
    ...overrides,
  });
}

export function buildRegion(app: FastifyInstance, overrides: Record<string, unknown> = {}) {
  const code = `UA-${unique().slice(-3)}`;
  return post(app, '/regions', { code, name: `Region ${code}`, population: 1_000_000, ...overrides });
}

export function buildItem(app: FastifyInstance, overrides: Record<string, unknown> = {}) {
  return post(app, '/items', {
    code: `ITEM-${unique()}`,
    name: 'Generator 220 kVA',
    category: 'energy/generator',
    unit: 'unit',
    reference_price: { amount: '85000.00', currency: 'EUR' },
    ...overrides,
  });
}

export async function buildNeed(
  app: FastifyInstance,
  refs: { recipient_org_id: string; region_id: string; item_id: string },
  overrides: Record<string, unknown> = {},
) {
  return post(app, '/needs', {
    ...refs,
    quantity: 100,
    priority: 'high',
    needed_by: '2022-12-15',
    ...overrides,
  });
}

export async function buildPledge(
  app: FastifyInstance,
  refs: { donor_org_id: string; item_id: string; need_id?: string },
  overrides: Record<string, unknown> = {},
) {
  return post(app, '/pledges', { ...refs, quantity: 10, announced_on: '2022-11-29', ...overrides });
}

/** A proposed allocation of a pledge to a need (accepted too with `{ accept: true }`). */
export async function buildAllocation(
  app: FastifyInstance,
  refs: { pledge_id: string; need_id: string },
  overrides: Record<string, unknown> = {},
) {
  return post(app, '/allocations', { ...refs, quantity: 1, week: '2022-W50', ...overrides });
}
