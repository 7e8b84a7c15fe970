import { FORMAT_EXAMPLES, PATTERN_EXAMPLES } from '../core/shared/field-messages.js';
import { ProblemSchema } from './http.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import { CSRF_HEADER, SESSION_COOKIE } from './plugins/auth.js';
import { PROBLEM_CONTENT_TYPE } from './plugins/problem.js';

/*
 * Finishes the OpenAPI document @fastify/swagger builds from the route schemas: what the route
 * schemas cannot say by themselves is added here, once, for every operation —
 *   - unions of string constants (TypeBox literals) become one `enum`, so clients see the choices;
 *   - error responses are `application/problem+json` with the shared Problem schema;
 *   - security schemes (bearer token; session cookie + X-CSRF-Token) and each operation's
 *     `security`, read from the permission table (permissions.ts), so the two cannot drift;
 *   - an example on every request body and response, built from the schema (its own `examples`,
 *     defaults and formats first), checked against the schema by openapi.routes.test.ts.
 */

type Node = Record<string, unknown>;
type OpenApiDocument = Node & { paths?: Record<string, Record<string, Node>>; components?: Node };

const isNode = (value: unknown): value is Node =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** The one string of a branch that allows exactly one (`const: x` or `enum: [x]`), else undefined. */
function singleString(branch: unknown): string | undefined {
  if (!isNode(branch)) return undefined;
  if (typeof branch.const === 'string') return branch.const;
  if (Array.isArray(branch.enum) && branch.enum.length === 1 && typeof branch.enum[0] === 'string') {
    return branch.enum[0];
  }
  return undefined;
}

/** `anyOf: [{const: 'a'}, {const: 'b'}]` → `{type: 'string', enum: ['a', 'b']}`, everywhere below `node`. */
export function collapseStringUnions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(collapseStringUnions);
  if (!isNode(node)) return node;
  const out: Node = {};
  for (const [key, value] of Object.entries(node)) out[key] = collapseStringUnions(value);
  const branches = out.anyOf;
  if (Array.isArray(branches) && branches.length > 1) {
    const values = branches.map(singleString);
    if (values.every((v) => v !== undefined)) {
      const { anyOf: _, ...rest } = out;
      return { type: 'string', enum: values, ...rest };
    }
  }
  if (typeof out.const === 'string' && out.enum === undefined) {
    const { const: value, ...rest } = out;
    return { type: 'string', enum: [value], ...rest };
  }
  return out;
}

const FORMAT_VALUES: Record<string, string> = Object.fromEntries(
  Object.entries(FORMAT_EXAMPLES).map(([format, { example }]) => [format, example]),
);

/** Plain-text values by field name, for strings with no format or pattern. */
const NAMED_EXAMPLES: Record<string, string> = {
  name: 'Kyiv City',
  title: 'Strike on the Kyiv thermal power plant',
  email: 'anna.coordinator@example.org',
  display_name: 'Anna Coordinator',
  password: 'correct horse battery staple',
  current_password: 'correct horse battery staple',
  new_password: 'a longer passphrase of 2022',
  unit: 'piece',
  location: 'Bucharest',
  justification: 'Hospitals in the region are without power since the strike',
};

/** A value that the schema accepts, for the documentation's examples. */
export function exampleOf(schema: unknown, name = '', depth = 0): unknown {
  if (!isNode(schema) || depth > 12) return null;
  if (Array.isArray(schema.examples) && schema.examples.length > 0) return schema.examples[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const useful = branches.find((b) => isNode(b) && b.type !== 'null') ?? branches[0];
      return exampleOf(useful, name, depth + 1);
    }
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return objectExample(schema, depth);
    case 'array': {
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: count }, () => exampleOf(schema.items, name, depth + 1));
    }
    case 'string':
      return stringExample(schema, name);
    case 'integer':
    case 'number':
      return numberExample(schema, name, type === 'integer');
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return isNode(schema.properties) ? objectExample(schema, depth) : null;
  }
}

function objectExample(schema: Node, depth: number): Node {
  const properties = isNode(schema.properties) ? schema.properties : {};
  const out: Node = {};
  for (const [key, property] of Object.entries(properties)) out[key] = exampleOf(property, key, depth + 1);
  return out;
}

