import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { buildItem, buildNeed, buildOrganisation, buildRegion } from '../../../../test/support/factories.js';

let t: TestApp;
let restricted: string;
let open: string;

beforeAll(async () => {
  t = await createTestApp();
  const recipient = await buildOrganisation(t.app, { kind: 'ministry', country_code: 'UA' });
  const region = await buildRegion(t.app);
  const item = await buildItem(t.app);
  const refs = { recipient_org_id: recipient.id, region_id: region.id, item_id: item.id };
  open = (await buildNeed(t.app, refs, { classification: 'public' })).id;
  restricted = (await buildNeed(t.app, refs, { classification: 'restricted' })).id;
});
afterAll(async () => t?.close());

const publish = (payload: Record<string, unknown> = {}, authorization?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/open-data',
    payload,
    ...(authorization ? { headers: { authorization } } : {}),
  });

describe('open data API', () => {
  it('lets coordinators and admins publish, with a dry run that stores nothing, and no one else', async () => {
    const dry = await publish({ dry_run: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ number: 1, counts: { needs: 1 } });
    expect((await t.injectAnonymous({ method: 'GET', url: '/api/v1/open-data' })).json()).toEqual({
      items: [],
    });

    const donor = await publish({}, await t.tokenFor({ role: 'donor' }));
    expect(donor.statusCode).toBe(403);
    expect(donor.headers['content-type']).toMatch(/^application\/problem\+json/);
    const anonymous = await t.injectAnonymous({ method: 'POST', url: '/api/v1/open-data', payload: {} });
    expect(anonymous.statusCode).toBe(401);
    const bad = await publish({ dry_run: 'perhaps' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);

    const first = await publish();
    expect(first.statusCode).toBe(201);
    expect(first.headers.location).toBe('/api/v1/open-data/1/datapackage.json');
    const second = await publish({}, await t.tokenFor({ role: 'admin' }));
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ number: 2, changelog: { previous: 1 } });
    const list = await t.injectAnonymous({ method: 'GET', url: '/api/v1/open-data' });
    expect(list.json().items.map((r: { number: number }) => r.number)).toEqual([2, 1]);
  });

  it('serves a numbered file as immutable with its sha256 as ETag, and 304 when the copy is current', async () => {
    const url = '/api/v1/open-data/1/needs.csv';
    const answer = await t.injectAnonymous({ method: 'GET', url });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.body).toContain(open);
    expect(answer.body).not.toContain(restricted);
    const { createHash } = await import('node:crypto');
    const etag = `"${createHash('sha256').update(answer.rawPayload).digest('hex')}"`;
    expect(answer.headers.etag).toBe(etag);
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Date.parse(String(answer.headers['last-modified']))).not.toBeNaN();

    const again = await t.injectAnonymous({ method: 'GET', url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    const stale = await t.injectAnonymous({ method: 'GET', url, headers: { 'if-none-match': '"0000"' } });
    expect(stale.statusCode).toBe(200);
  });

  it('serves `latest` as the newest release, cached briefly', async () => {
    const latest = await t.injectAnonymous({
      method: 'GET',
      url: '/api/v1/open-data/latest/datapackage.json',
    });
    expect(latest.statusCode).toBe(200);
    expect(latest.headers['x-aidgrid-release']).toBe('2');
    expect(latest.headers['cache-control']).toBe('public, max-age=300');
    expect(latest.json().title).toBe('aidgrid open data, release 2');
    const numbered = await t.injectAnonymous({ method: 'GET', url: '/api/v1/open-data/2/datapackage.json' });
    expect(latest.headers.etag).toBe(numbered.headers.etag);
  });

  it('answers 404 problem+json for a release or file that does not exist, 400 for a malformed one', async () => {
    for (const url of ['/api/v1/open-data/9/needs.csv', '/api/v1/open-data/1/secrets.csv']) {
      const answer = await t.injectAnonymous({ method: 'GET', url });
      expect(answer.statusCode).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const bad = await t.injectAnonymous({ method: 'GET', url: '/api/v1/open-data/0/needs.csv' });
    expect(bad.statusCode).toBe(400);
  });

  it('lists the releases in an Atom feed', async () => {
    const feed = await t.injectAnonymous({ method: 'GET', url: '/api/v1/open-data/feed.atom' });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(feed.body.match(/<entry>/g)).toHaveLength(2);
    expect(feed.body.indexOf('release:2')).toBeLessThan(feed.body.indexOf('release:1'));
    expect(feed.body).toContain('href="/api/v1/open-data/1/needs.csv"');
  });
});
