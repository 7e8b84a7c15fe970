import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoordinationCell, createTestToken } from '../../../test/support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { currentActor } from '../../db/actor-context.js';
import { buildApp } from '../app.js';

let database: TestDatabase;
let app: FastifyInstance;
let orgId: string;
let bearer: string;
let tokenId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await buildApp({ db: database.db, auth: { rateLimit: { perMinute: 3, tokenPerMinute: 5 } } });
  // Outside /api, so that the permission table does not need an entry for this probe.
  app.post('/test/actor', async (request) => ({ actor: currentActor() ?? null, body: request.body }));
  await app.ready();
  orgId = await createCoordinationCell(database.db);
  const token = await createTestToken(database.db, { role: 'donor', orgId, clearance: 'coalition' });
  bearer = token.authorization;
  tokenId = token.id;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

describe('the auth plugin', () => {
  it('runs the handler as the token actor, body parsing included', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/test/actor',
      headers: { authorization: bearer },
      payload: { probe: true },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      actor: { id: `token:${tokenId}`, kind: 'token', orgId, role: 'donor', clearance: 'coalition' },
      body: { probe: true },
    });
  });

  it('limits requests per token and per address with 429 rate_limited and Retry-After', async () => {
    const statuses: number[] = [];
    let last = await app.inject({ method: 'GET', url: '/api/v1/items', headers: { authorization: bearer } });
    statuses.push(last.statusCode);
    while (last.statusCode !== 429 && statuses.length < 20) {
      last = await app.inject({ method: 'GET', url: '/api/v1/items', headers: { authorization: bearer } });
      statuses.push(last.statusCode);
    }
    // One request went to /test/actor above: the token's 5 a minute are used up after 4 more.
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect(last.headers['content-type']).toContain('application/problem+json');
    expect(last.json()).toMatchObject({ code: 'rate_limited', status: 429, title: 'Too Many Requests' });
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);

    // Anonymous callers are counted by address, apart from the token.
    const anonymous = [];
    for (let i = 0; i < 4; i++)
      anonymous.push((await app.inject({ method: 'GET', url: '/api/v1/items' })).statusCode);
    expect(anonymous).toEqual([200, 200, 200, 429]);
    // X-Forwarded-For is not believed unless AIDGRID_TRUST_PROXY says so: still the same address.
    const forwarded = await app.inject({
      method: 'GET',
      url: '/api/v1/items',
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    expect(forwarded.statusCode).toBe(429);
  });

  it('counts clients by X-Forwarded-For when the proxy is trusted', async () => {
    const proxied = await buildApp({
      db: database.db,
      auth: { trustProxy: true, rateLimit: { perMinute: 1 } },
    });
    try {
      const from = (address: string) =>
        proxied.inject({ method: 'GET', url: '/api/v1/items', headers: { 'x-forwarded-for': address } });
      expect((await from('203.0.113.7')).statusCode).toBe(200);
      expect((await from('203.0.113.8')).statusCode).toBe(200);
      expect((await from('203.0.113.7')).statusCode).toBe(429);
    } finally {
      await proxied.close();
    }
  });

  it('sets security headers on the API and the docs', async () => {
    const docs = await app.inject({
      method: 'GET',
      url: '/api/docs/static/index.html',
      remoteAddress: '10.0.0.9',
    });
    expect(docs.headers['content-security-policy']).toContain("script-src 'self'");
    expect(docs.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(docs.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
