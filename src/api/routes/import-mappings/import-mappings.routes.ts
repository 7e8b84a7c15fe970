import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { SavedMappingService } from '../../../interchange/import/saved-mapping.service.js';
import { actorOf, ProblemSchema } from '../../http.js';

const NameParamsSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$',
      description: 'The mapping’s name (any case): letters, digits, dots, dashes and underscores',
      examples: ['ministry-needs'],
    }),
  },
  { additionalProperties: false },
);

const MappingBodySchema = Type.Record(Type.String(), Type.Unknown(), {
  description:
    'A mapping as `aidgrid import --mapping FILE` reads it (docs/import.md): entity, columns, values, defaults, decimal, dates, key, external_id_prefix',
  examples: [{ entity: 'need', columns: { Область: 'region' }, decimal: ',' }],
});

const SavedMappingSchema = Type.Object(
  {
    name: Type.String({ description: 'Its name, as last saved', examples: ['ministry-needs'] }),
    mapping: MappingBodySchema,
    updated_by: Type.String({ description: 'Who saved it last' }),
    updated_at: Type.String({ format: 'date-time', description: 'When it was saved last' }),
  },
  { additionalProperties: false },
);

/**
 * Import mappings saved under a name for the caller's organisation (docs/import.md): its members
 * list, read, replace and delete them; `POST /imports?mapping=NAME` uses one. No one else sees them.
 */
export function importMappingsRoutes(app: FastifyInstance, mappings: SavedMappingService): void {
  app.get(
    '/import-mappings',
    {
      schema: {
        tags: ['imports'],
        summary: 'The import mappings saved for your organisation',
        response: {
          200: Type.Object(
            { items: Type.Array(SavedMappingSchema, { description: 'By name' }) },
            { additionalProperties: false },
          ),
          403: ProblemSchema,
        },
      },
    },
    async (request) => ({ items: await mappings.list(actorOf(request)) }),
  );
  app.get(
    '/import-mappings/:name',
    {
      schema: {
        tags: ['imports'],
        summary: 'One saved import mapping',
        params: NameParamsSchema,
        response: { 200: SavedMappingSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => mappings.get(actorOf(request), (request.params as { name: string }).name),
  );
  app.put(
    '/import-mappings/:name',
    {
      schema: {
        tags: ['imports'],
        summary: 'Save a mapping under a name for your organisation (201), or replace it (200)',
        params: NameParamsSchema,
        body: MappingBodySchema,
        response: {
          200: SavedMappingSchema,
          201: SavedMappingSchema,
          403: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { saved, created } = await mappings.save(
        actorOf(request),
        (request.params as { name: string }).name,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(saved);
    },
  );
  app.delete(
    '/import-mappings/:name',
    {
      schema: {
        tags: ['imports'],
        summary: 'Delete a saved mapping',
        params: NameParamsSchema,
        response: { 204: Type.Null({ description: 'Deleted' }), 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      await mappings.remove(actorOf(request), (request.params as { name: string }).name);
      return reply.code(204).send();
    },
  );
}
