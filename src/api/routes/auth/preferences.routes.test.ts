import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';

const PASSWORD = 'a long enough passphrase for tests';
const now = new Date();

let t: TestApp;
let admin: string;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp({
    as: 'anonymous',
    auth: { clock: () => now, sessionIdleMinutes: 30, sessionMaxHours: 2 },
  });
  admin = await t.tokenFor({ role: 'admin' });
}, 120_000);
afterAll(async () => t?.close());

/** A new account, signed in: its cookie header and CSRF token. */
async function signedIn(): Promise<{ cookie: string; csrf: string; id: string }> {
  const email = `speaker${counter++}@example.test`;
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { authorization: admin },
    payload: { email, display_name: 'A Speaker', org_id: t.orgId, role: 'recipient', password: PASSWORD },
  });
  expect(created.statusCode, created.body).toBe(201);
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: PASSWORD },
  });
  expect(login.statusCode, login.body).toBe(200);
  const header = login.headers['set-cookie'];
  const value = (Array.isArray(header) ? header[0] : header) ?? '';
  const cookie = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(value)?.[1] ?? '';
  return {
    cookie: `${SESSION_COOKIE}=${cookie}`,
    csrf: (login.json() as { csrf_token: string }).csrf_token,
    id: (created.json() as { id: string }).id,
  };
}

describe('GET /auth/state', () => {
  it('answers 200 to a signed-out visitor, so the page logs no error', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/auth/state' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ signed_in: false, session: null, ended: false, preferences: null });
  });

  it('says when the cookie names an ended session, and clears it', async () => {
    const { cookie, csrf } = await signedIn();
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(logout.statusCode).toBe(204);
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/auth/state', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ signed_in: false, session: null, ended: true });
    expect(String(response.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=;`);
  });

  it('answers the session and the preferences of a signed-in user', async () => {
    const { cookie, csrf, id } = await signedIn();
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/auth/state', headers: { cookie } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      signed_in: boolean;
      session: { user: { id: string }; csrf_token: string };
      preferences: { locale: string | null };
    };
    expect(body.signed_in).toBe(true);
    expect(body.session.user.id).toBe(id);
    expect(body.session.csrf_token).toBe(csrf);
    expect(body.preferences).toEqual({ locale: null });
  });
});

describe('/auth/preferences', () => {
  it('stores the language per user, and another user keeps theirs', async () => {
    const one = await signedIn();
    const other = await signedIn();
    const set = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/preferences',
      headers: { cookie: one.cookie, 'x-csrf-token': one.csrf },
      payload: { locale: 'uk' },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ locale: 'uk' });
    const read = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/preferences',
      headers: { cookie: one.cookie },
    });
    expect(read.json()).toEqual({ locale: 'uk' });
    const again = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/preferences',
      headers: { cookie: one.cookie, 'x-csrf-token': one.csrf },
      payload: { locale: 'en' },
    });
    expect(again.json()).toEqual({ locale: 'en' });
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/api/v1/auth/state',
      headers: { cookie: other.cookie },
    });
    expect((theirs.json() as { preferences: unknown }).preferences).toEqual({ locale: null });
  });

  it('refuses a language the UI does not speak, a change without CSRF token, and a signed-out caller', async () => {
    const { cookie, csrf } = await signedIn();
    const unknown = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/preferences',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { locale: 'de' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    const noToken = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/preferences',
      headers: { cookie },
      payload: { locale: 'uk' },
    });
    expect(noToken.statusCode).toBe(403);
    const signedOut = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/auth/preferences',
      payload: { locale: 'uk' },
    });
    expect(signedOut.statusCode).toBe(401);
  });
});
