import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { buildItem } from '../../test/support/factories.js';
import { SESSION_COOKIE } from './plugins/auth.js';

/* Issue 13: an authenticated API answer is never stored by a browser or a proxy; public ones may be. */

let t: TestApp;
let itemId: string;
let sessionCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  itemId = (await buildItem(t.app)).id;
  const email = 'cache.person@example.test';
  const password = 'a long enough passphrase for tests';
  const user = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { authorization: await t.tokenFor({ role: 'admin' }) },
    payload: { email, display_name: 'Cache Person', org_id: t.orgId, role: 'coordinator', password },
  });
  expect(user.statusCode, user.body).toBe(201);
  const login = await t.injectAnonymous({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
  });
  expect(login.statusCode, login.body).toBe(200);
  sessionCookie = /^[^=]+=([^;]*)/.exec(String(login.headers['set-cookie']))?.[1] ?? '';
}, 120_000);
afterAll(async () => t?.close());

describe('Cache-Control', () => {
  it('is no-store on every answer to a token, success or error', async () => {
    for (const url of [
      '/api/v1/pledges',
      `/api/v1/items/${itemId}`,
      '/api/v1/gaps',
      '/api/v1/items/not-an-id',
    ]) {
      const response = await t.app.inject({ method: 'GET', url });
      expect([url, response.headers['cache-control']]).toEqual([url, 'no-store']);
    }
    const unknownToken = await t.app.inject({
      method: 'GET',
      url: '/api/v1/items',
      headers: { authorization: 'Bearer agt_not_a_token' },
    });
    expect([unknownToken.statusCode, unknownToken.headers['cache-control']]).toEqual([401, 'no-store']);
  });

  it('is no-store on answers to a session', async () => {
    const response = await t.injectAnonymous({
      method: 'GET',
      url: `/api/v1/items/${itemId}`,
      headers: { cookie: `${SESSION_COOKIE}=${sessionCookie}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('leaves public answers to anonymous readers cacheable as they were', async () => {
    for (const url of ['/api/v1/items', `/api/v1/items/${itemId}`]) {
      const response = await t.injectAnonymous({ method: 'GET', url });
      expect([url, response.statusCode]).toEqual([url, 200]);
      expect([url, response.headers['cache-control']]).toEqual([url, undefined]);
    }
  });

  it('never lets a health answer be cached, signed in or not', async () => {
    const response = await t.injectAnonymous({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
