import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { HealthService } from '../../../core/health/health.service.js';

export const HEALTH_CONTENT_TYPE = 'application/health+json';

const HealthStatusSchema = Type.Union([Type.Literal('pass'), Type.Literal('warn'), Type.Literal('fail')], {
  description:
    'pass: healthy; warn: healthy, with a concern (PostgreSQL restarted within the hour); fail: unhealthy',
});

const HealthCheckSchema = Type.Object({
  componentType: Type.Union([Type.Literal('datastore'), Type.Literal('component')], {
    description: 'What kind of component was checked',
  }),
  status: HealthStatusSchema,
  time: Type.String({ description: 'When it was checked (ISO 8601)' }),
  observedValue: Type.Optional(Type.Number({ description: 'What was measured' })),
  observedUnit: Type.Optional(Type.String({ description: 'Unit of observedValue' })),
  output: Type.Optional(Type.String({ description: 'Why the check is not pass' })),
});

const HealthSchema = Type.Object(
  {
    status: HealthStatusSchema,
    version: Type.Literal('1', { description: 'Major version of this health document' }),
    releaseId: Type.String({ description: 'aidgrid version' }),
    serviceId: Type.Literal('aidgrid', { description: 'The service' }),
    description: Type.String({ description: 'What the checks cover' }),
    output: Type.Optional(Type.String({ description: 'Why the status is not pass' })),
    checks: Type.Record(Type.String(), Type.Array(HealthCheckSchema), {
      description:
        'Per component:measurement — postgresql:connection, postgresql:migrations, postgresql:process (embedded only)',
    }),
  },
  { description: 'Health of the service (application/health+json, draft-inadvertent-health-check)' },
);

export function healthRoutes(app: FastifyInstance, health: HealthService): void {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Is the service able to work',
        response: {
          200: { content: { [HEALTH_CONTENT_TYPE]: { schema: HealthSchema } } },
          503: { content: { [HEALTH_CONTENT_TYPE]: { schema: HealthSchema } } },
        },
      },
    },
    async (_request, reply) => {
      const result = await health.check();
      return reply
        .status(result.status === 'fail' ? 503 : 200)
        .header('cache-control', 'no-store')
        .type(HEALTH_CONTENT_TYPE)
        .send(result);
    },
  );
}
