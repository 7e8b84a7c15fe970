import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  LinkableEntitySchema,
  SourceCreateSchema,
  SourceFiltersSchema,
  type SourceLink,
  SourceLinkSchema,
  SourcePatchSchema,
  SourceSchema,
} from '../../../core/sources/source.schema.js';
import type { SourceService } from '../../../core/sources/source.service.js';
import { actorOf, IdParamsSchema, ProblemSchema } from '../../http.js';
import { registerRecordRoutes } from '../record.routes.js';

const LinksSchema = Type.Object({
  items: Type.Array(SourceLinkSchema, { description: 'Records the source supports' }),
});

export function sourcesRoutes(app: FastifyInstance, service: SourceService): void {
  registerRecordRoutes(app, {
    path: '/sources',
    entity: 'source',
    tag: 'sources',
    schemas: {
      entity: SourceSchema,
      create: SourceCreateSchema,
      patch: SourcePatchSchema,
      filters: SourceFiltersSchema,
    },
    service,
  });

  app.get(
    '/sources/:id/links',
    {
      schema: {
        tags: ['sources'],
        summary: 'Records a source supports',
        params: IdParamsSchema,
        response: { 200: LinksSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => ({ items: await service.links((request.params as { id: string }).id) }),
  );

  app.post(
    '/sources/:id/links',
    {
      schema: {
        tags: ['sources'],
        summary: 'Attach a source to a record (idempotent)',
        params: IdParamsSchema,
        body: SourceLinkSchema,
        response: { 200: LinksSchema, 400: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return { items: await service.link(id, request.body as SourceLink, actorOf(request)) };
    },
  );

  app.delete(
    '/sources/:id/links/:entity_type/:entity_id',
    {
      schema: {
        tags: ['sources'],
        summary: 'Detach a source from a record',
        params: Type.Object(
          {
            id: Type.String({ format: 'uuid', description: 'Source id' }),
            entity_type: LinkableEntitySchema,
            entity_id: Type.String({ format: 'uuid', description: 'Record id' }),
          },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null({ description: 'Detached' }), 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { id, entity_type, entity_id } = request.params as { id: string } & SourceLink;
      await service.unlink(id, { entity_type, entity_id }, actorOf(request));
      return reply.status(204).send();
    },
  );
}
