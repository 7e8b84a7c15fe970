import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Actor, ANONYMOUS, type Role, systemActor } from '../core/auth/actor.js';
import type { Database } from '../db/schema.js';
import { authorise, isGuarded, PERMISSIONS, permissionKey } from './permissions.js';
import { PERMISSIONS_DOC, renderPermissionsDoc } from './permissions-doc.js';
import { permissionsPlugin } from './plugins/permissions.js';

const ORG = '01900000-0000-7000-8000-000000000001';
const as = (role: Role): Actor => ({
  id: `token:${role}`,
  kind: 'token',
  orgId: ORG,
  role,
  clearance: 'coalition',
});
const entry = (key: string) => {
  const permission = PERMISSIONS[key];
  if (!permission) throw new Error(`no entry ${key}`);
  return permission;
};

describe('the permission table', () => {
  it('is what docs/permissions.md documents (regenerate with npx tsx src/api/permissions-doc.ts)', () => {
    expect(readFileSync(PERMISSIONS_DOC, 'utf8')).toBe(renderPermissionsDoc());
  });

  it('keys every entry by method and API route, and confines only roles it lets in', () => {
    for (const [key, permission] of Object.entries(PERMISSIONS)) {
      expect(key).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/api\//);
      if (typeof permission === 'string') continue;
      for (const role of Object.keys(permission.own ?? {})) expect(permission.roles, key).toContain(role);
    }
  });

  it('lets anyone read public data and nobody without credentials write', () => {
    expect(authorise(entry('GET /api/v1/pledges'), ANONYMOUS)).toEqual({ outcome: 'allow' });
    expect(authorise(entry('POST /api/v1/pledges'), ANONYMOUS)).toEqual({ outcome: 'unauthenticated' });
  });

  it('refuses roles it does not list, and confines a donor to its own pledges', () => {
    const commit = entry('POST /api/v1/pledges/:id/commit');
    expect(authorise(commit, as('analyst'))).toMatchObject({ outcome: 'forbidden' });
    expect(authorise(commit, as('recipient'))).toMatchObject({ outcome: 'forbidden' });
    expect(authorise(commit, as('coordinator'))).toEqual({ outcome: 'allow' });
    expect(authorise(commit, as('donor'))).toEqual({ outcome: 'scoped', scope: { record: 'pledge.donor' } });
    expect(authorise(entry('POST /api/v1/allocations/:id/accept'), as('donor'))).toMatchObject({
      outcome: 'forbidden',
    });
  });

  it('does not apply to the operator’s own tools', () => {
    expect(authorise(entry('POST /api/v1/allocations/:id/accept'), systemActor('cli'))).toEqual({
      outcome: 'allow',
    });
  });

  it('guards /api routes except the documentation UI, and answers HEAD as GET', () => {
    expect(isGuarded('/api/v1/needs')).toBe(true);
    expect(isGuarded('/api/health')).toBe(true);
    expect(isGuarded('/api/docs/static/index.html')).toBe(false);
    expect(isGuarded('/assets/index.js')).toBe(false);
    expect(permissionKey('HEAD', '/api/v1/needs')).toBe('GET /api/v1/needs');
  });
});

describe('the permissions plugin', () => {
  const db = {} as Kysely<Database>; // never queried: these tests stop before any request

  it('refuses to start when an API route has no entry (deny by default)', async () => {
    const app = Fastify();
    await app.register(permissionsPlugin, { db });
    expect(() => app.get('/api/v1/unlisted', async () => ({}))).toThrow(
      /GET \/api\/v1\/unlisted has no entry/,
    );
    await app.close();
  });

  it('starts when every API route has one', async () => {
    const app = Fastify();
    await app.register(permissionsPlugin, { db });
    app.get('/api/v1/needs', async () => ({}));
    app.get('/elsewhere', async () => ({}));
    await expect(app.ready()).resolves.toBeDefined();
    await app.close();
  });
});
