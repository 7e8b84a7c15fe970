import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Clock } from '../../../core/shared/clock.js';

const ClockSchema = Type.Object(
  {
    as_of: Type.String({
      format: 'date',
      description:
        'The day the data is as of: what "now" means for every default (readiness, forecast, plans, weekly series)',
      examples: ['2022-11-24'],
    }),
    source: Type.Union([Type.Literal('system'), Type.Literal('data_set')], {
      description: 'data_set: the day stored with the data (the demo is as of 2022-11-24); system: today',
    }),
  },
  { description: "The data set's clock" },
);

export function clockRoutes(app: FastifyInstance, clock: Clock): void {
  app.get(
    '/clock',
    {
      schema: {
        tags: ['clock'],
        summary: 'The day the data is as of',
        response: { 200: ClockSchema },
      },
    },
    async () => ({ as_of: clock.today(), source: clock.source === 'data_set' ? 'data_set' : 'system' }),
  );
}
