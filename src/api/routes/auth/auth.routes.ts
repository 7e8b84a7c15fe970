import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  type Login,
  LoginResultSchema,
  LoginSchema,
  type PasswordChange,
  PasswordChangeSchema,
  SessionSchema,
} from '../../../core/auth/account.schema.js';
import { TooManyAttempts } from '../../../core/auth/throttle.js';
import { DomainError } from '../../../core/errors.js';
import { ProblemSchema } from '../../http.js';
import { type AuthServices, clearedSessionCookieHeader, sessionCookieHeader } from '../../plugins/auth.js';

const LogoutQuerySchema = Type.Object(
  {
    all: Type.Optional(
      Type.Boolean({ default: false, description: 'End every session of the account, not only this one' }),
    ),
  },
  { additionalProperties: false },
);

function unauthenticated(): DomainError {
  return new DomainError('unauthenticated', 401, 'log in first: there is no session');
}

/** Login, logout, the current session and the change of one's own password. */
export function authRoutes(app: FastifyInstance, auth: AuthServices): void {
  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in with email and password',
        description:
          'Starts a new session and sets its cookie `__Host-aidgrid_session` (Secure, HttpOnly, SameSite=Lax); a ' +
          'session cookie sent with the login is ended, so every login gets a fresh session id. Wrong email or ' +
          'password: 401 invalid_credentials, the same whether the account exists or not. Failures of one email from one ' +
          'client address make its next attempts wait longer and longer, and one address has a cap of failures: ' +
          'until then 429 too_many_attempts with Retry-After. Failures from elsewhere never stop a login. A login that the browser marks ' +
          'as cross-site (Sec-Fetch-Site, Origin) is refused with 403 csrf_failed.',
        body: LoginSchema,
        response: {
          200: LoginResultSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          429: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body as Login;
      let user: Awaited<ReturnType<typeof auth.accounts.authenticate>>;
      try {
        user = await auth.accounts.authenticate(email, password, request.ip);
      } catch (error) {
        if (error instanceof TooManyAttempts) reply.header('retry-after', String(error.retryAfterSeconds));
        throw error;
      }
      if (request.sessionCookie) await auth.sessions.end(request.sessionCookie);
      const { cookieValue, session } = await auth.sessions.start(user, {
        userAgent: request.headers['user-agent'],
        ip: request.ip,
      });
      reply.header('set-cookie', sessionCookieHeader(cookieValue));
      reply.header('cache-control', 'no-store');
      return { user, csrf_token: session.csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log out',
        description:
          'Ends this session at once (with ?all=true every session of the account) and removes the cookie. ' +
          'Needs the X-CSRF-Token header of the session. Without a live session it still answers 204.',
        querystring: LogoutQuerySchema,
        response: {
          204: Type.Null({ description: 'Logged out' }),
          403: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { all } = request.query as { all?: boolean };
      if (request.session && all) await auth.sessions.endAllOf(request.session.user.id);
      else if (request.sessionCookie) await auth.sessions.end(request.sessionCookie);
      reply.header('set-cookie', clearedSessionCookieHeader());
      return reply.status(204).send();
    },
  );

  app.get(
    '/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current session',
        description:
          'Who is logged in, the CSRF token to send with writes, and when the session ends. 401 unauthenticated ' +
          'without a session cookie, 401 session_expired when the cookie names a session that has ended.',
        response: { 200: SessionSchema, 401: ProblemSchema },
      },
    },
    async (request, reply) => {
      const session = request.session;
      if (!session) throw unauthenticated();
      reply.header('cache-control', 'no-store');
      return {
        user: session.user,
        csrf_token: session.csrfToken,
        expires_at: session.expiresAt.toISOString(),
        idle_expires_at: session.idleExpiresAt.toISOString(),
      };
    },
  );

  app.post(
    '/auth/password',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your own password',
        description:
          'Needs the current password (422 invalid_record on current_password when wrong) and a new one of 12 to ' +
          '256 characters that is not a common password nor your email or name (422 with the reasons on ' +
          'new_password). Every other session of the account ends; this one stays.',
        body: PasswordChangeSchema,
        response: {
          204: Type.Null({ description: 'Password changed' }),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const session = request.session;
      if (!session) throw unauthenticated();
      const body = request.body as PasswordChange;
      await auth.accounts.changePassword(
        session.user.id,
        body.current_password,
        body.new_password,
        session.id,
      );
      return reply.status(204).send();
    },
  );
}
