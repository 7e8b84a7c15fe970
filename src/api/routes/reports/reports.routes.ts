import type { FastifyInstance } from 'fastify';
import {
  type ConversionQuery,
  ConversionQuerySchema,
  DonorFunnelReportSchema,
  EventConversionReportSchema,
} from '../../../core/reports/conversion.schema.js';
import type { ConversionService } from '../../../core/reports/conversion.service.js';
import { type FiguresCache, sendFigures } from '../../figures-cache.js';
import { ProblemSchema } from '../../http.js';

export function reportsRoutes(
  app: FastifyInstance,
  conversion: ConversionService,
  figures: FiguresCache,
): void {
  app.get(
    '/reports/events',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Promises kept per event: announced, committed and delivered, in quantity and EUR, and how fast',
        querystring: ConversionQuerySchema,
        response: { 200: EventConversionReportSchema, 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const query = request.query as ConversionQuery;
      return sendFigures(figures, request, reply, 'reports/events', { ...query }, () =>
        conversion.events(query),
      );
    },
  );

  app.get(
    '/reports/donors',
    {
      schema: {
        tags: ['reports'],
        summary: 'Per donor: announced → committed → allocated → shipped → delivered → in service',
        querystring: ConversionQuerySchema,
        response: { 200: DonorFunnelReportSchema, 400: ProblemSchema },
      },
    },
    async (request, reply) => {
      const query = request.query as ConversionQuery;
      return sendFigures(figures, request, reply, 'reports/donors', { ...query }, () =>
        conversion.donors(query),
      );
    },
  );
}
