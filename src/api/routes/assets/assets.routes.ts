import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  AssetCreateSchema,
  AssetFiltersSchema,
  AssetPatchSchema,
  AssetSchema,
  type AssetStatusChange,
  AssetStatusChangeSchema,
  AssetStatusEntrySchema,
  type DamagedAssets,
  DamagedAssetsSchema,
  RegionAssetCountsSchema,
} from '../../../core/assets/asset.schema.js';
import type { AssetService } from '../../../core/assets/asset.service.js';
import { actorOf, etagOf, IdParamsSchema, ProblemSchema } from '../../http.js';
import { registerRecordRoutes } from '../record.routes.js';

/** Grid assets (docs/grid-repair.md): records, status history, damage by incidents, region counts. */
export function assetsRoutes(app: FastifyInstance, service: AssetService): void {
  // Before the record routes so that /assets/region-counts is not read as an id.
  app.get(
    '/assets/region-counts',
    {
      schema: {
        tags: ['assets'],
        summary: 'Grid assets counted by region, kind and status',
        description:
          'Counts of the assets the reader may see, and of those whose owner released them for region counts ' +
          '(region_release); no id, name, place, capacity or people served of an asset the reader may not see.',
        response: { 200: RegionAssetCountsSchema },
      },
    },
    async () => service.regionCounts(),
  );

  registerRecordRoutes(app, {
    path: '/assets',
    entity: 'grid asset',
    tag: 'assets',
    schemas: {
      entity: AssetSchema,
      create: AssetCreateSchema,
      patch: AssetPatchSchema,
      filters: AssetFiltersSchema,
    },
    service,
  });

  app.get(
    '/assets/:id/statuses',
    {
      schema: {
        tags: ['assets'],
        summary: 'Status history of a grid asset',
        params: IdParamsSchema,
        response: {
          200: Type.Object(
            { items: Type.Array(AssetStatusEntrySchema, { description: 'Statuses, oldest first' }) },
            { additionalProperties: false },
          ),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => ({ items: await service.statuses((request.params as { id: string }).id) }),
  );

  app.post(
    '/assets/:id/status',
    {
      schema: {
        tags: ['assets'],
        summary: 'Change the status of a grid asset',
        description:
          'in_service → damaged → under_repair → restored, or destroyed (409 invalid_transition otherwise); kept in the status history.',
        params: IdParamsSchema,
        body: AssetStatusChangeSchema,
        response: {
          200: AssetSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const asset = await service.changeStatus(id, request.body as AssetStatusChange, actorOf(request));
      return reply.header('ETag', etagOf(asset.version)).send(asset);
    },
  );

  app.post(
    '/incidents/:id/damaged-assets',
    {
      schema: {
        tags: ['assets'],
        summary: 'Record which assets an incident damaged',
        description:
          'Each asset must match a damage entry of the incident (region and kind; no more than its count). A known asset ' +
          '(asset_id) becomes damaged or destroyed by the incident; an unknown one is created (restricted) and damaged.',
        params: IdParamsSchema,
        body: DamagedAssetsSchema,
        response: {
          200: Type.Object(
            { items: Type.Array(AssetSchema, { description: 'The damaged assets as they are now' }) },
            { additionalProperties: false },
          ),
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return { items: await service.recordDamage(id, request.body as DamagedAssets, actorOf(request)) };
    },
  );
}
