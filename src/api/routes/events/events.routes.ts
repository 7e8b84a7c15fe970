import type { FastifyInstance } from 'fastify';
import {
  EventCreateSchema,
  EventFiltersSchema,
  EventPatchSchema,
  EventSchema,
} from '../../../core/events/event.schema.js';
import type { EventService } from '../../../core/events/event.service.js';
import { registerRecordRoutes } from '../record.routes.js';

export function eventsRoutes(app: FastifyInstance, service: EventService): void {
  registerRecordRoutes(app, {
    path: '/events',
    entity: 'event',
    tag: 'events',
    schemas: {
      entity: EventSchema,
      create: EventCreateSchema,
      patch: EventPatchSchema,
      filters: EventFiltersSchema,
    },
    service,
  });
}
