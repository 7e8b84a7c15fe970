import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { createAccountService } from '../../core/auth/account.service.js';
import { type Actor, ANONYMOUS } from '../../core/auth/actor.js';
import { createPreferenceService } from '../../core/auth/preference.service.js';
import { sameSecret } from '../../core/auth/secrets.js';
import { createSessionService, type LiveSession } from '../../core/auth/session.service.js';
import { createLoginThrottle, type LoginThrottleOptions } from '../../core/auth/throttle.js';
import { createTokenService } from '../../core/auth/token.service.js';
import { DomainError } from '../../core/errors.js';
import { runAsActor, withOwnerRights } from '../../db/actor-context.js';
import type { Database } from '../../db/schema.js';

/** The session cookie: `__Host-` binds it to this host, path / and HTTPS (localhost counts as secure). */
export const SESSION_COOKIE = '__Host-aidgrid_session';
const COOKIE_ATTRIBUTES = 'Path=/; Secure; HttpOnly; SameSite=Lax';
export const CSRF_HEADER = 'x-csrf-token';
export const LOGIN_URL = '/api/v1/auth/login';
const LOGOUT_URL = '/api/v1/auth/logout';
/** Answers 200 whether or not anyone is signed in, also for an ended session (it says so). */
const STATE_URL = '/api/v1/auth/state';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const DEFAULT_RATE_LIMIT = { perMinute: 1200, tokenPerMinute: 6000 } as const;

export interface AuthOptions {
  /** The time for sessions, tokens and the login throttle; tests inject one they can move. */
  readonly clock?: () => Date;
  /** Default 30. */
  readonly sessionIdleMinutes?: number;
  /** Default 12. */
  readonly sessionMaxHours?: number;
  /** Requests per minute per client address (perMinute) and per API token (tokenPerMinute). */
  readonly rateLimit?: { readonly perMinute?: number; readonly tokenPerMinute?: number };
  readonly loginThrottle?: LoginThrottleOptions;
  /** Fastify's trustProxy: whom to believe for X-Forwarded-For; false unless configured. */
  readonly trustProxy?: boolean | number | string;
}

export type AuthServices = ReturnType<typeof createAuthServices>;

/** The services behind authentication, shared by the plugin and the auth, users and tokens routes. */
export function createAuthServices(db: Kysely<Database>, options: AuthOptions = {}) {
  const clock = options.clock ?? (() => new Date());
  const throttle = createLoginThrottle({ db, clock, options: options.loginThrottle ?? {} });
  return {
    clock,
    // The account tables are closed to the application role (migration 0009): these services
    // use the owner's rights even inside a request, still audited as the request's actor.
    sessions: withOwnerRights(
      createSessionService({
        db,
        clock,
        idleMinutes: options.sessionIdleMinutes,
        maxHours: options.sessionMaxHours,
      }),
    ),
    tokens: withOwnerRights(createTokenService({ db, clock })),
    accounts: withOwnerRights(createAccountService({ db, clock, throttle })),
    preferences: withOwnerRights(createPreferenceService({ db })),
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: the token's or the session user's actor, or ANONYMOUS. */
    actor: Actor;
    /** The live session when the request came with its cookie (and no bearer token). */
    session: LiveSession | undefined;
    /** The session cookie value as sent, live or not. */
    sessionCookie: string | undefined;
  }
}

/** Set-Cookie for a new session, with exactly the attributes of the HTTP contract. */
export function sessionCookieHeader(value: string): string {
  return `${SESSION_COOKIE}=${value}; ${COOKIE_ATTRIBUTES}`;
}

