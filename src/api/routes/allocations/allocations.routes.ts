import type { FastifyInstance } from 'fastify';
import {
  AllocationCreateSchema,
  type AllocationDecision,
  AllocationDecisionSchema,
  AllocationFiltersSchema,
  AllocationPatchSchema,
  AllocationSchema,
} from '../../../core/allocations/allocation.schema.js';
import type { AllocationService } from '../../../core/allocations/allocation.service.js';
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

const DECISIONS = [
  {
    path: 'accept',
    summary: 'Accept a proposed allocation',
    description:
      'In one transaction: the allocation becomes accepted, the pledge’s allocated quantity grows (at most its committed ' +
      'quantity: 409 exceeds_committed) and so does the need’s (at most its quantity: 409 exceeds_need); the pledge’s ' +
      'history records the step. 409 invalid_transition when the allocation is not proposed, pledge_closed when the ' +
      'pledge is cancelled or expired, need_closed when the need is cancelled.',
  },
  {
    path: 'reject',
    summary: 'Reject a proposed allocation',
    description:
      '409 invalid_transition when the allocation is not proposed (release an accepted one instead).',
  },
  {
    path: 'release',
    summary: 'Release an accepted allocation that nothing was shipped against',
    description:
      'The allocation becomes rejected and its quantity goes back to the pledge and the need, in one transaction. ' +
      '409 invalid_transition when it is not accepted, allocation_shipped when something was shipped against it.',
  },
] as const;

export function allocationsRoutes(app: FastifyInstance, service: AllocationService): void {
  registerRecordRoutes(app, {
    path: '/allocations',
    entity: 'allocation',
    tag: 'allocations',
    schemas: {
      entity: AllocationSchema,
      create: AllocationCreateSchema,
      patch: AllocationPatchSchema,
      filters: AllocationFiltersSchema,
    },
    service,
  });

  for (const decision of DECISIONS) {
    app.post(
      `/allocations/:id/${decision.path}`,
      {
        preValidation: bodyOptional,
        schema: {
          tags: ['allocations'],
          summary: decision.summary,
          description: `${decision.description} If-Match is optional: when sent, 412 if the allocation has changed.`,
          params: IdParamsSchema,
          headers: OptionalIfMatchHeadersSchema,
          body: AllocationDecisionSchema,
          response: {
            200: AllocationSchema,
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
        const version = optionalVersion(request.headers['if-match'], 'allocation', id);
        const body = request.body as AllocationDecision;
        const allocation = await service[decision.path](id, body, actorOf(request), version);
        return reply.header('ETag', etagOf(allocation.version)).send(allocation);
      },
    );
  }
}
