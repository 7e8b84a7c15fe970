import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
  post,
} from '../../test/support/factories.js';
import { buildAllocation } from '../../test/support/lifecycle-factories.js';
import { ROLES, type Role } from '../core/auth/actor.js';
import { PERMISSIONS, type Permission, roleAllowed } from './permissions.js';

/*
 * The route × role × organisation matrix, generated from the OpenAPI document: every operation is
 * called without credentials and with a token of every role (acting for its own organisation, on
 * records of its own organisation), and must answer 401, 403 or neither exactly as
 * src/api/permissions.ts says. Bodies are `{}`: the role is decided before the body is read, so an
 * allowed caller may get 400 or 422, never 401 or 403. Then a donor looks for another donor's
 * restricted pledge and need everywhere they could show: by id, in lists and their filters,
 * reports, exports and transitions.
 */

/** The one API route the document leaves out: the document itself. */
const UNDOCUMENTED = ['GET /api/openapi.json'];
/** Path ids of records the world does not build; a made-up id still shows who may call the route. */
const MADE_UP_IDS = new Set([
  'duplicates',
  'tokens',
  'users',
  'plans',
  'webhooks',
  'imports',
  // Grid repair (docs/grid-repair.md): its records have tests of their own.
  'assets',
  'repair-projects',
  'money-pledges',
  'fund-allocations',
]);

interface Operation {
  /** The table key, `POST /api/v1/pledges/:id/commit`. */
  readonly key: string;
  readonly method: string;
  /** The OpenAPI path, `/api/v1/pledges/{id}/commit`. */
  readonly path: string;
}

interface World {
  /** The organisation each role's token acts for. */
  readonly orgs: Record<Role, string>;
  /** A record of each kind, by the path segment that names the kind ('pledges'). */
  readonly ids: Record<string, string>;
  /** Records a role acts on as their party, where it differs from `ids` (each one's own source). */
  readonly own: Partial<Record<Role, Record<string, string>>>;
}

let t: TestApp;
let operations: Operation[];
let world: World;
const tokens = new Map<Role, string>();

async function buildMatrixWorld(): Promise<World> {
  const donor = (await buildOrganisation(t.app, { name: 'Donor A', kind: 'state', country_code: 'DE' })).id;
  const recipient = (
    await buildOrganisation(t.app, { name: 'Recipient R', kind: 'ministry', country_code: 'UA' })
  ).id;
  const manufacturer = (
    await buildOrganisation(t.app, { name: 'Maker M', kind: 'manufacturer', country_code: 'US' })
  ).id;
  const orgs: Record<Role, string> = {
    admin: t.orgId,
    coordinator: t.orgId,
    analyst: t.orgId,
    donor,
    recipient,
    manufacturer,
  };
  const region = (await buildRegion(t.app)).id;
  const item = (await buildItem(t.app)).id;
  const lifecycle = { donor_org_id: donor, recipient_org_id: recipient, region_id: region, item_id: item };
  const accepted = await buildAllocation(t, lifecycle, { status: 'accepted', quantity: 10 });
  const proposed = await buildAllocation(t, lifecycle, { status: 'proposed', quantity: 5 });
  const shipment = await post(t.app, '/shipments', {
    reference: 'CMR-MATRIX',
    origin_hub: 'Rzeszów',
    destination_region_id: region,
    owner_org_id: donor,
    lines: [{ allocation_id: accepted.allocation_id, quantity: 1 }],
  });
  const event = await post(t.app, '/events', {
    name: 'Matrix ministerial',
    kind: 'ministerial',
    starts_on: '2022-11-29',
    ends_on: '2022-11-29',
    organiser_org_id: t.orgId,
  });
  const incident = await post(t.app, '/incidents', {
    occurred_at: '2022-11-01T06:30:00Z',
    kind: 'missile_strike',
    title: 'Strike on heat',
    owner_org_id: recipient,
    impacts: [{ region_id: region, service: 'heat', people_affected: 1_000, restoration_expected_on: null }],
    damage: [],
  });
  const rule = await post(t.app, '/need-rules', {
    code: 'MATRIX-GEN',
    trigger: 'service_outage',
    service: 'heat',
    min_outage_days: 3,
    people_per_unit: 10_000,
    item_id: item,
    quantity_per_unit: 1,
    priority: 'high',
    lead_days: 7,
  });
  const line = await post(t.app, '/production-lines', {
    name: 'Line M',
    manufacturer: 'Maker M',
    manufacturer_org_id: manufacturer,
    country_code: 'US',
    item_id: item,
    capacity_schedule: [{ from: '2023-01', per_month: 100 }],
    lead_time_months: 1,
    coalition_share: 1,
  });
  const material = await post(t.app, '/materials', {
    code: 'MAT-MATRIX',
    name: 'Steel',
    unit: 'kg',
    suppliers: [{ name: 'Mill', plant: null, country_code: 'US', share: 1 }],
    owner_org_id: manufacturer,
  });
  const input = await post(t.app, '/inputs', {
    item_id: item,
    material_id: material.id,
    quantity_per_unit: 2,
    owner_org_id: manufacturer,
  });
  const profile = await post(t.app, '/consumption-profiles', {
    item_id: item,
    region_id: region,
    rate_schedule: [{ from: '2023-01-01', per_day: 1 }],
    stock_on_hand: 100,
    stock_as_of: '2023-01-01',
    owner_org_id: recipient,
  });
  const sourceOf = async (owner: string) =>
    (
      await post(t.app, '/sources', {
        title: 'Report',
        publisher: 'Ministry',
        kind: 'primary',
        owner_org_id: owner,
      })
    ).id;
  return {
    orgs,
    ids: {
      organisations: recipient,
      regions: region,
      items: item,
      events: event.id,
      needs: accepted.need_id,
      pledges: accepted.pledge_id,
      allocations: proposed.allocation_id,
      shipments: shipment.id,
      incidents: incident.id,
      'need-rules': rule.id,
      'production-lines': line.id,
      materials: material.id,
      inputs: input.id,
      'consumption-profiles': profile.id,
      sources: await sourceOf(t.orgId),
    },
    own: {
      recipient: { sources: await sourceOf(recipient) },
      donor: { sources: await sourceOf(donor) },
      manufacturer: { sources: await sourceOf(manufacturer) },
    },
  };
}

