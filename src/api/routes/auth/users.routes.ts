import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { type UserCreate, UserCreateSchema, UserSchema } from '../../../core/auth/account.schema.js';
import type { AccountService } from '../../../core/auth/account.service.js';
import { Uuid } from '../../../core/shared/record.schema.js';
import { actorOf, IdParamsSchema, ProblemSchema } from '../../http.js';

const UserListSchema = Type.Object(
  {
    items: Type.Array(UserSchema, { description: 'The accounts, by email' }),
    next_cursor: Type.Null({ description: 'Always null: every account is in one page' }),
  },
  { description: 'Accounts' },
);

const UserFiltersSchema = Type.Object(
  { org_id: Type.Optional(Uuid('Only accounts of this organisation')) },
  { additionalProperties: false },
);

/** Accounts of people, managed by admins. */
export function usersRoutes(app: FastifyInstance, accounts: AccountService): void {
  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create an account (admin)',
        description:
          'The clearance defaults by role: admin coalition, coordinator restricted, recipient, donor and ' +
          'manufacturer coalition, analyst public. 422 invalid_record when the password is too short (12), too ' +
          'long (256), common, or the email or name; 409 email_taken; 422 unknown_reference for org_id.',
        body: UserCreateSchema,
        response: {
          201: UserSchema,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const user = await accounts.create(request.body as UserCreate, actorOf(request));
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List accounts (admin)',
        querystring: UserFiltersSchema,
        response: { 200: UserListSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const { org_id } = request.query as { org_id?: string };
      return { items: await accounts.list(actorOf(request), { orgId: org_id }), next_cursor: null };
    },
  );

  for (const action of ['disable', 'enable'] as const) {
    app.post(
      `/users/:id/${action}`,
      {
        schema: {
          tags: ['users'],
          summary: action === 'disable' ? 'Disable an account (admin)' : 'Enable a disabled account (admin)',
          description:
            action === 'disable'
              ? 'The account cannot log in and every one of its sessions ends at once.'
              : 'The account can log in again; its ended sessions stay ended.',
          params: IdParamsSchema,
          response: {
            200: UserSchema,
            401: ProblemSchema,
            403: ProblemSchema,
            404: ProblemSchema,
            409: ProblemSchema,
          },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        return accounts[action](id, actorOf(request));
      },
    );
  }
}