/** Set-Cookie that removes the session cookie from the browser. */
export function clearedSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0`;
}

function unauthorized(code: string, message: string): DomainError {
  return new DomainError(code, 401, message);
}

function csrfFailed(message: string): DomainError {
  return new DomainError('csrf_failed', 403, message);
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

/** Login has no session yet, so no CSRF token: refuse it when the browser says it is cross-site. */
function checkLoginOrigin(request: FastifyRequest): void {
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site') throw csrfFailed('a login from another site is refused');
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') {
    if (origin === 'null') throw csrfFailed('a login from an opaque origin is refused');
    return;
  }
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw csrfFailed('the Origin header is not a URL');
  }
  if (host !== request.host) throw csrfFailed('a login from another origin is refused');
}

async function authenticate(
  services: AuthServices,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Actor> {
  const route = request.routeOptions.url;
  const unsafe = UNSAFE_METHODS.has(request.method);

  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const actor = match?.[1] ? await services.tokens.authenticate(match[1]) : undefined;
    if (!actor) {
      throw unauthorized(
        'invalid_token',
        'the API token is unknown, expired or revoked (Authorization: Bearer agt_…)',
      );
    }
    return actor;
  }

  // The web UI's pages and assets need nobody: a stale cookie must not stop them loading.
  if (!isApiPath(request.url.split('?')[0] ?? '')) return ANONYMOUS;
  if (route === LOGIN_URL && unsafe) checkLoginOrigin(request);
  const cookieValue = request.cookies[SESSION_COOKIE];
  request.sessionCookie = cookieValue;
  if (cookieValue === undefined || cookieValue === '') return ANONYMOUS;
  const lookup = await services.sessions.resolve(cookieValue);
  if (lookup.status === 'ended') {
    // Logging in or out with a dead cookie is the normal way back; elsewhere the UI must know.
    if (route === LOGIN_URL || route === LOGOUT_URL) return ANONYMOUS;
    reply.header('set-cookie', clearedSessionCookieHeader());
    if (route === STATE_URL && !unsafe) return ANONYMOUS;
    throw unauthorized('session_expired', 'your session has ended; log in again');
  }
  const { session } = lookup;
  if (unsafe && route !== LOGIN_URL) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !sameSecret(sent, session.csrfToken)) {
      throw csrfFailed(`send the session's csrf_token in the X-CSRF-Token header`);
    }
  }
  request.session = session;
  return {
    id: session.user.id,
    kind: 'user',
    orgId: session.user.org_id,
    role: session.user.role,
    clearance: session.user.clearance,
  };
}

/**
 * Authentication and hardening for the whole app: security headers, the session cookie or API
 * token turned into `request.actor`, CSRF for cookie writes, rate limits per token or address.
 * The rest of each request runs inside runAsActor(request.actor), so database work downstream
 * knows who is asking.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, options: { services: AuthServices; rateLimit?: AuthOptions['rateLimit'] }) => {
    const { services } = options;
    await app.register(cookie);
    await app.register(helmet, {
      contentSecurityPolicy: {
        directives: {
          // The SPA and /api/docs load only their own scripts and styles (plus inline styles, which
          // ECharts and swagger-ui set); aidgrid is often served over plain HTTP on localhost or
          // behind a TLS proxy, so requests are not forced onto https here.
          'upgrade-insecure-requests': null,
          'img-src': ["'self'", 'data:', 'blob:'],
        },
      },
    });

    app.decorateRequest('actor', null as unknown as Actor);
    app.decorateRequest('session', undefined);
    app.decorateRequest('sessionCookie', undefined);
    // Callback style, so that the rest of the request (hooks, handler) runs inside runAsActor.
    app.addHook('onRequest', (request, reply, done) => {
      request.actor = ANONYMOUS;
      authenticate(services, request, reply).then(
        (actor) => {
          request.actor = actor;
          runAsActor(actor, done);
        },
        (error: Error) => done(error),
      );
    });

    // An answer to someone signed in (or trying to be) is theirs alone: no browser or proxy keeps it.
    // Anonymous answers stay cacheable as before: they hold public data only.
    app.addHook('onSend', async (request, reply) => {
      const credentials =
        request.actor?.kind === 'user' ||
        request.actor?.kind === 'token' ||
        request.headers.authorization !== undefined ||
        request.sessionCookie !== undefined;
      if (credentials && isApiPath(request.url.split('?')[0] ?? ''))
        reply.header('cache-control', 'no-store');
    });

    const perMinute = options.rateLimit?.perMinute ?? DEFAULT_RATE_LIMIT.perMinute;
    const tokenPerMinute = options.rateLimit?.tokenPerMinute ?? DEFAULT_RATE_LIMIT.tokenPerMinute;
    await app.register(rateLimit, {
      global: true,
      timeWindow: 60_000,
      // Runs after the authentication hook above: a token is limited as itself, anything else by address.
      keyGenerator: (request) => (request.actor?.kind === 'token' ? request.actor.id : `ip:${request.ip}`),
      max: (_request, key) => (key.startsWith('token:') ? tokenPerMinute : perMinute),
      errorResponseBuilder: (_request, context) =>
        new DomainError(
          'rate_limited',
          429,
          `too many requests: at most ${context.max} a minute; retry in ${context.after}`,
        ),
    });
  },
  { name: 'aidgrid-auth' },
);