/** The operation's path with every parameter filled from the world, as `who` would call it. */
function urlOf(operation: Operation, who: Role | 'anonymous'): string {
  const kind = operation.path.split('/')[3] ?? '';
  return operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    switch (name) {
      case 'id': {
        const id = (who === 'anonymous' ? undefined : world.own[who]?.[kind]) ?? world.ids[kind];
        if (id) return id;
        if (MADE_UP_IDS.has(kind)) return randomUUID();
        throw new Error(`${operation.key}: no record of kind ${kind} in the matrix world`);
      }
      case 'region_id':
        return world.ids.regions ?? '';
      case 'entity_type':
        return 'pledge';
      case 'entity_id':
        return world.ids.pledges ?? '';
      case 'currency':
        return 'USD';
      case 'date':
        return '2022-11-29';
      case 'release':
        return 'latest';
      case 'country_code':
        return 'DE';
      case 'carrier':
        return 'oil';
      case 'file':
        return 'datapackage.json';
      case 'name':
        return 'matrix-mapping';
      case 'line_id':
      case 'otherId':
      case 'delivery_id':
        return randomUUID();
      default:
        throw new Error(`${operation.key}: map the path parameter ${name} to a record of the matrix world`);
    }
  });
}

function call(operation: Operation, who: Role | 'anonymous'): Promise<LightMyRequestResponse> {
  const request: InjectOptions = {
    method: operation.method as InjectOptions['method'],
    url: urlOf(operation, who),
    ...(['POST', 'PUT', 'PATCH'].includes(operation.method) ? { payload: {} } : {}),
  };
  if (who === 'anonymous') return t.injectAnonymous(request);
  return t.app.inject({ ...request, headers: { authorization: tokens.get(who) } });
}

/** What the table promises `who`: 401, 403, or 'allowed' (anything but 401 and 403). */
function promised(permission: Permission, who: Role | 'anonymous'): 401 | 403 | 'allowed' {
  if (permission === 'public') return 'allowed';
  if (who === 'anonymous' || permission === 'session') return 401;
  return roleAllowed(permission, who) ? 'allowed' : 403;
}

/** Every operation whose answer to `who` differs from the table's promise, one line each. */
async function mismatches(who: Role | 'anonymous'): Promise<string[]> {
  const found: string[] = [];
  for (const operation of operations) {
    const permission = PERMISSIONS[operation.key];
    if (permission === undefined) continue; // reported by the coverage test
    const expected = promised(permission, who);
    const response = await call(operation, who);
    const status = response.statusCode;
    const code = status === 401 || status === 403 ? response.json().code : undefined;
    const ok =
      expected === 'allowed'
        ? status !== 401 && status !== 403
        : status === expected && code === (expected === 401 ? 'unauthenticated' : 'forbidden');
    if (!ok)
      found.push(
        `${operation.key} as ${who}: expected ${expected}, got ${status} ${response.body.slice(0, 160)}`,
      );
  }
  return found;
}

beforeAll(async () => {
  t = await createTestApp();
  const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
    paths: Record<string, Record<string, unknown>>;
  };
  operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => ({
        key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        method: method.toUpperCase(),
        path,
      })),
  );
  world = await buildMatrixWorld();
  for (const role of ROLES) tokens.set(role, await t.tokenFor({ role, orgId: world.orgs[role] }));
}, 180_000);
afterAll(async () => t?.close());

describe('the permission table and the OpenAPI document', () => {
  it('name the same routes: every operation has an entry and every entry an operation', () => {
    const documented = new Set(operations.map((operation) => operation.key));
    expect(operations.length).toBeGreaterThan(100);
    expect(operations.map((operation) => operation.key).filter((key) => !(key in PERMISSIONS))).toEqual([]);
    expect(
      Object.keys(PERMISSIONS).filter((key) => !documented.has(key) && !UNDOCUMENTED.includes(key)),
    ).toEqual([]);
  });
});

describe('every operation', () => {
  it('answers 401 without credentials unless it is public', async () => {
    expect(await mismatches('anonymous')).toEqual([]);
  }, 120_000);

  for (const role of ROLES) {
    it(`answers 403 to a ${role} unless the table lets a ${role} in, and neither 401 nor 403 when it does`, async () => {
      expect(await mismatches(role)).toEqual([]);
    }, 120_000);
  }
});

