import type { FastifyInstance } from 'fastify';
import {
  RegionCreateSchema,
  RegionFiltersSchema,
  RegionPatchSchema,
  RegionSchema,
} from '../../../core/regions/region.schema.js';
import type { RegionService } from '../../../core/regions/region.service.js';
import { registerRecordRoutes } from '../record.routes.js';

export function regionsRoutes(app: FastifyInstance, service: RegionService): void {
  registerRecordRoutes(app, {
    path: '/regions',
    entity: 'region',
    tag: 'regions',
    schemas: {
      entity: RegionSchema,
      create: RegionCreateSchema,
      patch: RegionPatchSchema,
      filters: RegionFiltersSchema,
    },
    service,
  });
}