function stringExample(schema: Node, name: string): string {
  const pattern = typeof schema.pattern === 'string' ? PATTERN_EXAMPLES[schema.pattern] : undefined;
  const format = typeof schema.format === 'string' ? FORMAT_VALUES[schema.format] : undefined;
  let value = pattern ?? format ?? NAMED_EXAMPLES[name] ?? (name ? name.replaceAll('_', ' ') : 'text');
  const min = Number(schema.minLength ?? 0);
  const max = Number(schema.maxLength ?? Number.POSITIVE_INFINITY);
  while (value.length < min) value += ` ${value}`;
  return value.slice(0, max);
}

function numberExample(schema: Node, name: string, integer: boolean): number {
  const preferred = /population|people/.test(name) ? 412_000 : /version/.test(name) ? 1 : 120;
  let value = preferred;
  if (typeof schema.maximum === 'number') value = Math.min(value, schema.maximum);
  if (typeof schema.exclusiveMaximum === 'number') value = Math.min(value, schema.exclusiveMaximum - 1);
  if (typeof schema.minimum === 'number') value = Math.max(value, schema.minimum);
  if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) {
    value = integer ? Math.floor(schema.exclusiveMinimum) + 1 : schema.exclusiveMinimum + 0.5;
  }
  if (typeof schema.maximum === 'number' && value > schema.maximum) value = schema.maximum;
  return integer ? Math.round(value) : value;
}

/** What each error status usually means here, for the example problem documents. */
const PROBLEM_EXAMPLES: Record<string, { code: string; detail: string; title: string }> = {
  '400': {
    code: 'validation_failed',
    title: 'Bad Request',
    detail: 'priority must be one of critical, high, medium, low',
  },
  '401': { code: 'unauthenticated', title: 'Unauthorized', detail: 'log in or send an API token' },
  '403': { code: 'forbidden', title: 'Forbidden', detail: 'this needs the role coordinator' },
  '404': {
    code: 'not_found',
    title: 'Not Found',
    detail: 'need 0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d does not exist',
  },
  '409': {
    code: 'conflict',
    title: 'Conflict',
    detail: 'the record is in use and cannot be changed this way',
  },
  '412': {
    code: 'stale_version',
    title: 'Precondition Failed',
    detail: 'the record has changed since you read it (it is now at version 3); read it again',
  },
  '413': {
    code: 'payload_too_large',
    title: 'Content Too Large',
    detail: 'the request body is larger than allowed',
  },
  '415': {
    code: 'unsupported_media_type',
    title: 'Unsupported Media Type',
    detail: 'send the body as application/json',
  },
  '422': {
    code: 'invalid_record',
    title: 'Unprocessable Content',
    detail: 'the record is not valid: needed_by: needed_by must be a date like 2022-11-29',
  },
  '428': {
    code: 'precondition_required',
    title: 'Precondition Required',
    detail:
      'send If-Match with the ETag of the record you read, so that a concurrent change is not overwritten',
  },
  '429': {
    code: 'too_many_attempts',
    title: 'Too Many Requests',
    detail: 'too many attempts; try again in a minute',
  },
  '500': {
    code: 'internal_error',
    title: 'Internal Server Error',
    detail: 'something went wrong on our side; quote the request id when reporting it',
  },
};

function problemExample(status: string, path: string): Node {
  const known = PROBLEM_EXAMPLES[status] ?? {
    code: 'error',
    title: 'Error',
    detail: 'the request could not be served',
  };
  return {
    type: `urn:aidgrid:problem:${known.code}`,
    title: known.title,
    status: Number(status),
    detail: known.detail,
    code: known.code,
    instance: path,
    request_id: '0190f5c2-8a40-7c11-b2aa-3f1e2d4c5b6a',
    ...(status === '400' ? { errors: [{ field: 'priority', message: known.detail }] } : {}),
  };
}

/** A response schema is a problem document when it has the problem's required fields. */
function isProblemSchema(schema: unknown): boolean {
  if (!isNode(schema) || !Array.isArray(schema.required)) return false;
  return ['type', 'title', 'status', 'detail', 'code'].every((field) =>
    (schema.required as unknown[]).includes(field),
  );
}

