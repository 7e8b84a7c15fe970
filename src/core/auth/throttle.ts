import type { Kysely } from 'kysely';
import {
  clearThrottle,
  readThrottle,
  recordThrottleFailure,
} from '../../db/repositories/account.repository.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../errors.js';

export interface LoginThrottleOptions {
  /** Failed logins for one email (existing or not) within the window before it is refused. */
  readonly maxFailuresPerEmail?: number;
  /** Failed logins from one client address within the window before it is refused. */
  readonly maxFailuresPerIp?: number;
  readonly windowMinutes?: number;
}

export const DEFAULT_LOGIN_THROTTLE = {
  maxFailuresPerEmail: 5,
  maxFailuresPerIp: 50,
  windowMinutes: 15,
} as const;

/** 429 too_many_attempts; the route sends `retryAfterSeconds` as Retry-After. */
export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'too_many_attempts',
      429,
      `too many failed logins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`,
    );
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

/**
 * Counts failed logins per email and per client address in a fixed window, in the database so
 * that the count holds across restarts and processes. An email is counted whether or not an
 * account has it, so a refusal says nothing about which accounts exist.
 */
export function createLoginThrottle(deps: {
  db: Kysely<Database>;
  clock?: () => Date;
  options?: LoginThrottleOptions;
}) {
  const { db, clock = () => new Date() } = deps;
  const maxEmail = deps.options?.maxFailuresPerEmail ?? DEFAULT_LOGIN_THROTTLE.maxFailuresPerEmail;
  const maxIp = deps.options?.maxFailuresPerIp ?? DEFAULT_LOGIN_THROTTLE.maxFailuresPerIp;
  const windowMs = (deps.options?.windowMinutes ?? DEFAULT_LOGIN_THROTTLE.windowMinutes) * 60_000;
  const keysOf = (email: string, ip: string | undefined) => [
    { scope: 'email' as const, key: email.trim().toLowerCase().slice(0, 300) },
    ...(ip ? [{ scope: 'ip' as const, key: ip.slice(0, 300) }] : []),
  ];

  return {
    /** Throws TooManyAttempts while the email or the address has used up its failures. */
    async check(email: string, ip: string | undefined): Promise<void> {
      const now = clock().getTime();
      let retryAfterMs = 0;
      for (const row of await readThrottle(db, keysOf(email, ip))) {
        const ends = row.window_started_at.getTime() + windowMs;
        const max = row.scope === 'email' ? maxEmail : maxIp;
        if (ends > now && row.failures >= max) retryAfterMs = Math.max(retryAfterMs, ends - now);
      }
      if (retryAfterMs > 0) throw new TooManyAttempts(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    },

    async recordFailure(email: string, ip: string | undefined): Promise<void> {
      const now = clock();
      const windowStartedAfter = new Date(now.getTime() - windowMs);
      for (const { scope, key } of keysOf(email, ip)) {
        await recordThrottleFailure(db, scope, key, now, windowStartedAfter);
      }
    },

    /** A successful login clears the email's count; the address keeps its own. */
    async recordSuccess(email: string): Promise<void> {
      await clearThrottle(db, 'email', email.trim().toLowerCase().slice(0, 300));
    },
  };
}
