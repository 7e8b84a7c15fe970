import type { FastifyInstance } from 'fastify';
import {
  PledgeCreateSchema,
  PledgeFiltersSchema,
  PledgePatchSchema,
  PledgeSchema,
} from '../../../core/pledges/pledge.schema.js';
import type { PledgeService } from '../../../core/pledges/pledge.service.js';
import { registerRecordRoutes } from '../record.routes.js';

export function pledgesRoutes(app: FastifyInstance, service: PledgeService): void {
  registerRecordRoutes(app, {
    path: '/pledges',
    entity: 'pledge',
    tag: 'pledges',
    schemas: {
      entity: PledgeSchema,
      create: PledgeCreateSchema,
      patch: PledgePatchSchema,
      filters: PledgeFiltersSchema,
    },
    service,
  });
}
