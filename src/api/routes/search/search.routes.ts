import type { FastifyInstance } from 'fastify';
import {
  type SearchQuery,
  SearchQuerySchema,
  SearchResultSchema,
} from '../../../core/search/search.schema.js';
import type { SearchService } from '../../../core/search/search.service.js';
import { ProblemSchema } from '../../http.js';

export function searchRoutes(app: FastifyInstance, service: SearchService): void {
  app.get(
    '/search',
    {
      schema: {
        tags: ['search'],
        summary: 'Search needs, pledges, organisations, items, events, shipments and incidents',
        description:
          'Every word must match (any case, English or Ukrainian names). Only records the reader may see are searched; results are grouped by kind, best first.',
        querystring: SearchQuerySchema,
        response: { 200: SearchResultSchema, 400: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => service.search(request.query as SearchQuery),
  );
}
