import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../test/support/app.js';
import { SESSION_COOKIE } from '../../plugins/auth.js';

const PASSWORD = 'a long enough passphrase for tests';
let now = new Date();
const advance = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

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

async function createUser(overrides: Record<string, unknown> = {}) {
  const email = `person${counter++}@example.test`;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { authorization: admin },
    payload: {
      email,
      display_name: 'A Person',
      org_id: t.orgId,
      role: 'coordinator',
      password: PASSWORD,
      ...overrides,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return {
    ...(response.json() as { id: string; email: string }),
    email: (overrides.email as string) ?? email,
  };
}

function cookieOf(response: LightMyRequestResponse): string {
  const header = response.headers['set-cookie'];
  const value = (Array.isArray(header) ? header[0] : header) ?? '';
  const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(value);
  if (!match?.[1]) throw new Error(`no session cookie in ${value}`);
  return match[1];
}

async function login(email: string, password = PASSWORD, cookie?: string) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    headers: cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {},
  });
  expect(response.statusCode, response.body).toBe(200);
  return {
    response,
    cookie: cookieOf(response),
    csrf: (response.json() as { csrf_token: string }).csrf_token,
  };
}

function session(cookie: string) {
  return t.app.inject({
    method: 'GET',
    url: '/api/v1/auth/session',
    headers: { cookie: `${SESSION_COOKIE}=${cookie}` },
  });
}

function logout(cookie: string, csrf: string, all = false) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/auth/logout${all ? '?all=true' : ''}`,
    headers: { cookie: `${SESSION_COOKIE}=${cookie}`, 'x-csrf-token': csrf },
  });
}

describe('login and sessions', () => {
  it('sets the session cookie with exactly the contract attributes and answers the user and a CSRF token', async () => {
    const user = await createUser();
    const { response, csrf } = await login(user.email.toUpperCase());
    expect(response.headers['set-cookie']).toMatch(
      new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{43}; Path=/; Secure; HttpOnly; SameSite=Lax$`),
    );
    expect(response.json()).toEqual({
      user: {
        id: user.id,
        email: user.email,
        display_name: 'A Person',
        org_id: t.orgId,
        role: 'coordinator',
        clearance: 'restricted',
      },
      csrf_token: csrf,
    });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('rotates the session at login: the cookie sent with the login dies, the new one works', async () => {
    const user = await createUser();
    const first = await login(user.email);
    const second = await login(user.email, PASSWORD, first.cookie);
    expect(second.cookie).not.toBe(first.cookie);
    const old = await session(first.cookie);
    expect(old.statusCode).toBe(401);
    expect(old.json().code).toBe('session_expired');
    expect(old.headers['set-cookie']).toContain('Max-Age=0');
    const fresh = await session(second.cookie);
    expect(fresh.statusCode).toBe(200);
    expect(fresh.json()).toMatchObject({ user: { id: user.id }, csrf_token: second.csrf });
  });

  it('ends a session after 30 idle minutes, and counts idleness from the last request', async () => {
    const user = await createUser();
    const { cookie } = await login(user.email);
    advance(29);
    const alive = await session(cookie);
    expect(alive.statusCode).toBe(200);
    expect(new Date(alive.json().idle_expires_at).getTime()).toBe(now.getTime() + 30 * 60_000);
    advance(29);
    expect((await session(cookie)).statusCode).toBe(200);
    advance(30);
    const dead = await session(cookie);
    expect(dead.statusCode).toBe(401);
    expect(dead.json().code).toBe('session_expired');
  });

  it('ends a session at its absolute timeout however busy it is', async () => {
    const user = await createUser();
    const { cookie } = await login(user.email);
    const started = now.getTime();
    const first = await session(cookie);
    expect(new Date(first.json().expires_at).getTime()).toBe(started + 2 * 3_600_000);
    for (let minutes = 20; minutes < 120; minutes += 20) {
      advance(20);
      expect((await session(cookie)).statusCode, `after ${minutes} minutes`).toBe(200);
    }
    advance(20);
    const dead = await session(cookie);
    expect(dead.statusCode).toBe(401);
    expect(dead.json().code).toBe('session_expired');
  });

  it('logout ends this session at once; logout?all=true ends every session of the user', async () => {
    const user = await createUser();
    const a = await login(user.email);
    const b = await login(user.email);
    const c = await login(user.email);
    expect((await logout(a.cookie, a.csrf)).statusCode).toBe(204);
    expect((await session(a.cookie)).statusCode).toBe(401);
    expect((await session(b.cookie)).statusCode).toBe(200);
    const all = await logout(b.cookie, b.csrf, true);
    expect(all.statusCode).toBe(204);
    expect(all.headers['set-cookie']).toContain('Max-Age=0');
    expect((await session(b.cookie)).statusCode).toBe(401);
    expect((await session(c.cookie)).statusCode).toBe(401);
  });

  it('disabling a user ends all their sessions at once and refuses their login until enabled', async () => {
    const user = await createUser();
    const a = await login(user.email);
    const b = await login(user.email);
    const disabled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/disable`,
      headers: { authorization: admin },
    });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json().disabled).toBe(true);
    expect((await session(a.cookie)).statusCode).toBe(401);
    expect((await session(b.cookie)).statusCode).toBe(401);
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: PASSWORD },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('invalid_credentials');
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/enable`,
      headers: { authorization: admin },
    });
    await login(user.email);
  });

  it('is 401 unauthenticated without a session', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/auth/session' });
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('unauthenticated');
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated write without the X-CSRF-Token of the session, and takes it with it', async () => {
    const user = await createUser();
    const { cookie, csrf } = await login(user.email);
    const create = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie: `${SESSION_COOKIE}=${cookie}`, ...headers },
        payload: { name: 'script', org_id: t.orgId, role: 'analyst' },
      });
    const missing = await create({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json().code).toBe('csrf_failed');
    // A wrong token of the same shape: its last character always differs from the right one's.
    const last = csrf.endsWith('A') ? 'B' : 'A';
    const wrong = await create({ 'x-csrf-token': `${csrf.slice(0, -1)}${last}` });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().code).toBe('csrf_failed');
    const right = await create({ 'x-csrf-token': csrf });
    expect(right.statusCode, right.body).toBe(201);
  });

  it('needs no CSRF token with a bearer token', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: admin },
      payload: { name: 'script', org_id: t.orgId, role: 'analyst' },
    });
    expect(response.statusCode).toBe(201);
  });

  it('refuses a login the browser marks as cross-site', async () => {
    const user = await createUser();
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }]) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers,
        payload: { email: user.email, password: PASSWORD },
      });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('csrf_failed');
    }
  });
});

