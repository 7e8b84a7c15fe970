import type { FastifyInstance } from 'fastify';
import { type TObject, type TSchema, Type } from 'typebox';
import { PageSchema } from '../../core/shared/record.schema.js';
import type { RecordService } from '../../core/shared/record.service.js';
import {
  actorOf,
  etagOf,
  IdempotencyHeadersSchema,
  IdParamsSchema,
  IfMatchHeadersSchema,
  PagingQueryFields,
  ProblemSchema,
  requiredVersion,
} from '../http.js';

export interface RecordRoutesOptions<Entity extends { id: string; version: number }, Create, Patch, Filters> {
  /** Path under /api/v1, e.g. '/needs'. */
  readonly path: string;
  /** Singular name for documentation and errors, e.g. 'need'. */
  readonly entity: string;
  readonly tag: string;
  readonly schemas: { entity: TSchema; create: TSchema; patch: TSchema; filters: TObject };
  readonly service: RecordService<Entity, Create, Patch, Filters>;
}

export const AuditEntrySchema = Type.Object({
  seq: Type.String({ description: 'Position in the audit log' }),
  at: Type.String({ format: 'date-time', description: 'When the change was made (UTC)' }),
  actor: Type.String({ description: 'Who made the change: a user id, token:<id> or a tool of the operator' }),
  actor_name: Type.String({ description: 'Who made the change, as people read it (a user by name)' }),
  action: Type.String({ description: 'create, update, delete, link or unlink' }),
  before: Type.Unknown({ description: 'The record before the change (null for a create)' }),
  after: Type.Unknown({ description: 'The record after the change (null for a delete)' }),
});

/** List, create, read, update, delete and history for one kind of record, all documented. */
export function registerRecordRoutes<Entity extends { id: string; version: number }, Create, Patch, Filters>(
  app: FastifyInstance,
  options: RecordRoutesOptions<Entity, Create, Patch, Filters>,
): void {
  const { path, entity, tag, schemas, service } = options;
  const errors = { 400: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema };
  const query = Type.Object(
    { ...schemas.filters.properties, ...PagingQueryFields },
    { additionalProperties: false },
  );

  app.get(
    path,
    {
      schema: {
        tags: [tag],
        summary: `List ${tag}`,
        querystring: query,
        response: {
          200: PageSchema(schemas.entity, `The ${tag} on this page`),
          400: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { cursor, limit, sort, ...filters } = request.query as Record<string, unknown>;
      return service.list(filters as Filters, {
        cursor: cursor as string | undefined,
        limit: limit as number | undefined,
        sort: sort as string | undefined,
      });
    },
  );

  app.post(
    path,
    {
      schema: {
        tags: [tag],
        summary: `Create a ${entity}`,
        headers: IdempotencyHeadersSchema,
        body: schemas.create,
        response: { 201: schemas.entity, ...errors, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const key = (request.headers as Record<string, string | undefined>)['idempotency-key'];
      const { entity: created, replayed } = await service.create(
        request.body as Create,
        actorOf(request),
        key,
      );
      if (replayed) reply.header('Idempotent-Replayed', 'true');
      return reply
        .status(201)
        .header('ETag', etagOf(created.version))
        .header('Location', `/api/v1${path}/${created.id}`)
        .send(created);
    },
  );

  app.get(
    `${path}/:id`,
    {
      schema: {
        tags: [tag],
        summary: `Read a ${entity}`,
        params: IdParamsSchema,
        response: { 200: schemas.entity, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const found = await service.get(id);
      reply.header('ETag', etagOf(found.version));
      return found;
    },
  );

  app.patch(
    `${path}/:id`,
    {
      schema: {
        tags: [tag],
        summary: `Change a ${entity} (send If-Match)`,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: schemas.patch,
        response: {
          200: schemas.entity,
          ...errors,
          409: ProblemSchema,
          412: ProblemSchema,
          428: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const version = requiredVersion(request.headers['if-match'], entity, id);
      const updated = await service.update(id, version, request.body as Patch, actorOf(request));
      return reply.header('ETag', etagOf(updated.version)).send(updated);
    },
  );

  app.delete(
    `${path}/:id`,
    {
      schema: {
        tags: [tag],
        summary: `Delete a ${entity} (send If-Match)`,
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: {
          204: Type.Null({ description: 'Deleted' }),
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          412: ProblemSchema,
          428: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const version = requiredVersion(request.headers['if-match'], entity, id);
      await service.remove(id, version, actorOf(request));
      return reply.status(204).send();
    },
  );

  app.get(
    `${path}/:id/history`,
    {
      schema: {
        tags: [tag],
        summary: `Audit trail of a ${entity}`,
        params: IdParamsSchema,
        response: {
          200: Type.Object({
            items: Type.Array(AuditEntrySchema, { description: 'Changes to the record, oldest first' }),
          }),
          400: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return { items: await service.history(id) };
    },
  );
}
