import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { DomainError } from '../core/errors.js';
import type { Actor } from '../core/shared/record.service.js';

/** The problem document every error answers with (RFC 9457). */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'URI naming the kind of problem (urn:aidgrid:problem:<code>)' }),
    title: Type.String({ description: 'Short summary of the HTTP status' }),
    status: Type.Integer({ description: 'HTTP status code' }),
    detail: Type.String({ description: 'What went wrong, for a person' }),
    code: Type.String({ description: 'Stable machine-readable code, e.g. validation_failed, stale_version' }),
    instance: Type.Optional(
      Type.String({
        description: 'The route that answered, as a pattern (/api/v1/needs/:id); never the URL as sent',
      }),
    ),
    request_id: Type.Optional(Type.String({ description: 'Id of the request in the server log' })),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: 'The field at fault, as named in the JSON body or query' }),
          message: Type.String({ description: 'What is wrong with it' }),
        }),
        { description: 'Field-level problems, when the request had any' },
      ),
    ),
  },
  { description: 'An RFC 9457 problem document (application/problem+json)' },
);
export type ProblemBody = Static<typeof ProblemSchema>;

export const IdParamsSchema = Type.Object(
  { id: Type.String({ format: 'uuid', description: 'Record id' }) },
  { additionalProperties: false },
);

export const PagingQueryFields = {
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'next_cursor of the previous page' })),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Page size (1–500)' }),
  ),
  sort: Type.Optional(
    Type.String({ pattern: '^-?[a-z_]+$', description: 'Sort field; prefix with - for descending order' }),
  ),
};

export const IfMatchHeadersSchema = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description: 'The ETag of the version you read; required, 412 when stale, 428 when missing',
    }),
  ),
});

export const IdempotencyHeadersSchema = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Makes the create safe to retry: the same key and body answer the same record',
    }),
  ),
});

export function etagOf(version: number): string {
  return `"${version}"`;
}

/** The version named by an If-Match header; 428 when it is missing, 412 when it cannot match. */
export function requiredVersion(header: string | undefined, entity: string, id: string): number {
  if (header === undefined || header.trim() === '') {
    throw new DomainError(
      'precondition_required',
      428,
      `send If-Match with the ETag of the ${entity} you read, so that a concurrent change is not overwritten`,
    );
  }
  const match = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!match) {
    throw new DomainError('stale_version', 412, `If-Match ${header} does not match ${entity} ${id}`);
  }
  return Number(match[1]);
}

/** Who is asking, as the auth plugin found it: a user (id = user id), a token (`token:<id>`) or anonymous. */
export function actorOf(request: FastifyRequest): Actor {
  return request.actor;
}

/** If-Match for lifecycle actions: optional, because the action itself checks what it needs. */
export const OptionalIfMatchHeadersSchema = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description: 'Optional: the ETag of the version you read; 412 when the record has changed since',
    }),
  ),
});

/** The version named by an optional If-Match header; undefined when there is none. */
export function optionalVersion(header: string | undefined, entity: string, id: string): number | undefined {
  return header === undefined || header.trim() === '' ? undefined : requiredVersion(header, entity, id);
}

/** Lets an action be POSTed without a body, as `{}`: its fields are all optional. */
export async function bodyOptional(request: FastifyRequest): Promise<void> {
  request.body ??= {};
}
