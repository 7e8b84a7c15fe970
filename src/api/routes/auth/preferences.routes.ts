import type { FastifyInstance } from 'fastify';
import {
  type PreferencesPatch,
  PreferencesPatchSchema,
  PreferencesSchema,
  SessionStateSchema,
} from '../../../core/auth/preference.schema.js';
import { DomainError } from '../../../core/errors.js';
import { ProblemSchema } from '../../http.js';
import type { AuthServices } from '../../plugins/auth.js';

/** The session state the web UI asks for on every page load, and the user's own preferences. */
export function preferencesRoutes(app: FastifyInstance, auth: AuthServices): void {
  app.get(
    '/auth/state',
    {
      schema: {
        tags: ['auth'],
        summary: 'Whether anyone is signed in',
        description:
          'Like GET /auth/session, but answers 200 when signed out too (session null), so that a page load ' +
          'of a signed-out visitor logs no error. `ended` is true when the cookie named a session that has ' +
          'ended; the cookie is then cleared. With a session, also the user’s preferences.',
        response: { 200: SessionStateSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const session = request.session;
      if (!session) {
        const ended = request.sessionCookie !== undefined && request.sessionCookie !== '';
        return { signed_in: false, session: null, ended, preferences: null };
      }
      return {
        signed_in: true,
        session: {
          user: session.user,
          csrf_token: session.csrfToken,
          expires_at: session.expiresAt.toISOString(),
          idle_expires_at: session.idleExpiresAt.toISOString(),
        },
        ended: false,
        preferences: await auth.preferences.get(session.user.id),
      };
    },
  );

  app.get(
    '/auth/preferences',
    {
      schema: {
        tags: ['auth'],
        summary: 'Your preferences',
        description: 'The signed-in user’s own preferences: the language of the web UI.',
        response: { 200: PreferencesSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const session = request.session;
      if (!session) throw new DomainError('unauthenticated', 401, 'log in first: there is no session');
      return auth.preferences.get(session.user.id);
    },
  );

  app.patch(
    '/auth/preferences',
    {
      schema: {
        tags: ['auth'],
        summary: 'Change your preferences',
        description:
          'Stores the signed-in user’s language for the web UI (en or uk); every browser they sign in ' +
          'with then opens in it, unless the address says ?lang=.',
        body: PreferencesPatchSchema,
        response: { 200: PreferencesSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const session = request.session;
      if (!session) throw new DomainError('unauthenticated', 401, 'log in first: there is no session');
      return auth.preferences.update(session.user.id, request.body as PreferencesPatch);
    },
  );
}
