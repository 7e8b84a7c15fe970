import type { FastifyInstance } from 'fastify';
import {
  DuplicateFlagSchema,
  DuplicatePageSchema,
  type DuplicateQuery,
  DuplicateQuerySchema,
} from '../../../core/provenance/duplicate.schema.js';
import type { DuplicateService } from '../../../core/provenance/duplicate.service.js';
import {
  type VerificationParams,
  VerificationParamsSchema,
  VerificationSchema,
} from '../../../core/provenance/verification.schema.js';
import type { VerificationService } from '../../../core/provenance/verification.service.js';
import { actorOf, IdParamsSchema, ProblemSchema } from '../../http.js';

/** Verification status of any record, and the review queue of possible duplicate pledges. */
export function provenanceRoutes(
  app: FastifyInstance,
  services: { verification: VerificationService; duplicates: DuplicateService },
): void {
  const { verification, duplicates } = services;

  app.get(
    '/verification/:entity_type/:entity_id',
    {
      schema: {
        tags: ['provenance'],
        summary: 'How well a record is supported by its sources (derived on every read)',
        params: VerificationParamsSchema,
        response: { 200: VerificationSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { entity_type, entity_id } = request.params as VerificationParams;
      return verification.verification(entity_type, entity_id);
    },
  );

  app.get(
    '/duplicates',
    {
      schema: {
        tags: ['provenance'],
        summary: 'Possible duplicate pledges flagged for review, with both pledges',
        querystring: DuplicateQuerySchema,
        response: { 200: DuplicatePageSchema, 400: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => duplicates.list(request.query as DuplicateQuery),
  );

  const review = (verb: 'dismiss' | 'confirm', summary: string) =>
    app.post(
      `/duplicates/:id/${verb}`,
      {
        schema: {
          tags: ['provenance'],
          summary,
          params: IdParamsSchema,
          response: { 200: DuplicateFlagSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
        },
      },
      async (request) => {
        const { id } = request.params as { id: string };
        return duplicates[verb](id, actorOf(request));
      },
    );
  review('dismiss', 'Record that the two pledges are not duplicates (409 if already confirmed)');
  review(
    'confirm',
    'Record that the two pledges are duplicates; nothing is merged (409 if already dismissed)',
  );
}
