import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import {
  buildItem,
  buildNeed,
  buildOrganisation,
  buildPledge,
  buildRegion,
} from '../../test/support/factories.js';
import { createFiguresCache } from './figures-cache.js';

/*
 * The figures cache (src/api/figures-cache.ts) keeps answers exact: a write through this process
 * drops them at once, a write by another process through the triggers' notification, and readers
 * with different visibility never share an answer. To tell a cached answer from a fresh one, the
 * tests change rows behind the cache's back (session_replication_role = replica: no triggers, so no
 * notification) — the only way figures can change without the cache hearing of it.
 */

let t: TestApp;
let item: { id: string };
let donor: { id: string };
let other: { id: string };
let restricted: { id: string };

async function label(authorization?: string): Promise<string | null> {
  const response = await t.app.inject({
    method: 'GET',
    url: '/api/v1/gaps?by=item',
    ...(authorization === undefined ? {} : { headers: { authorization } }),
  });
  expect(response.statusCode).toBe(200);
  const group = response.json().groups.find((g: { key: string }) => g.key === item.id);
  // The label is the item's code and name.
  return group ? (group.label as string).slice((group.label as string).indexOf(' ') + 1) : null;
}

async function pledged(authorization?: string | null): Promise<number | null> {
  const request = { method: 'GET' as const, url: '/api/v1/gaps?by=item' };
  const response =
    authorization === null
      ? await t.injectAnonymous(request)
      : await t.app.inject(
          authorization === undefined ? request : { ...request, headers: { authorization } },
        );
  expect(response.statusCode).toBe(200);
  const group = response.json().groups.find((g: { key: string }) => g.key === item.id);
  return group ? group.pledged : null;
}

/**
 * Renames the item without firing any trigger: invisible to the cache. (A label, not a quantity:
 * the aggregate cells would not follow a quantity changed this way, and the test database's
 * closing verify would rightly fail.)
 */
async function changeSilently(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query("SET LOCAL session_replication_role = 'replica'");
    await client.query('UPDATE item SET name = $1 WHERE id = $2', [name, item.id]);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/** Another process's write: an ordinary statement on its own connection (the triggers notify). */
async function changeElsewhere(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: t.database.url });
  await client.connect();
  try {
    await client.query('UPDATE item SET name = $1 WHERE id = $2', [name, item.id]);
  } finally {
    await client.end();
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  t = await createTestApp({ figuresCache: true });
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  donor = await buildOrganisation(t.app);
  other = await buildOrganisation(t.app, { country_code: 'FR' });
  const region = await buildRegion(t.app);
  item = await buildItem(t.app, { name: 'Generator 1' });
  await buildNeed(
    t.app,
    { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id },
    {
      quantity: 100,
      classification: 'public',
    },
  );
  await buildPledge(
    t.app,
    { donor_org_id: donor.id, item_id: item.id },
    { quantity: 10, classification: 'public' },
  );
  restricted = await buildPledge(
    t.app,
    { donor_org_id: donor.id, item_id: item.id },
    { quantity: 7, classification: 'restricted' },
  );
});

afterAll(async () => {
  await t?.close();
});

