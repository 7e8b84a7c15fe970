import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import {
  buildAllocation,
  buildWorld,
  type LifecycleWorld,
} from '../../../../test/support/lifecycle-factories.js';
import { fanOut } from '../../../core/webhooks/webhook-worker.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';

/**
 * Inboxes: an allocation accepted (here written straight to the table, as the set-based plan accept
 * does) tells the people of the need's recipient "your need … was allocated"; an analyst of the same
 * organisation, cleared for public records only, is not told of the coalition record; read marks and
 * the choice of events hold.
 */
const PASSWORD = 'a long enough passphrase for tests';
let t: TestApp;
let world: LifecycleWorld;
let admin: string;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t);
  admin = await t.tokenFor({ role: 'admin' });
});
afterAll(async () => t?.close());

async function person(role: string, orgId: string): Promise<{ cookie: string; csrf: string }> {
  const email = `inbox${counter++}@example.test`;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { authorization: admin },
    payload: { email, display_name: 'Inbox Person', org_id: orgId, role, password: PASSWORD },
  });
  expect(created.statusCode, created.body).toBe(201);
  const login = await t.injectAnonymous({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: PASSWORD },
  });
  expect(login.statusCode, login.body).toBe(200);
  const header = login.headers['set-cookie'];
  const value = (Array.isArray(header) ? header[0] : header) ?? '';
  const cookie = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(value)?.[1] ?? '';
  return { cookie, csrf: (login.json() as { csrf_token: string }).csrf_token };
}

const as = (
  who: { cookie: string; csrf: string },
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
) =>
  t.injectAnonymous({
    method,
    url: `/api/v1${url}`,
    headers: { cookie: `${SESSION_COOKIE}=${who.cookie}`, 'x-csrf-token': who.csrf },
    ...(payload ? { payload } : {}),
  });

interface Inbox {
  unread: number;
  items: {
    id: string;
    event_type: string;
    entity_id: string;
    message: string;
    link: string;
    yours: boolean;
    read_at: string | null;
  }[];
}

describe('notifications', () => {
  it('tell the need’s recipient that its need was allocated, with a link, and not a public-only reader', async () => {
    const recipient = await person('recipient', world.recipient_org_id);
    const analyst = await person('analyst', world.recipient_org_id);
    const donor = await person('donor', world.donor_org_id);
    const built = await buildAllocation(t, world, { quantity: 40 });
    await fanOut(t.database.db);
    const item = (await t.app.inject({ url: `/api/v1/items/${world.item_id}` })).json() as {
      name: string;
      unit: string;
    };

    const inbox = (await as(recipient, 'GET', '/notifications')).json() as Inbox;
    const allocated = inbox.items.find((n) => n.event_type === 'allocation.accepted');
    expect(allocated).toMatchObject({
      entity_id: built.allocation_id,
      yours: true,
      link: `/needs/${built.need_id}`,
      message: `Your need ${item.name} was allocated 40 ${item.unit}`,
      read_at: null,
    });
    expect(inbox.items.map((n) => n.event_type)).toContain('need.created');
    expect(inbox.unread).toBe(inbox.items.length);
    expect((await as(recipient, 'GET', '/notifications/unread')).json()).toEqual({ unread: inbox.unread });

    // The donor's people are told of the allocation of their pledge, from the need's side.
    const donorInbox = (await as(donor, 'GET', '/notifications')).json() as Inbox;
    expect(donorInbox.items.find((n) => n.event_type === 'allocation.accepted')).toMatchObject({
      yours: false,
      message: `A need ${item.name} was allocated 40 ${item.unit}`,
    });
    // An analyst reads public records only: the coalition need and allocation are not shown.
    expect((await as(analyst, 'GET', '/notifications')).json()).toEqual({ items: [], unread: 0 });
    // Programs have no inbox.
    expect((await t.app.inject({ url: '/api/v1/notifications' })).statusCode).toBe(401);
  });

  it('does not tell a person of what happened before they joined', async () => {
    const built = await buildAllocation(t, world, { quantity: 3 });
    const newcomer = await person('recipient', world.recipient_org_id);
    await fanOut(t.database.db);
    const inbox = (await as(newcomer, 'GET', '/notifications')).json() as Inbox;
    expect(inbox.items.map((n) => n.entity_id)).not.toContain(built.allocation_id);
    expect(inbox.unread).toBe(0);
  });

  it('marks read and follows the person’s choice of events', async () => {
    const recipient = await person('recipient', world.recipient_org_id);
    await buildAllocation(t, world, { quantity: 5 });
    await fanOut(t.database.db);
    const before = (await as(recipient, 'GET', '/notifications')).json() as Inbox;
    expect(before.unread).toBeGreaterThan(1);
    const [first] = before.items;
    const marked = await as(recipient, 'POST', '/notifications/read', { ids: [first?.id] });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ unread: before.unread - 1 });
    const unreadOnly = (await as(recipient, 'GET', '/notifications?unread=true')).json() as Inbox;
    expect(unreadOnly.items.map((n) => n.id)).not.toContain(first?.id);
    expect((await as(recipient, 'POST', '/notifications/read', {})).statusCode).toBe(422);

    const chosen = await as(recipient, 'PUT', '/notifications/preferences', {
      events: ['shipment.dispatched'],
    });
    expect(chosen.json()).toEqual({ events: ['shipment.dispatched'] });
    expect((await as(recipient, 'GET', '/notifications')).json()).toEqual({ items: [], unread: 0 });
    expect((await as(recipient, 'GET', '/notifications/preferences')).json()).toEqual({
      events: ['shipment.dispatched'],
    });
    await as(recipient, 'PUT', '/notifications/preferences', {
      events: ['allocation.accepted', 'need.created'],
    });
    const back = (await as(recipient, 'GET', '/notifications')).json() as Inbox;
    expect(back.items.length).toBeGreaterThan(0);
    expect((await as(recipient, 'POST', '/notifications/read', { all: true })).json()).toEqual({ unread: 0 });
  });
});
