import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoordinationCell } from '../../../test/support/auth.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import type { SessionUser } from './account.schema.js';
import { type AccountService, createAccountService, toSessionUser } from './account.service.js';
import { systemActor } from './actor.js';
import { createSessionService, type SessionService } from './session.service.js';

let database: TestDatabase;
let now = new Date('2026-03-02T08:00:00.000Z');
const advance = (ms: number) => {
  now = new Date(now.getTime() + ms);
};
const MINUTE = 60_000;
let sessions: SessionService;
let accounts: AccountService;
let orgId: string;
let counter = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  orgId = await createCoordinationCell(database.db);
  sessions = createSessionService({ db: database.db, clock: () => now, idleMinutes: 30, maxHours: 12 });
  accounts = createAccountService({ db: database.db, clock: () => now });
}, 120_000);
afterAll(async () => database?.drop());

async function newUser(): Promise<SessionUser> {
  const user = await accounts.create(
    {
      email: `user${counter++}@example.test`,
      display_name: 'Session tester',
      org_id: orgId,
      role: 'donor',
      password: 'sessions are tested here',
    },
    systemActor('test'),
  );
  return toSessionUser(user);
}

async function lastSeen(id: string): Promise<Date> {
  const row = await database.db
    .selectFrom('user_session')
    .select('last_seen_at')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.last_seen_at;
}

describe('sessions', () => {
  it('stores only the SHA-256 of the cookie value and resolves it to the user', async () => {
    const user = await newUser();
    const { cookieValue, session } = await sessions.start(user, { userAgent: 'vitest', ip: '127.0.0.1' });
    expect(session.id).toMatch(/^[0-9a-f]{64}$/);
    const stored = await database.db.selectFrom('user_session').selectAll().execute();
    expect(JSON.stringify(stored)).not.toContain(cookieValue);
    const lookup = await sessions.resolve(cookieValue);
    expect(lookup).toMatchObject({ status: 'live', session: { user, id: session.id } });
    expect(await sessions.resolve(`${cookieValue}x`)).toEqual({ status: 'ended', reason: 'unknown' });
  });

  it('ends after the idle timeout, counted from the last use, written at most once a minute', async () => {
    const user = await newUser();
    const { cookieValue, session } = await sessions.start(user);
    const started = now.getTime();
    advance(30 * 1000);
    expect((await sessions.resolve(cookieValue)).status).toBe('live');
    expect((await lastSeen(session.id)).getTime()).toBe(started);
    advance(29 * MINUTE);
    expect((await sessions.resolve(cookieValue)).status).toBe('live');
    expect((await lastSeen(session.id)).getTime()).toBe(now.getTime());
    advance(30 * MINUTE - 1);
    expect((await sessions.resolve(cookieValue)).status).toBe('live');
    advance(30 * MINUTE);
    expect(await sessions.resolve(cookieValue)).toEqual({ status: 'ended', reason: 'idle' });
  });

  it('ends at the absolute timeout even when used all the time', async () => {
    const user = await newUser();
    const { cookieValue, session } = await sessions.start(user);
    expect(session.expiresAt.getTime() - now.getTime()).toBe(12 * 60 * MINUTE);
    for (let i = 0; i < 12 * 3 - 1; i++) {
      advance(20 * MINUTE);
      expect((await sessions.resolve(cookieValue)).status).toBe('live');
    }
    advance(20 * MINUTE);
    expect(await sessions.resolve(cookieValue)).toEqual({ status: 'ended', reason: 'absolute' });
  });

  it('ends one session, all of a user, and all of a disabled user at once', async () => {
    const user = await newUser();
    const a = await sessions.start(user);
    const b = await sessions.start(user);
    const c = await sessions.start(user);
    await sessions.end(a.cookieValue);
    expect(await sessions.resolve(a.cookieValue)).toEqual({ status: 'ended', reason: 'revoked' });
    expect((await sessions.resolve(b.cookieValue)).status).toBe('live');
    expect(await sessions.endAllOf(user.id, c.session.id)).toBe(1);
    expect((await sessions.resolve(b.cookieValue)).status).toBe('ended');
    expect((await sessions.resolve(c.cookieValue)).status).toBe('live');

    await accounts.disable(user.id, systemActor('test'));
    expect((await sessions.resolve(c.cookieValue)).status).toBe('ended');
    await accounts.enable(user.id, systemActor('test'));
    // Enabling does not bring ended sessions back.
    expect((await sessions.resolve(c.cookieValue)).status).toBe('ended');
  });
});
