import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  FundAllocationCreateSchema,
  FundAllocationFiltersSchema,
  FundAllocationPatchSchema,
  FundAllocationSchema,
  MoneyPledgeCreateSchema,
  MoneyPledgeFiltersSchema,
  MoneyPledgePatchSchema,
  MoneyPledgeSchema,
  type MoneyTransitionRequest,
  MoneyTransitionRequestSchema,
  MoneyTransitionSchema,
} from '../../../core/money-pledges/money-pledge.schema.js';
import type {
  FundAllocationService,
  MoneyPledgeService,
} from '../../../core/money-pledges/money-pledge.service.js';
import type { MoneyPledgeAction } from '../../../core/money-pledges/money-pledge-lifecycle.js';
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

const STEPS: readonly { action: MoneyPledgeAction; summary: string }[] = [
  {
    action: 'commit',
    summary: 'Commit (part of) the money pledged; committed ≤ amount (409 amount_exceeds_stage)',
  },
  {
    action: 'disburse',
    summary: 'Disburse (part of) the committed money; disbursed ≤ committed (409 amount_exceeds_stage)',
  },
  { action: 'cancel', summary: 'Cancel the money pledge; nothing may be disbursed (409 pledge_in_use)' },
];

/** Money pledges to funds or projects, their lifecycle, and fund allocations to projects (docs/grid-repair.md). */
export function moneyPledgesRoutes(
  app: FastifyInstance,
  services: { pledges: MoneyPledgeService; allocations: FundAllocationService },
): void {
  registerRecordRoutes(app, {
    path: '/money-pledges',
    entity: 'money pledge',
    tag: 'money pledges',
    schemas: {
      entity: MoneyPledgeSchema,
      create: MoneyPledgeCreateSchema,
      patch: MoneyPledgePatchSchema,
      filters: MoneyPledgeFiltersSchema,
    },
    service: services.pledges,
  });
  for (const step of STEPS) {
    app.post(
      `/money-pledges/:id/${step.action}`,
      {
        preValidation: bodyOptional,
        schema: {
          tags: ['money pledges'],
          summary: step.summary,
          params: IdParamsSchema,
          headers: OptionalIfMatchHeadersSchema,
          body: MoneyTransitionRequestSchema,
          response: {
            200: MoneyPledgeSchema,
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
        const version = optionalVersion(request.headers['if-match'], 'money_pledge', id);
        const pledge = await services.pledges.transition(
          id,
          step.action,
          (request.body ?? {}) as MoneyTransitionRequest,
          actorOf(request),
          version,
        );
        return reply.header('ETag', etagOf(pledge.version)).send(pledge);
      },
    );
  }
  app.get(
    '/money-pledges/:id/transitions',
    {
      schema: {
        tags: ['money pledges'],
        summary: 'Lifecycle steps of a money pledge',
        params: IdParamsSchema,
        response: {
          200: Type.Object(
            { items: Type.Array(MoneyTransitionSchema, { description: 'Steps, oldest first' }) },
            { additionalProperties: false },
          ),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => ({ items: await services.pledges.transitions((request.params as { id: string }).id) }),
  );
  registerRecordRoutes(app, {
    path: '/fund-allocations',
    entity: 'fund allocation',
    tag: 'money pledges',
    schemas: {
      entity: FundAllocationSchema,
      create: FundAllocationCreateSchema,
      patch: FundAllocationPatchSchema,
      filters: FundAllocationFiltersSchema,
    },
    service: services.allocations,
  });
}
