import type { FastifyInstance } from 'fastify';
import { type GapQuery, GapQuerySchema, GapReportSchema } from '../../../core/gaps/gap.schema.js';
import type { GapService } from '../../../core/gaps/gap.service.js';
import { ProblemSchema } from '../../http.js';

export function gapsRoutes(app: FastifyInstance, gaps: GapService): void {
  app.get(
    '/gaps',
    {
      schema: {
        tags: ['gaps'],
        summary: 'Needed, pledged and unmet, by category, item, region or donor',
        querystring: GapQuerySchema,
        response: { 200: GapReportSchema, 400: ProblemSchema },
      },
    },
    async (request) => {
      const { by = 'category', category, region_id } = request.query as GapQuery;
      return gaps.report(by, { category, region_id });
    },
  );
}
