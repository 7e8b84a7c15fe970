import type { FastifyInstance } from 'fastify';
import {
  NeedCreateSchema,
  NeedFiltersSchema,
  NeedPatchSchema,
  NeedSchema,
} from '../../../core/needs/need.schema.js';
import type { NeedService } from '../../../core/needs/need.service.js';
import { registerRecordRoutes } from '../record.routes.js';

export function needsRoutes(app: FastifyInstance, service: NeedService): void {
  registerRecordRoutes(app, {
    path: '/needs',
    entity: 'need',
    tag: 'needs',
    schemas: {
      entity: NeedSchema,
      create: NeedCreateSchema,
      patch: NeedPatchSchema,
      filters: NeedFiltersSchema,
    },
    service,
  });
}