describe('another organisation’s restricted records', () => {
  let foreign: {
    donor: string;
    recipient: string;
    item: string;
    region: string;
    event: string;
    need: string;
    pledge: string;
    allocation: string;
    shipment: string;
  };
  let donorA: string;
  /** What donor A saw of lists, reports and exports before donor B's restricted records existed. */
  let before: Record<string, unknown>;

  beforeAll(async () => {
    const donor = (await buildOrganisation(t.app, { name: 'Donor B', kind: 'state', country_code: 'FR' })).id;
    const recipient = (
      await buildOrganisation(t.app, { name: 'Recipient R2', kind: 'ministry', country_code: 'UA' })
    ).id;
    const item = (
      await buildItem(t.app, { name: 'Restricted interceptor', category: 'military/air-defence' })
    ).id;
    const region = (await buildRegion(t.app)).id;
    // Catalogue entries are public: they exist before the look, only the restricted records after it.
    donorA = tokens.get('donor') ?? '';
    before = await viewsOf(donorA);
    const event = (
      await post(t.app, '/events', {
        name: 'Closed-door meeting',
        kind: 'ministerial',
        starts_on: '2022-12-01',
        ends_on: '2022-12-01',
        owner_org_id: donor,
        classification: 'restricted',
      })
    ).id;
    const need = (
      await buildNeed(
        t.app,
        { recipient_org_id: recipient, region_id: region, item_id: item },
        { owner_org_id: donor, classification: 'restricted', quantity: 40 },
      )
    ).id;
    const pledge = (
      await buildPledge(
        t.app,
        { donor_org_id: donor, item_id: item, need_id: need },
        {
          quantity: 8,
          classification: 'restricted',
          event_id: event,
          value: { amount: '800000.00', currency: 'EUR' },
        },
      )
    ).id;
    const committed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/pledges/${pledge}/commit`,
      payload: { quantity: 8 },
    });
    expect(committed.statusCode, committed.body).toBe(200);
    const lifecycle = { donor_org_id: donor, recipient_org_id: recipient, region_id: region, item_id: item };
    const { allocation_id: allocation } = await buildAllocation(t, lifecycle, {
      pledge_id: pledge,
      need_id: need,
      quantity: 4,
    });
    await t.database.db
      .updateTable('allocation')
      .set({ classification: 'restricted' })
      .where('id', '=', allocation)
      .execute();
    const shipment = (
      await post(t.app, '/shipments', {
        reference: 'CMR-CLOSED',
        origin_hub: 'Rzeszów',
        destination_region_id: region,
        owner_org_id: donor,
        classification: 'restricted',
        lines: [{ allocation_id: allocation, quantity: 2 }],
      })
    ).id;
    foreign = { donor, recipient, item, region, event, need, pledge, allocation, shipment };
  });

  /** Lists (every page), reports and exports as a reader sees them. */
  async function viewsOf(authorization: string): Promise<Record<string, unknown>> {
    const views: Record<string, unknown> = {};
    for (const url of ['/pledges', '/needs', '/allocations', '/shipments']) {
      views[url] = (await walk(authorization, url)).map((record) => record.id).sort();
    }
    for (const url of [
      '/gaps',
      '/gaps?by=item',
      '/gaps?by=region',
      '/gaps?by=donor',
      '/gaps/weekly',
      '/reports/donors',
      '/reports/events',
      '/exports/pledges.csv',
      '/exports/needs.csv',
      '/exports/gaps.csv?by=donor',
      '/readiness',
    ]) {
      const response = await get(authorization, url);
      expect([url, response.statusCode]).toEqual([url, 200]);
      views[url] = response.body;
    }
    return views;
  }

  const as = (
    authorization: string | undefined,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
  ) => {
    const request: InjectOptions = { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) };
    return authorization === undefined
      ? t.injectAnonymous(request)
      : t.app.inject({ ...request, headers: { authorization, 'if-match': '"1"' } });
  };
  const get = (authorization: string | undefined, url: string) => as(authorization, 'GET', url);

  /** Every item of a list, page by page. */
  async function walk(authorization: string, url: string): Promise<{ id: string }[]> {
    const items: { id: string }[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const page = await get(
        authorization,
        `${url}${separator}limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json() as { items: { id: string }[]; next_cursor: string | null };
      items.push(...body.items);
      cursor = body.next_cursor;
    } while (cursor !== null);
    return items;
  }

  it('change nothing a donor of another organisation sees in lists, counts, reports and exports', async () => {
    expect(await viewsOf(donorA)).toEqual(before);
  });

  it('are not found by id, in their history, transitions, valuation or verification', async () => {
    const { pledge, need } = foreign;
    for (const who of [donorA, tokens.get('analyst'), undefined]) {
      for (const url of [
        `/pledges/${pledge}`,
        `/pledges/${pledge}/transitions`,
        `/pledges/${pledge}/valuation`,
        `/verification/pledge/${pledge}`,
        `/needs/${need}`,
        `/verification/need/${need}`,
      ]) {
        const response = await get(who, url);
        expect([url, response.statusCode]).toEqual([url, 404]);
      }
    }
    const { shipment, allocation } = foreign;
    for (const url of [
      `/shipments/${shipment}`,
      `/shipments/${shipment}/lines`,
      `/shipments/${shipment}/receipts`,
      `/allocations/${allocation}`,
    ]) {
      expect([url, (await get(donorA, url)).statusCode]).toEqual([url, 404]);
    }
    for (const url of [`/pledges/${pledge}/history`, `/needs/${need}/history`]) {
      expect((await get(donorA, url)).statusCode).toBe(404);
    }
  });

  it('are in no list, whatever the filter, on any page', async () => {
    const { pledge, need, item, donor, recipient, event, region } = foreign;
    for (const url of [
      '/pledges',
      `/pledges?item_id=${item}`,
      `/pledges?donor_org_id=${donor}`,
      `/pledges?event_id=${event}`,
      `/pledges?need_id=${need}`,
      `/pledges?region_id=${region}`,
    ]) {
      expect((await walk(donorA, url)).map((p) => p.id)).not.toContain(pledge);
    }
    for (const url of [
      '/needs',
      `/needs?item_id=${item}`,
      `/needs?recipient_org_id=${recipient}`,
      `/needs?region_id=${region}`,
    ]) {
      expect((await walk(donorA, url)).map((n) => n.id)).not.toContain(need);
    }
    expect(await walk(donorA, `/pledges?donor_org_id=${donor}`)).toEqual([]);
    expect(await walk(donorA, `/needs?item_id=${item}`)).toEqual([]);
  });

  it('count in no report: gaps by item, region and donor, weekly, events and donors', async () => {
    const { item, donor, region, event } = foreign;
    const gaps = async (by: string) =>
      (
        (await get(donorA, `/gaps?by=${by}`)).json() as {
          groups: {
            key: string;
            needed: number | null;
            pledged: number | null;
            value: Record<'needed' | 'pledged', { amount: string }>;
          }[];
        }
      ).groups;
    // Nothing, whether the group gives quantities (one item) or only EUR values (several).
    const empty = (group: Awaited<ReturnType<typeof gaps>>[number]) =>
      !group.needed &&
      !group.pledged &&
      Number(group.value.needed.amount) === 0 &&
      Number(group.value.pledged.amount) === 0;
    const byItem = (await gaps('item')).find((group) => group.key === item);
    expect(byItem === undefined || empty(byItem)).toBe(true);
    expect((await gaps('donor')).map((group) => group.key)).not.toContain(donor);
    const byRegion = (await gaps('region')).find((group) => group.key === region);
    expect(byRegion === undefined || empty(byRegion)).toBe(true);

    const weekly = await get(donorA, `/gaps/weekly?by=item&key=${item}`);
    if (weekly.statusCode === 200) {
      const weeks = (
        weekly.json() as {
          weeks: { needed: number | null; pledged: number | null; committed: number | null }[];
        }
      ).weeks;
      expect(
        weeks.filter((week) => (week.needed ?? 0) + (week.pledged ?? 0) + (week.committed ?? 0) > 0),
      ).toEqual([]);
    } else {
      expect(weekly.statusCode).toBe(404);
    }

    const donors = (await get(donorA, '/reports/donors')).json() as { donors: { donor_org_id: string }[] };
    expect(donors.donors.map((d) => d.donor_org_id)).not.toContain(donor);
    const events = (await get(donorA, '/reports/events')).json() as {
      events: { event_id: string | null; pledge_count: number }[];
    };
    const closed = events.events.find((e) => e.event_id === event);
    expect(closed === undefined || closed.pledge_count === 0).toBe(true);
  });

  it('are in no export', async () => {
    const { pledge, need, item, donor } = foreign;
    const rows = async (url: string) => {
      const response = await get(donorA, url);
      expect(response.statusCode, response.body).toBe(200);
      return response.body.split('\r\n').filter((line) => line !== '');
    };
    expect(await rows(`/exports/pledges.csv?donor_org_id=${donor}`)).toHaveLength(2); // names and hashtags
    expect(await rows(`/exports/needs.csv?item_id=${item}`)).toHaveLength(2);
    expect((await rows('/exports/pledges.csv')).join('\n')).not.toContain(pledge);
    expect((await rows('/exports/needs.csv')).join('\n')).not.toContain(need);
    expect((await rows('/exports/gaps.csv?by=donor')).join('\n')).not.toContain(donor);
  });

  it('cannot be changed or moved along their lifecycle: 404, never 403', async () => {
    const { pledge, need } = foreign;
    for (const [method, url, payload] of [
      ['POST', `/pledges/${pledge}/commit`, { quantity: 1 }],
      ['POST', `/pledges/${pledge}/cancel`, {}],
      ['POST', `/pledges/${pledge}/expire`, {}],
      ['POST', `/pledges/${pledge}/put-in-service`, { quantity: 1 }],
      ['PATCH', `/pledges/${pledge}`, { quantity: 9 }],
      ['DELETE', `/pledges/${pledge}`, undefined],
    ] as const) {
      const response = await as(donorA, method, url, payload);
      expect([method, url, response.statusCode]).toEqual([method, url, 404]);
    }
    const { shipment } = foreign;
    for (const [method, url, payload] of [
      ['POST', `/shipments/${shipment}/dispatch`, { dispatched_on: '2022-12-10' }],
      ['POST', `/shipments/${shipment}/lose`, { note: 'Lost on the way' }],
      ['PATCH', `/shipments/${shipment}`, { eta: '2023-01-01' }],
    ] as const) {
      const response = await as(donorA, method, url, payload);
      expect([method, url, response.statusCode]).toEqual([method, url, 404]);
    }
    const recipient = tokens.get('recipient');
    const receipt = await as(recipient, 'POST', `/shipments/${shipment}/receipts`, {
      received_on: '2022-12-20',
      received_by_org_id: world.orgs.recipient,
      lines: [{ shipment_line_id: randomUUID(), quantity: 1 }],
    });
    expect(receipt.statusCode).toBe(404);
    for (const [method, url, payload] of [
      ['PATCH', `/needs/${need}`, { quantity: 1 }],
      ['DELETE', `/needs/${need}`, undefined],
    ] as const) {
      const response = await as(recipient, method, url, payload);
      expect([method, url, response.statusCode]).toEqual([method, url, 404]);
    }
  });

  it('are all there for a coordinator cleared for restricted records', async () => {
    const { pledge, need, donor, item } = foreign;
    const coordinator = t.authorization;
    expect((await get(coordinator, `/pledges/${pledge}`)).statusCode).toBe(200);
    expect((await get(coordinator, `/needs/${need}`)).statusCode).toBe(200);
    expect((await walk(coordinator ?? '', `/pledges?donor_org_id=${donor}`)).map((p) => p.id)).toEqual([
      pledge,
    ]);
    expect((await walk(coordinator ?? '', `/needs?item_id=${item}`)).map((n) => n.id)).toEqual([need]);
    const gaps = (await get(coordinator, '/gaps?by=donor')).json() as { groups: { key: string }[] };
    expect(gaps.groups.map((group) => group.key)).toContain(donor);
    const donors = (await get(coordinator, '/reports/donors')).json() as {
      donors: { donor_org_id: string }[];
    };
    expect(donors.donors.map((d) => d.donor_org_id)).toContain(donor);
    expect((await get(coordinator, `/exports/pledges.csv?donor_org_id=${donor}`)).body).toContain(pledge);
  });
});

