import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  type ApiTokenCreate,
  ApiTokenCreatedSchema,
  ApiTokenCreateSchema,
  ApiTokenSchema,
} from '../../../core/auth/account.schema.js';
import type { TokenService } from '../../../core/auth/token.service.js';
import { Uuid } from '../../../core/shared/record.schema.js';
import { actorOf, IdParamsSchema, ProblemSchema } from '../../http.js';

const TokenListSchema = Type.Object(
  {
    items: Type.Array(ApiTokenSchema, { description: 'The tokens, newest first; never their secrets' }),
    next_cursor: Type.Null({ description: 'Always null: every token is in one page' }),
  },
  { description: 'API tokens' },
);

const TokenFiltersSchema = Type.Object(
  { org_id: Type.Optional(Uuid('Only tokens of this organisation')) },
  { additionalProperties: false },
);

/** API tokens for programs: an admin manages all, a coordinator those of their own organisation. */
export function tokensRoutes(app: FastifyInstance, tokens: TokenService): void {
  app.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token',
        description:
          'Answers the secret once, in `token`; only its SHA-256 is kept. Send it as `Authorization: Bearer <token>`. ' +
          'Admins create tokens for any organisation; a coordinator for their own, not admin tokens and not above ' +
          'their own clearance. Expires after expires_in_days (default 30, at most 366) or at expires_at. The ' +
          'clearance defaults by role as for accounts.',
        body: ApiTokenCreateSchema,
        response: {
          201: ApiTokenCreatedSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const body = request.body as ApiTokenCreate;
      const created = await tokens.create(
        {
          name: body.name,
          orgId: body.org_id,
          role: body.role,
          clearance: body.clearance,
          expiresInDays: body.expires_in_days,
          expiresAt: body.expires_at,
        },
        actorOf(request),
      );
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens (never their secrets)',
        querystring: TokenFiltersSchema,
        response: { 200: TokenListSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const { org_id } = request.query as { org_id?: string };
      return { items: await tokens.list(actorOf(request), { orgId: org_id }), next_cursor: null };
    },
  );

  app.post(
    '/tokens/:id/revoke',
    {
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        description: 'Its next request answers 401 invalid_token. Revoking a revoked token changes nothing.',
        params: IdParamsSchema,
        response: { 200: ApiTokenSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return tokens.revoke(id, actorOf(request));
    },
  );
}