describe('API tokens', () => {
  it('shows the secret once, lists tokens without it, and a revoked token is refused at once', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: admin },
      payload: { name: 'importer', org_id: t.orgId, role: 'coordinator', expires_in_days: 7 },
    });
    expect(created.statusCode).toBe(201);
    const token = created.json() as { id: string; token: string; clearance: string; prefix: string };
    expect(token.token).toMatch(/^agt_[A-Za-z0-9_-]{43}$/);
    expect(token.token.startsWith(token.prefix)).toBe(true);
    expect(token.clearance).toBe('restricted');
    const bearer = `Bearer ${token.token}`;
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/organisations',
          headers: { authorization: bearer },
        })
      ).statusCode,
    ).toBe(200);

    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      headers: { authorization: admin },
    });
    expect(list.body).not.toContain(token.token);
    expect(list.json().items.map((item: { id: string }) => item.id)).toContain(token.id);

    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/tokens/${token.id}/revoke`,
      headers: { authorization: admin },
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revoked_at).not.toBeNull();
    const refused = await t.app.inject({
      method: 'GET',
      url: '/api/v1/organisations',
      headers: { authorization: bearer },
    });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('invalid_token');
  });

  it('refuses an expired token and an unknown one, even on a public route', async () => {
    const bearer = await t.tokenFor({ role: 'analyst' });
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: admin },
      payload: { name: 'short', org_id: t.orgId, role: 'analyst', expires_in_days: 1 },
    });
    const shortLived = `Bearer ${created.json().token}`;
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/auth/session',
          headers: { authorization: 'Bearer agt_nope' },
        })
      ).json().code,
    ).toBe('invalid_token');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/items', headers: { authorization: bearer } }))
        .statusCode,
    ).toBe(200);
    advance(24 * 60 + 1);
    const expired = await t.app.inject({
      method: 'GET',
      url: '/api/v1/items',
      headers: { authorization: shortLived },
    });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('invalid_token');
  });

  it('lets a coordinator create tokens for its own organisation only, and no admin tokens', async () => {
    const coordinator = await t.tokenFor({ role: 'coordinator' });
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { authorization: admin },
      payload: { name: `Other ${counter++}`, kind: 'state', country_code: 'FR' },
    });
    const create = (payload: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { authorization: coordinator },
        payload: { name: 'x', ...payload },
      });
    expect((await create({ org_id: other.json().id, role: 'donor' })).statusCode).toBe(403);
    const adminToken = await create({ org_id: t.orgId, role: 'admin' });
    expect(adminToken.statusCode).toBe(422);
    expect(adminToken.json().errors).toEqual([
      { field: 'role', message: 'only an admin may create admin tokens' },
    ]);
  });
});

describe('password policy', () => {
  it('refuses short, common and own-name passwords with field errors', async () => {
    const cases = [
      ['short pass', 'must be at least 12 characters long'],
      ['password1234', 'is a commonly used password; choose another'],
      ['Qwertyuiop123', 'is a commonly used password; choose another'],
      ['someone.special@example.test', 'must not be your email address or name'],
    ];
    for (const [password, message] of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { authorization: admin },
        payload: {
          email: 'someone.special@example.test',
          display_name: 'Someone',
          org_id: t.orgId,
          role: 'analyst',
          password,
        },
      });
      expect(response.statusCode, password).toBe(422);
      expect(response.json().errors).toEqual([{ field: 'password', message }]);
    }
  });

  it('accepts a 64+ character passphrase and logs in with it; defaults the clearance by role', async () => {
    const long = 'the quick brown fox jumps over the lazy dog while it rains in kyiv ❄';
    expect(long.length).toBeGreaterThan(64);
    const user = await createUser({ password: long, role: 'analyst' });
    const { response } = await login(user.email, long);
    expect(response.json().user.clearance).toBe('public');
  });

  it('changes the own password after checking the current one, ending the other sessions', async () => {
    const user = await createUser();
    const mine = await login(user.email);
    const other = await login(user.email);
    const change = (current: string, next: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password',
        headers: { cookie: `${SESSION_COOKIE}=${mine.cookie}`, 'x-csrf-token': mine.csrf },
        payload: { current_password: current, new_password: next },
      });
    const wrong = await change('not the password', 'another passphrase entirely');
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().errors[0].field).toBe('current_password');
    const weak = await change(PASSWORD, 'password1234');
    expect(weak.json().errors[0].field).toBe('new_password');
    expect((await change(PASSWORD, 'another passphrase entirely')).statusCode).toBe(204);
    expect((await session(mine.cookie)).statusCode).toBe(200);
    expect((await session(other.cookie)).statusCode).toBe(401);
    await login(user.email, 'another passphrase entirely');
  });
});

describe('login throttle', () => {
  const attemptFrom = (address: string, email: string, password = 'wrong password!!') =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password },
      remoteAddress: address,
    });
  const strip = (r: LightMyRequestResponse) => {
    const { request_id: _id, ...rest } = r.json();
    return { status: r.statusCode, ...rest, retry: r.headers['retry-after'] ?? null };
  };

  it('lets the owner log in from another address after five wrong passwords from one', async () => {
    const user = await createUser();
    const fromA = [];
    for (let i = 0; i < 5; i++) fromA.push(await attemptFrom('198.51.100.1', user.email));
    expect(fromA.map((r) => r.statusCode)).toContain(401);
    const fromB = await attemptFrom('198.51.100.2', user.email, PASSWORD);
    expect(fromB.statusCode, fromB.body).toBe(200);
  });

  it('makes one address wait longer after each failure, the same for an existing and an unknown email', async () => {
    const user = await createUser();
    const run = async (email: string, address: string) => {
      const answers: ReturnType<typeof strip>[] = [];
      const waits: number[] = [];
      for (let i = 0; i < 7; i++) {
        const failed = await attemptFrom(address, email);
        answers.push(strip(failed));
        const early = await attemptFrom(address, email);
        answers.push(strip(early));
        if (early.statusCode === 429) {
          expect(early.json().code).toBe('too_many_attempts');
          const wait = Number(early.headers['retry-after']);
          waits.push(wait);
          now = new Date(now.getTime() + wait * 1000);
        }
      }
      return { answers, waits };
    };
    const existing = await run(user.email, '198.51.100.3');
    const unknown = await run('nobody-at-all@example.test', '198.51.100.4');
    expect(existing.waits.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < existing.waits.length; i++) {
      expect(existing.waits[i]).toBeGreaterThan(existing.waits[i - 1] ?? 0);
    }
    expect(existing).toEqual(unknown);
    // The right password waits its turn from that address, then gets in.
    expect((await attemptFrom('198.51.100.3', user.email)).statusCode).toBe(401);
    const early = await attemptFrom('198.51.100.3', user.email, PASSWORD);
    expect(early.statusCode).toBe(429);
    now = new Date(now.getTime() + Number(early.headers['retry-after']) * 1000);
    expect((await attemptFrom('198.51.100.3', user.email, PASSWORD)).statusCode).toBe(200);
  });

  it('caps the failures of one address whatever the emails, and only that address', async () => {
    const user = await createUser();
    for (let i = 0; i < 50; i++) {
      const response = await attemptFrom('198.51.100.5', `guess${i}@example.test`);
      expect(response.statusCode).toBe(401);
    }
    const capped = await attemptFrom('198.51.100.5', user.email, PASSWORD);
    expect([capped.statusCode, capped.json().code]).toEqual([429, 'too_many_attempts']);
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attemptFrom('198.51.100.6', user.email, PASSWORD)).statusCode).toBe(200);
    advance(16);
    expect((await attemptFrom('198.51.100.5', user.email, PASSWORD)).statusCode).toBe(200);
  });
});