describe('own-organisation rules', () => {
  it('refuse a donor recording a pledge in another donor’s name, naming the field', async () => {
    const other = (await buildOrganisation(t.app, { name: 'Donor C', kind: 'state' })).id;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pledges',
      headers: { authorization: tokens.get('donor') },
      payload: { donor_org_id: other, item_id: world.ids.items, quantity: 1, announced_on: '2022-11-29' },
    });
    expect([response.statusCode, response.json().code, response.json().errors]).toEqual([
      403,
      'forbidden',
      [{ field: 'donor_org_id', message: `must be your organisation, ${world.orgs.donor}` }],
    ]);
    const own = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pledges',
      headers: { authorization: tokens.get('donor') },
      payload: {
        donor_org_id: world.orgs.donor,
        item_id: world.ids.items,
        quantity: 1,
        announced_on: '2022-11-29',
      },
    });
    expect(own.statusCode, own.body).toBe(201);
  });

  it('refuse a recipient posting a need for another organisation', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/needs',
      headers: { authorization: tokens.get('recipient') },
      payload: {
        recipient_org_id: world.orgs.donor,
        region_id: world.ids.regions,
        item_id: world.ids.items,
        quantity: 1,
        priority: 'high',
        needed_by: '2022-12-15',
      },
    });
    expect([response.statusCode, response.json().code]).toEqual([403, 'forbidden']);
  });

  it('refuse a donor shipping goods against another donor’s allocation, naming the line', async () => {
    const donorD = (await buildOrganisation(t.app, { name: 'Donor F', kind: 'state' })).id;
    const ship = (authorization: string | undefined, owner: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/shipments',
        headers: { authorization },
        payload: {
          reference: `CMR-${owner.slice(-4)}`,
          origin_hub: 'Rzeszów',
          destination_region_id: world.ids.regions,
          owner_org_id: owner,
          lines: [{ allocation_id: world.ids.allocations, quantity: 1 }],
        },
      });
    const foreign = await ship(await t.tokenFor({ role: 'donor', orgId: donorD }), donorD);
    expect([foreign.statusCode, foreign.json().errors?.[0]?.field]).toEqual([403, 'lines[0].allocation_id']);
    // Its own (proposed) allocation passes the rule; the service then refuses to ship a proposed one.
    const own = await ship(tokens.get('donor'), world.orgs.donor);
    expect([own.statusCode, own.json().code]).toEqual([409, 'allocation_not_accepted']);
  });

  it('let only the donor of a pledge commit it, and only the recipient of a shipment confirm receipt', async () => {
    const otherDonor = await t.tokenFor({
      role: 'donor',
      orgId: (await buildOrganisation(t.app, { name: 'Donor D' })).id,
    });
    const recipientE = (
      await buildOrganisation(t.app, { name: 'Recipient E', kind: 'ministry', country_code: 'UA' })
    ).id;
    const otherRecipient = await t.tokenFor({ role: 'recipient', orgId: recipientE });
    const commit = (authorization: string | undefined) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/pledges/${world.ids.pledges}/commit`,
        headers: { authorization },
        payload: { quantity: 0.001 },
      });
    // The pledge is visible to every donor (coalition): another donor is refused, not misled.
    expect((await commit(otherDonor)).statusCode).toBe(403);
    expect((await commit(tokens.get('donor'))).statusCode).not.toBe(403);
    const lines = (await t.app.inject({ url: `/api/v1/shipments/${world.ids.shipments}/lines` })).json() as {
      items: { id: string }[];
    };
    const receive = (authorization: string | undefined, receivedBy: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/shipments/${world.ids.shipments}/receipts`,
        headers: { authorization },
        payload: {
          received_on: '2022-12-20',
          received_by_org_id: receivedBy,
          lines: [{ shipment_line_id: lines.items[0]?.id, quantity: 1 }],
        },
      });
    // Naming another organisation as the receiver, or confirming a shipment that goes elsewhere.
    const named = await receive(otherRecipient, world.orgs.recipient);
    expect([named.statusCode, named.json().errors?.[0]?.field]).toEqual([403, 'received_by_org_id']);
    const elsewhere = await receive(otherRecipient, recipientE);
    expect([elsewhere.statusCode, elsewhere.json().code]).toEqual([403, 'forbidden']);
    // The shipment's own recipient passes; the shipment, not yet dispatched, refuses the receipt itself.
    const own = await receive(tokens.get('recipient'), world.orgs.recipient);
    expect([own.statusCode, own.json().code]).toEqual([409, 'invalid_transition']);
  });
});

