import type { FastifyInstance } from 'fastify';
import {
  type GapQuery,
  GapQuerySchema,
  GapReportSchema,
  type GapWeeklyQuery,
  GapWeeklyQuerySchema,
  GapWeeklyReportSchema,
} from '../../../core/gaps/gap.schema.js';
import type { GapService } from '../../../core/gaps/gap.service.js';
import { type FiguresCache, sendFigures } from '../../figures-cache.js';
import { ProblemSchema } from '../../http.js';

export function gapsRoutes(app: FastifyInstance, gaps: GapService, figures: FiguresCache): void {
  app.get(
    '/gaps',
    {
      schema: {
        tags: ['gaps'],
        summary:
          'Needed, pledged, committed, allocated, shipped, delivered and unmet, by category, item, region or donor, with totals',
        querystring: GapQuerySchema,
        response: { 200: GapReportSchema, 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { by = 'category', category, region_id } = request.query as GapQuery;
      return sendFigures(figures, request, reply, 'gaps', { by, category, region_id }, () =>
        gaps.report(by, { category, region_id }),
      );
    },
  );

  app.get(
    '/gaps/weekly',
    {
      schema: {
        tags: ['gaps'],
        summary: 'Cumulative needed, pledged, committed and delivered per ISO week, overall or for one group',
        querystring: GapWeeklyQuerySchema,
        response: { 200: GapWeeklyReportSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const query = request.query as GapWeeklyQuery;
      return sendFigures(figures, request, reply, 'gaps/weekly', { ...query }, () => gaps.weekly(query));
    },
  );
}