export const SECURITY_SCHEMES = {
  bearerToken: {
    type: 'http',
    scheme: 'bearer',
    description: 'An API token (`agt_…`) from `aidgrid token create` or POST /api/v1/tokens',
  },
  sessionCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'The session cookie set by POST /api/v1/auth/login (the web UI)',
  },
  csrfHeader: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: `The session's csrf_token (from login or GET /api/v1/auth/session), required with the session cookie on every change (header ${CSRF_HEADER})`,
  },
} as const;

/** A CSV body or answer, in the shape of the FX rate import (the one CSV a client sends). */
const CSV_EXAMPLE = 'currency,date,eur_per_unit,source\nUSD,2022-11-24,0.9625,https://www.ecb.europa.eu/\n';

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** The `security` of one operation, as the permission table says: who may call it, and how. */
export function securityOf(permission: Permission | undefined, method: string): Node[] {
  const session = UNSAFE.has(method) ? { sessionCookie: [], csrfHeader: [] } : { sessionCookie: [] };
  if (permission === undefined || permission === 'public') return [{}, { bearerToken: [] }, session];
  if (permission === 'session') return [session];
  return [{ bearerToken: [] }, session];
}

function roleNote(permission: Permission | undefined): string | undefined {
  if (permission === undefined || permission === 'public') return 'Anyone, signed in or not.';
  if (permission === 'session') return 'A person signed in with a session (not an API token).';
  const scoped = Object.keys(permission.own ?? {});
  return `Roles: ${permission.roles.join(', ')}${scoped.length ? ` (${scoped.join(', ')}: own organisation only)` : ''}.`;
}

/** `GET /api/v1/needs/{id}/history` → `getNeedsByIdHistory`: stable, unique per method and path. */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/api(\/v1)?\//, '')
    .split(/[/.-]/)
    .filter(Boolean)
    .map((part) => {
      const parameter = /^\{(\w+)\}$/.exec(part);
      const word = parameter ? `by_${parameter[1]}` : part;
      return word
        .split('_')
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
        .join('');
    });
  return `${method.toLowerCase()}${words.join('')}`;
}

/** Finishes the document (see the opening comment); returns a new document. */
export function completeOpenApi(input: Node): OpenApiDocument {
  const document = collapseStringUnions(input) as OpenApiDocument;
  const components: Node = document.components ?? {};
  const schemas: Node = isNode(components.schemas) ? components.schemas : {};
  schemas.Problem = collapseStringUnions(structuredClone(ProblemSchema));
  components.schemas = schemas;
  components.securitySchemes = SECURITY_SCHEMES;
  document.components = components;
  const problemRef = { $ref: '#/components/schemas/Problem' };

  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!isNode(operation) || !isNode(operation.responses)) continue;
      const key = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      const permission = PERMISSIONS[key];
      operation.security = securityOf(permission, method);
      operation.operationId ??= operationIdOf(method, path);
      const note = roleNote(permission);
      if (note && !String(operation.description ?? '').includes(note)) {
        operation.description = operation.description ? `${operation.description}\n\n${note}` : note;
      }
      const body = operation.requestBody;
      if (isNode(body) && isNode(body.content)) {
        for (const [type, media] of Object.entries(body.content)) {
          if (isNode(media) && media.example === undefined && media.examples === undefined) {
            media.example = type.startsWith('text/csv') ? CSV_EXAMPLE : exampleOf(media.schema);
          }
        }
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!isNode(response) || !isNode(response.content)) continue;
        const content = response.content;
        const jsonSchema = isNode(content['application/json'])
          ? content['application/json'].schema
          : undefined;
        if (Number(status) >= 400 && (isProblemSchema(jsonSchema) || jsonSchema === undefined)) {
          response.content = {
            [PROBLEM_CONTENT_TYPE]: { schema: problemRef, example: problemExample(status, path) },
          };
          continue;
        }
        for (const [type, media] of Object.entries(content)) {
          if (isNode(media) && media.example === undefined && media.examples === undefined) {
            media.example = type.startsWith('text/csv') ? CSV_EXAMPLE : exampleOf(media.schema);
          }
        }
      }
    }
  }
  return document;
}