describe('another organisation’s allocations, shipments, lines and receipts at every classification', () => {
  const LEVELS = ['public', 'coalition', 'restricted'] as const;
  type Level = (typeof LEVELS)[number];
  interface Derived {
    pledge: string;
    allocation: string;
    shipment: string;
    line: string;
    receipt: string;
  }
  const derived = new Map<Level, Derived>();
  interface Reader {
    readonly label: string;
    readonly authorization: string | undefined;
    readonly sees: (level: Level) => boolean;
  }
  const readers: Reader[] = [];

  const call = (authorization: string | undefined, method: 'GET' | 'POST', url: string, payload?: object) => {
    const request: InjectOptions = { method, url: `/api/v1${url}`, ...(payload ? { payload } : {}) };
    return authorization === undefined
      ? t.injectAnonymous(request)
      : t.app.inject({ ...request, headers: { authorization } });
  };
  const created = async (response: LightMyRequestResponse) => {
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; classification: string };
  };

  beforeAll(async () => {
    for (const level of LEVELS) {
      // Created through the API by a donor and a recipient of their own, neither of them a reader below.
      const donor = (
        await buildOrganisation(t.app, { name: `Donor ${level}`, kind: 'state', country_code: 'IT' })
      ).id;
      const recipient = (await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' })).id;
      const donorToken = await t.tokenFor({ role: 'donor', orgId: donor, clearance: 'restricted' });
      const recipientToken = await t.tokenFor({
        role: 'recipient',
        orgId: recipient,
        clearance: 'restricted',
      });
      const region = (await buildRegion(t.app)).id;
      const item = (await buildItem(t.app)).id;
      const need = await buildNeed(
        t.app,
        { recipient_org_id: recipient, region_id: region, item_id: item },
        { classification: level, owner_org_id: recipient },
      );
      const pledge = await buildPledge(
        t.app,
        { donor_org_id: donor, item_id: item },
        { classification: level },
      );
      expect(
        (await call(donorToken, 'POST', `/pledges/${pledge.id}/commit`, { quantity: 10 })).statusCode,
      ).toBe(200);
      // No classification in the request: each derived record takes the floor of its sources.
      const allocation = await created(
        await call(t.authorization, 'POST', '/allocations', {
          pledge_id: pledge.id,
          need_id: need.id,
          quantity: 5,
          week: '2022-W50',
          accept: true,
        }),
      );
      const shipment = await created(
        await call(donorToken, 'POST', '/shipments', {
          reference: `CMR-${level}`,
          origin_hub: 'Rzeszów',
          destination_region_id: region,
          owner_org_id: donor,
          lines: [{ allocation_id: allocation.id, quantity: 3 }],
        }),
      );
      const dispatched = await call(donorToken, 'POST', `/shipments/${shipment.id}/dispatch`, {
        dispatched_on: '2022-12-10',
      });
      expect(dispatched.statusCode, dispatched.body).toBe(200);
      const line = (
        (await call(donorToken, 'GET', `/shipments/${shipment.id}/lines`)).json() as {
          items: { id: string }[];
        }
      ).items[0]?.id as string;
      const receipt = await created(
        await call(recipientToken, 'POST', `/shipments/${shipment.id}/receipts`, {
          received_on: '2022-12-12',
          received_by_org_id: recipient,
          lines: [{ shipment_line_id: line, quantity: 2 }],
        }),
      );
      expect([allocation.classification, shipment.classification, receipt.classification]).toEqual([
        level,
        level,
        level,
      ]);
      derived.set(level, {
        pledge: pledge.id,
        allocation: allocation.id,
        shipment: shipment.id,
        line,
        receipt: receipt.id,
      });
    }
    readers.push({ label: 'anonymous', authorization: undefined, sees: (level) => level === 'public' });
    for (const role of ROLES) {
      for (const clearance of LEVELS) {
        readers.push({
          label: `${role} cleared ${clearance}`,
          authorization: await t.tokenFor({ role, orgId: world.orgs[role], clearance }),
          sees: (level) =>
            role === 'analyst' ? level === 'public' : LEVELS.indexOf(level) <= LEVELS.indexOf(clearance),
        });
      }
    }
  }, 120_000);

  /** Every id of a list as one reader sees it, page by page. */
  async function idsIn(authorization: string | undefined, url: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const separator = url.includes('?') ? '&' : '?';
      const page = await call(
        authorization,
        'GET',
        `${url}${separator}limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect([url, page.statusCode]).toEqual([url, 200]);
      const body = page.json() as { items: { id: string }[]; next_cursor: string | null };
      ids.push(...body.items.map((item) => item.id));
      cursor = body.next_cursor;
    } while (cursor !== null);
    return ids;
  }

  it('are seen exactly by the readers cleared for them: by id, in lists and filters, with lines and receipts', async () => {
    const mismatches: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    };
    for (const reader of readers) {
      const allocations = await idsIn(reader.authorization, '/allocations');
      const shipments = await idsIn(reader.authorization, '/shipments');
      for (const level of LEVELS) {
        const record = derived.get(level) as Derived;
        const sees = reader.sees(level);
        const what = (thing: string) => `${reader.label}, ${level} ${thing}`;
        const status = async (url: string) => (await call(reader.authorization, 'GET', url)).statusCode;
        check(what('allocation by id'), await status(`/allocations/${record.allocation}`), sees ? 200 : 404);
        check(
          what('allocations by pledge'),
          await idsIn(reader.authorization, `/allocations?pledge_id=${record.pledge}`),
          sees ? [record.allocation] : [],
        );
        check(what('allocation in the list'), allocations.includes(record.allocation), sees);
        check(what('shipment by id'), await status(`/shipments/${record.shipment}`), sees ? 200 : 404);
        check(what('shipment in the list'), shipments.includes(record.shipment), sees);
        const lines = await call(reader.authorization, 'GET', `/shipments/${record.shipment}/lines`);
        check(
          what('shipment lines'),
          lines.statusCode === 200
            ? (lines.json() as { items: { id: string }[] }).items.map((l) => l.id)
            : lines.statusCode,
          sees ? [record.line] : 404,
        );
        const receipts = await call(reader.authorization, 'GET', `/shipments/${record.shipment}/receipts`);
        check(
          what('receipts'),
          receipts.statusCode === 200
            ? (receipts.json() as { items: { id: string }[] }).items.map((r) => r.id)
            : receipts.statusCode,
          sees ? [record.receipt] : 404,
        );
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});

describe('plan runs of another organisation over rows at every classification', () => {
  /*
   * A run is derived from every row it read: it and its results are seen exactly by the readers who
   * may see every one of those rows (docs/architecture.md, GET /plans/{id}). A coordinator of a
   * bystander organisation plans once at each clearance, so each run reads the rows up to that
   * level; the expectation for every reader is worked out by asking the API for each input row.
   */
  const LEVELS = ['public', 'coalition', 'restricted'] as const;
  type Level = (typeof LEVELS)[number];
  const RESULTS = ['/needs', '/lots', '/allocations'] as const;
  let p: TestApp;
  /** Per level: the need and pledge at that level, and the run planned at that clearance. */
  const rows = new Map<Level, { need: string; pledge: string; run: string }>();
  interface Reader {
    readonly label: string;
    readonly authorization: string | undefined;
    readonly readsPlans: boolean;
  }
  const readers: Reader[] = [];
  const call = (authorization: string | undefined, url: string) =>
    authorization === undefined
      ? p.injectAnonymous({ method: 'GET', url: `/api/v1${url}` })
      : p.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization } });

  async function waitForRun(id: string) {
    for (let i = 0; i < 1500; i++) {
      const run = (await p.app.inject({ method: 'GET', url: `/api/v1/plans/${id}` })).json();
      if (['succeeded', 'failed', 'cancelled', 'interrupted'].includes(run.status)) return run;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`plan run ${id} did not end`);
  }

  beforeAll(async () => {
    // A database of its own with a plan worker: runs read every row their starter may see.
    p = await createTestApp({ planWorker: true });
    const recipient = (await buildOrganisation(p.app, { kind: 'ministry', country_code: 'UA' })).id;
    const donor = (await buildOrganisation(p.app, { kind: 'state', country_code: 'NL' })).id;
    const planner = (await buildOrganisation(p.app, { kind: 'state', country_code: 'SE' })).id;
    const bystander = (await buildOrganisation(p.app, { kind: 'state', country_code: 'FI' })).id;
    const region = (await buildRegion(p.app)).id;
    const made = new Map<Level, { need: string; pledge: string }>();
    for (const level of LEVELS) {
      const item = (await buildItem(p.app)).id;
      const need = await buildNeed(
        p.app,
        { recipient_org_id: recipient, region_id: region, item_id: item },
        { quantity: 40, priority: 'critical', needed_by: '2023-01-20', classification: level },
      );
      // The recipient is party of every row; the donor of the pledges only.
      const pledge = await buildPledge(
        p.app,
        { donor_org_id: donor, item_id: item },
        { quantity: 30, classification: level, recipient_org_id: recipient },
      );
      const committed = await p.app.inject({
        method: 'POST',
        url: `/api/v1/pledges/${pledge.id}/commit`,
        payload: { quantity: 30 },
      });
      expect(committed.statusCode, committed.body).toBe(200);
      made.set(level, { need: need.id, pledge: pledge.id });
    }
    for (const level of LEVELS) {
      const authorization = await p.tokenFor({ role: 'coordinator', orgId: planner, clearance: level });
      const started = await p.app.inject({
        method: 'POST',
        url: '/api/v1/plans',
        payload: { start_week: '2023-W01' },
        headers: { authorization },
      });
      expect(started.statusCode, started.body).toBe(202);
      const run = await waitForRun(started.json().id);
      expect([run.status, run.error, run.classification]).toEqual(['succeeded', null, level]);
      rows.set(level, { ...(made.get(level) as { need: string; pledge: string }), run: run.id });
    }
    readers.push({ label: 'anonymous', authorization: undefined, readsPlans: false });
    for (const role of ROLES) {
      for (const clearance of LEVELS) {
        readers.push({
          label: `${role} of a bystander cleared ${clearance}`,
          authorization: await p.tokenFor({ role, orgId: bystander, clearance }),
          readsPlans: role === 'admin' || role === 'coordinator',
        });
      }
    }
    for (const [label, orgId] of [
      ['recipient party of every row', recipient],
      ['donor party of the pledges only', donor],
    ] as const) {
      readers.push({
        label: `coordinator of the ${label}, cleared public`,
        authorization: await p.tokenFor({ role: 'coordinator', orgId, clearance: 'public' }),
        readsPlans: true,
      });
    }
  }, 120_000);
  afterAll(async () => p?.close());

  it('are seen, listed and their results read exactly by the readers who may see every row they used', async () => {
    const mismatches: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown) => {
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        mismatches.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
      }
    };
    /** Which runs each reader is expected to see: the oracle, kept to check it is not one-sided. */
    const seen = new Map<string, Level[]>();
    for (const reader of readers) {
      // The oracle: the rows this reader may see, asked of the API one by one.
      const mayRead = new Map<string, boolean>();
      for (const level of LEVELS) {
        const { need, pledge } = rows.get(level) as { need: string; pledge: string };
        mayRead.set(need, (await call(reader.authorization, `/needs/${need}`)).statusCode === 200);
        mayRead.set(pledge, (await call(reader.authorization, `/pledges/${pledge}`)).statusCode === 200);
      }
      const list = await call(reader.authorization, '/plans?limit=50');
      const listed =
        list.statusCode === 200 ? (list.json() as { items: { id: string }[] }).items.map((r) => r.id) : [];
      const refused = reader.authorization === undefined ? 401 : 403;
      check(`${reader.label}, the list`, list.statusCode, reader.readsPlans ? 200 : refused);
      seen.set(reader.label, []);
      for (const level of LEVELS) {
        const { run, need } = rows.get(level) as { run: string; need: string };
        // Every row at or below the run's level went into it.
        const inputs = LEVELS.slice(0, LEVELS.indexOf(level) + 1).flatMap((l) => {
          const r = rows.get(l) as { need: string; pledge: string };
          return [r.need, r.pledge];
        });
        const sees = reader.readsPlans && inputs.every((id) => mayRead.get(id));
        if (sees) seen.get(reader.label)?.push(level);
        const status = reader.readsPlans ? (sees ? 200 : 404) : refused;
        const what = (thing: string) => `${reader.label}, ${level} run ${thing}`;
        check(what('by id'), (await call(reader.authorization, `/plans/${run}`)).statusCode, status);
        check(what('in the list'), listed.includes(run), sees);
        for (const path of RESULTS) {
          const response = await call(reader.authorization, `/plans/${run}${path}`);
          const items = response.statusCode === 200 ? (response.json() as { items: unknown[] }).items : [];
          check(what(path), [response.statusCode, items.length > 0], [status, sees]);
          if (!sees)
            check(
              what(`${path} names no input`),
              inputs.some((id) => response.body.includes(id)),
              false,
            );
        }
        if (sees) {
          const needs = (await call(reader.authorization, `/plans/${run}/needs`)).json() as {
            items: { need_id: string }[];
          };
          check(what('needs include its own'), needs.items.map((n) => n.need_id).includes(need), true);
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The oracle is not one-sided: clearance and being party of every row both open runs, and
    // a party of only some rows sees no more than its clearance.
    expect(Object.fromEntries(seen)).toMatchObject({
      anonymous: [],
      'coordinator of a bystander cleared public': ['public'],
      'coordinator of a bystander cleared coalition': ['public', 'coalition'],
      'admin of a bystander cleared restricted': ['public', 'coalition', 'restricted'],
      'donor of a bystander cleared restricted': [],
      'coordinator of the recipient party of every row, cleared public': [
        'public',
        'coalition',
        'restricted',
      ],
      'coordinator of the donor party of the pledges only, cleared public': ['public'],
    });
  }, 120_000);
});
