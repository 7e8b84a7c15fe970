import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../db/connection.js';
import { buildApp } from './app.js';

// Issue 13, hole 5: with the database unreachable the API answered 500 and health 503 as application/json.

let database: DatabaseHandle;
let app: FastifyInstance;
beforeAll(async () => {
  // Port 1 on the loopback refuses every connection, as a stopped PostgreSQL does.
  database = connectDatabase('postgres://aidgrid:secret-password@127.0.0.1:1/aidgrid');
  app = await buildApp({ db: database.db });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('an unreachable database', () => {
  it('answers 503 database_unavailable problem+json with Retry-After, naming nothing of the database', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/regions' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.json()).toMatchObject({ status: 503, code: 'database_unavailable' });
    expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|secret-password/);
  });

  it('fails the health check as application/health+json with 503', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^application\/health\+json/);
    expect(response.json()).toMatchObject({
      status: 'fail',
      checks: { 'postgresql:connection': [{ status: 'fail', output: 'unreachable' }] },
    });
    expect(response.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
  });
});
