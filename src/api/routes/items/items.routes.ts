import type { FastifyInstance } from 'fastify';
import {
  ItemCreateSchema,
  ItemFiltersSchema,
  ItemPatchSchema,
  ItemSchema,
} from '../../../core/items/item.schema.js';
import type { ItemService } from '../../../core/items/item.service.js';
import { registerRecordRoutes } from '../record.routes.js';

export function itemsRoutes(app: FastifyInstance, service: ItemService): void {
  registerRecordRoutes(app, {
    path: '/items',
    entity: 'item',
    tag: 'items',
    schemas: {
      entity: ItemSchema,
      create: ItemCreateSchema,
      patch: ItemPatchSchema,
      filters: ItemFiltersSchema,
    },
    service,
  });
}
