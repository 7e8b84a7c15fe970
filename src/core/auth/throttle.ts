import type { Kysely } from 'kysely';
import {
  clearThrottle,
  readThrottle,
  recordThrottleFailure,
  setThrottleBlockedUntil,
} from '../../db/repositories/account.repository.js';
import type { Database } from '../../db/schema.js';
import { DomainError } from '../errors.js';

export interface LoginThrottleOptions {
  /** Failed logins of one email from one client address that cost no wait. */
  readonly freeFailures?: number;
  /** The wait after the first failure beyond the free ones; each further failure doubles it. */
  readonly firstDelaySeconds?: number;
  /** The longest wait between two attempts of one email from one address. */
  readonly maxDelaySeconds?: number;
  /** Failed logins from one client address within the window before it is refused (any email). */
  readonly maxFailuresPerIp?: number;
  /** How long failures are remembered, counted from the first one of a key. */
  readonly windowMinutes?: number;
}

export const DEFAULT_LOGIN_THROTTLE = {
  freeFailures: 3,
  firstDelaySeconds: 2,
  maxDelaySeconds: 900,
  maxFailuresPerIp: 50,
  windowMinutes: 15,
} as const;

/** 429 too_many_attempts; the route sends `retryAfterSeconds` as Retry-After. */
export class TooManyAttempts extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'too_many_attempts',
      429,
      `too many failed logins; try again in ${retryAfterSeconds < 60 ? `${retryAfterSeconds} second(s)` : `${Math.ceil(retryAfterSeconds / 60)} minute(s)`}`,
    );
  }
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

/** The wait after `failures` failures of one email from one address (0 while they are free). */
export function loginDelaySeconds(
  failures: number,
  options: Pick<Required<LoginThrottleOptions>, 'freeFailures' | 'firstDelaySeconds' | 'maxDelaySeconds'>,
): number {
  if (failures <= options.freeFailures) return 0;
  const doublings = Math.min(failures - options.freeFailures - 1, 30);
  return Math.min(options.maxDelaySeconds, options.firstDelaySeconds * 2 ** doublings);
}

/**
 * Throttles logins as OWASP ASVS 5.0 V6.3 asks, without letting anyone lock an account's owner
 * out: failures count per (email, client address) and make that pair wait longer and longer
 * (free ones first, then a delay that doubles up to a maximum), and per client address up to a
 * cap within a window. Nothing counts per email alone, so failures from one address never stop
 * the owner logging in from another. An email is counted whether or not an account has it, by
 * the same queries in the same order, so neither the answer nor the path says which accounts
 * exist. In the database, so that counts hold across restarts and processes.
 */
export function createLoginThrottle(deps: {
  db: Kysely<Database>;
  clock?: () => Date;
  options?: LoginThrottleOptions;
}) {
  const { db, clock = () => new Date() } = deps;
  const options = { ...DEFAULT_LOGIN_THROTTLE, ...deps.options };
  const windowMs = options.windowMinutes * 60_000;
  const pairKey = (email: string, ip: string | undefined) =>
    `${email.trim().toLowerCase().slice(0, 300)} ${(ip ?? 'unknown').slice(0, 99)}`;
  const keysOf = (email: string, ip: string | undefined) => [
    { scope: 'account_address' as const, key: pairKey(email, ip) },
    ...(ip ? [{ scope: 'ip' as const, key: ip.slice(0, 300) }] : []),
  ];

  return {
    /** Throws TooManyAttempts while the pair must wait or the address has used up its failures. */
    async check(email: string, ip: string | undefined): Promise<void> {
      const now = clock().getTime();
      let retryAfterMs = 0;
      for (const row of await readThrottle(db, keysOf(email, ip))) {
        if (row.scope === 'account_address') {
          const until = row.blocked_until?.getTime() ?? 0;
          if (until > now) retryAfterMs = Math.max(retryAfterMs, until - now);
        } else {
          const ends = row.window_started_at.getTime() + windowMs;
          if (ends > now && row.failures >= options.maxFailuresPerIp) {
            retryAfterMs = Math.max(retryAfterMs, ends - now);
          }
        }
      }
      if (retryAfterMs > 0) throw new TooManyAttempts(Math.max(1, Math.ceil(retryAfterMs / 1000)));
    },

    /** Counts a failure for the pair and the address; the pair's next attempt waits as it has earned. */
    async recordFailure(email: string, ip: string | undefined): Promise<void> {
      const now = clock();
      const windowStartedAfter = new Date(now.getTime() - windowMs);
      for (const { scope, key } of keysOf(email, ip)) {
        const failures = await recordThrottleFailure(db, scope, key, now, windowStartedAfter);
        const delay = scope === 'account_address' ? loginDelaySeconds(failures, options) : 0;
        if (delay > 0) await setThrottleBlockedUntil(db, key, new Date(now.getTime() + delay * 1000));
      }
    },

    /** A successful login clears the pair's count; the address keeps its own. */
    async recordSuccess(email: string, ip: string | undefined): Promise<void> {
      await clearThrottle(db, 'account_address', pairKey(email, ip));
    },
  };
}
