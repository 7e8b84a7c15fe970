import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  PledgeCreateSchema,
  PledgeFiltersSchema,
  PledgePatchSchema,
  PledgeSchema,
  type PledgeTransitionRequest,
  PledgeTransitionRequestSchema,
  PledgeTransitionSchema,
} from '../../../core/pledges/pledge.schema.js';
import type { PledgeService } from '../../../core/pledges/pledge.service.js';
import type {
  PledgeEndpointAction,
  PledgeTransitionService,
} from '../../../core/pledges/pledge-transition.service.js';
import {
  actorOf,
  bodyOptional,
  etagOf,
  IdParamsSchema,
  OptionalIfMatchHeadersSchema,
  optionalVersion,
  ProblemSchema,
} from '../../http.js';
import { registerRecordRoutes } from '../record.routes.js';

const STEPS: readonly { path: string; action: PledgeEndpointAction; summary: string; description: string }[] =
  [
    {
      path: 'commit',
      action: 'commit',
      summary: 'Commit (part of) the pledged quantity',
      description:
        'Adds the quantity to the committed stage; committed may not exceed the quantity pledged (409 quantity_exceeds_stage).',
    },
    {
      path: 'put-in-service',
      action: 'put_in_service',
      summary: 'Report (part of) the delivered quantity in service',
      description:
        'Adds the quantity to the in-service stage; it may not exceed the delivered quantity (409 quantity_exceeds_stage).',
    },
    {
      path: 'cancel',
      action: 'cancel',
      summary: 'Cancel the pledge, or withdraw part of its uncommitted remainder',
      description:
        'Without a quantity the whole pledge is cancelled, which needs nothing allocated (409 pledge_in_use). With a ' +
        'quantity, that much of the uncommitted remainder is withdrawn and the pledge goes on.',
    },
    {
      path: 'expire',
      action: 'expire',
      summary: 'Mark the pledge expired, or let part of its uncommitted remainder lapse',
      description: 'The same rules as cancel; the pledge ends as expired.',
    },
  ];

export function pledgesRoutes(
  app: FastifyInstance,
  service: PledgeService,
  transitions: PledgeTransitionService,
): void {
  registerRecordRoutes(app, {
    path: '/pledges',
    entity: 'pledge',
    tag: 'pledges',
    schemas: {
      entity: PledgeSchema,
      create: PledgeCreateSchema,
      patch: PledgePatchSchema,
      filters: PledgeFiltersSchema,
    },
    service,
  });

  for (const step of STEPS) {
    app.post(
      `/pledges/:id/${step.path}`,
      {
        preValidation: bodyOptional,
        schema: {
          tags: ['pledges'],
          summary: step.summary,
          description: `${step.description} Nothing is possible on a cancelled or expired pledge (409 invalid_transition). If-Match is optional: when sent, 412 if the pledge has changed.`,
          params: IdParamsSchema,
          headers: OptionalIfMatchHeadersSchema,
          body: PledgeTransitionRequestSchema,
          response: {
            200: PledgeSchema,
            400: ProblemSchema,
            404: ProblemSchema,
            409: ProblemSchema,
            412: ProblemSchema,
            422: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const version = optionalVersion(request.headers['if-match'], 'pledge', id);
        const body = request.body as PledgeTransitionRequest;
        const pledge = await transitions.take(id, step.action, body, actorOf(request), version);
        return reply.header('ETag', etagOf(pledge.version)).send(pledge);
      },
    );
  }

  app.get(
    '/pledges/:id/transitions',
    {
      schema: {
        tags: ['pledges'],
        summary: 'Lifecycle history of a pledge',
        params: IdParamsSchema,
        response: {
          200: Type.Object(
            {
              items: Type.Array(PledgeTransitionSchema, {
                description:
                  'Every step the reader may see, oldest first: a step taken by an allocation, shipment or receipt the reader cannot see is left out (docs/figures.md)',
              }),
            },
            { additionalProperties: false },
          ),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return { items: await transitions.history(id) };
    },
  );
}
