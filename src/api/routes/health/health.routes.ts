import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { HealthService } from '../../../core/health/health.service.js';

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], {
    description: 'ok when the database answers and every migration is applied',
  }),
  version: Type.String({ description: 'aidgrid version' }),
  database: Type.Object(
    {
      reachable: Type.Boolean({ description: 'Whether a query reached PostgreSQL' }),
      error: Type.Optional(Type.String({ description: 'Why it did not' })),
    },
    { description: 'Whether PostgreSQL answers' },
  ),
  migrations: Type.Object(
    {
      current: Type.Boolean({ description: 'Whether every migration of this version is applied' }),
      applied: Type.Integer({ description: 'Number of migrations applied' }),
      pending: Type.Array(Type.String(), { description: 'Migrations not yet applied' }),
      latest: Type.Union([Type.String(), Type.Null()], {
        description: 'Newest migration this version ships',
      }),
    },
    { description: 'State of the database schema' },
  ),
});

export function healthRoutes(app: FastifyInstance, health: HealthService): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Is the service able to work',
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const result = await health.check();
      return reply.status(result.status === 'ok' ? 200 : 503).send(result);
    },
  );
}