describe('the figures cache', () => {
  it('listens, and serves a cached answer until something changes', async () => {
    expect(t.figures?.listening).toBe(true);
    expect(await label()).toBe('Generator 1');
    await changeSilently('Generator 2');
    // The cache did not hear of it: the answer is the cached one (this is what proves caching).
    expect(await label()).toBe('Generator 1');
  });

  it('drops every answer when a write through this process commits', async () => {
    expect(await label()).toBe('Generator 1');
    const before = t.figures?.generation ?? 0;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/pledges',
      payload: { donor_org_id: other.id, item_id: item.id, quantity: 1, announced_on: '2022-10-01' },
    });
    expect(response.statusCode).toBe(201);
    expect(t.figures?.generation).toBeGreaterThan(before);
    // The silent rename is now seen too: the answer was computed afresh.
    expect(await label()).toBe('Generator 2');
  });

  it("drops every answer on another process's write (the triggers' notification)", async () => {
    expect(await label()).toBe('Generator 2');
    const before = t.figures?.generation ?? 0;
    await changeElsewhere('Generator 3');
    await until(() => (t.figures?.generation ?? 0) > before, 'the notification');
    expect(await label()).toBe('Generator 3');
  });

  it('never gives one reader the answer computed for another', async () => {
    const donorToken = await t.tokenFor({ role: 'donor', orgId: donor.id, clearance: 'public' });
    const otherToken = await t.tokenFor({ role: 'donor', orgId: other.id, clearance: 'public' });
    const otherCoalition = await t.tokenFor({ role: 'donor', orgId: other.id, clearance: 'coalition' });
    // Pledges of the item: 10 public and 7 restricted by the donor, 1 coalition by the other donor.
    // The coordinator (clearance restricted) first: its answer counts all three.
    expect(await pledged()).toBe(18);
    // Each reader gets an answer of its own: the owner sees its restricted pledge, the other donor
    // its own coalition one, anonymous the public one only.
    expect(await pledged(donorToken)).toBe(17);
    expect(await pledged(otherToken)).toBe(11);
    expect(await pledged(null)).toBe(10);
    expect(await pledged(otherCoalition)).toBe(11);
    // And back: each cached answer is still its reader's own.
    expect(await pledged()).toBe(18);
    expect(await pledged(null)).toBe(10);
    expect(await pledged(donorToken)).toBe(17);
    expect(restricted.id).toBeDefined();
  });

  it('stops caching when its listener is lost, and caches again once it is back', async () => {
    const cache = t.figures;
    if (!cache) throw new Error('no cache');
    const admin = new pg.Client({ connectionString: t.database.url });
    await admin.connect();
    try {
      const before = cache.generation;
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'aidgrid figures listener' AND datname = current_database()",
      );
      await until(() => !cache.listening, 'the listener to be lost');
      expect(cache.generation).toBeGreaterThan(before);
      // Without a listener nothing is cached: a silent change is seen at once.
      await changeSilently('Generator 4');
      expect(await label()).toBe('Generator 4');
      await until(() => cache.listening, 'the listener to reconnect');
      expect(await label()).toBe('Generator 4');
      await changeSilently('Generator 5');
      expect(await label()).toBe('Generator 4');
    } finally {
      await admin.end();
    }
  });

  it('gives each answer an ETag of its bytes and answers 304 to a request that names it', async () => {
    const first = await t.injectAnonymous({ method: 'GET', url: '/api/v1/gaps?by=item' });
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    const again = await t.injectAnonymous({
      method: 'GET',
      url: '/api/v1/gaps?by=item',
      headers: { 'if-none-match': etag },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // The coordinator's figures are other bytes: another ETag, and a full answer to the anonymous one.
    const coordinator = await t.app.inject({
      method: 'GET',
      url: '/api/v1/gaps?by=item',
      headers: { 'if-none-match': etag },
    });
    expect(coordinator.statusCode).toBe(200);
    expect(coordinator.headers.etag).not.toBe(etag);
    // After a write that changes the figures, the old ETag no longer matches.
    const before = t.figures?.generation ?? 0;
    await changeElsewhere('Generator 6');
    await until(() => (t.figures?.generation ?? 0) > before, 'the notification');
    const changed = await t.injectAnonymous({
      method: 'GET',
      url: '/api/v1/gaps?by=item',
      headers: { 'if-none-match': etag },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('caches nothing without a database to listen on', async () => {
    const cache = createFiguresCache({ today: () => '2022-11-24' });
    await cache.ready();
    let computed = 0;
    const compute = async () => ++computed;
    expect(await cache.answer('gaps', { by: 'item' }, compute)).toBe(1);
    expect(await cache.answer('gaps', { by: 'item' }, compute)).toBe(2);
    expect(cache.listening).toBe(false);
    await cache.close();
  });
});
