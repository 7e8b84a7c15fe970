import type { Kysely } from 'kysely';
import {
  findSessionWithUser,
  insertSession,
  revokeSession,
  revokeUserSessions,
  touchSession,
} from '../../db/repositories/account.repository.js';
import type { Database } from '../../db/schema.js';
import type { SessionUser } from './account.schema.js';
import type { Classification, Role } from './actor.js';
import { randomSecret, sha256Hex } from './secrets.js';

export const DEFAULT_SESSION_IDLE_MINUTES = 30;
export const DEFAULT_SESSION_MAX_HOURS = 12;
/** last_seen_at is written at most this often, so that a busy session does not write per request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface LiveSession {
  readonly id: string;
  readonly user: SessionUser;
  readonly csrfToken: string;
  readonly expiresAt: Date;
  readonly idleExpiresAt: Date;
}

/** What a cookie value stands for: a live session, or one that has ended (or never was). */
export type SessionLookup =
  | { readonly status: 'live'; readonly session: LiveSession }
  | { readonly status: 'ended'; readonly reason: 'unknown' | 'revoked' | 'idle' | 'absolute' | 'disabled' };

export type SessionService = ReturnType<typeof createSessionService>;

/**
 * Login sessions behind an opaque cookie. Only the SHA-256 of the cookie value is stored. A
 * session ends when revoked, after `idleMinutes` without a request, after `maxHours` whatever
 * happens, or when its user is disabled. `clock` is injected so that tests can move time.
 */
export function createSessionService(deps: {
  db: Kysely<Database>;
  clock?: () => Date;
  idleMinutes?: number;
  maxHours?: number;
}) {
  const { db, clock = () => new Date() } = deps;
  const idleMs = (deps.idleMinutes ?? DEFAULT_SESSION_IDLE_MINUTES) * 60_000;
  const maxMs = (deps.maxHours ?? DEFAULT_SESSION_MAX_HOURS) * 3_600_000;

  return {
    idleMinutes: idleMs / 60_000,
    maxHours: maxMs / 3_600_000,

    /** Starts a session for the user; the returned cookie value is never stored. */
    async start(
      user: SessionUser,
      meta: { userAgent?: string | undefined; ip?: string | undefined } = {},
    ): Promise<{ cookieValue: string; session: LiveSession }> {
      const now = clock();
      const cookieValue = randomSecret();
      const id = sha256Hex(cookieValue);
      const csrfToken = randomSecret();
      const expiresAt = new Date(now.getTime() + maxMs);
      await insertSession(db, {
        id,
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: now,
        last_seen_at: now,
        absolute_expires_at: expiresAt,
        user_agent: meta.userAgent?.slice(0, 500) ?? null,
        ip: meta.ip?.slice(0, 100) ?? null,
      });
      return {
        cookieValue,
        session: {
          id,
          user,
          csrfToken,
          expiresAt,
          idleExpiresAt: earlier(expiresAt, now.getTime() + idleMs),
        },
      };
    },

    /** Looks the cookie value up and, when the session is live, records that it was used. */
    async resolve(cookieValue: string): Promise<SessionLookup> {
      const id = sha256Hex(cookieValue);
      const row = await findSessionWithUser(db, id);
      if (!row) return { status: 'ended', reason: 'unknown' };
      if (row.revoked_at !== null) return { status: 'ended', reason: 'revoked' };
      if (row.disabled_at !== null) return { status: 'ended', reason: 'disabled' };
      const now = clock();
      if (now.getTime() >= row.absolute_expires_at.getTime()) return { status: 'ended', reason: 'absolute' };
      if (now.getTime() >= row.last_seen_at.getTime() + idleMs) return { status: 'ended', reason: 'idle' };
      let lastSeen = row.last_seen_at;
      if (now.getTime() - lastSeen.getTime() >= TOUCH_INTERVAL_MS) {
        await touchSession(db, id, now);
        lastSeen = now;
      }
      return {
        status: 'live',
        session: {
          id,
          user: {
            id: row.user_id,
            email: row.email,
            display_name: row.display_name,
            org_id: row.org_id,
            role: row.role as Role,
            clearance: row.clearance as Classification,
          },
          csrfToken: row.csrf_token,
          expiresAt: row.absolute_expires_at,
          idleExpiresAt: earlier(row.absolute_expires_at, lastSeen.getTime() + idleMs),
        },
      };
    },

    /** Ends the session of this cookie value (nothing happens when there is none). */
    async end(cookieValue: string): Promise<void> {
      await revokeSession(db, sha256Hex(cookieValue), clock());
    },

    /** Ends every session of the user at once, but `keepSessionId` when given; returns how many. */
    async endAllOf(userId: string, keepSessionId?: string): Promise<number> {
      return revokeUserSessions(db, userId, clock(), keepSessionId);
    },
  };
}

function earlier(date: Date, ms: number): Date {
  return new Date(Math.min(date.getTime(), ms));
}
