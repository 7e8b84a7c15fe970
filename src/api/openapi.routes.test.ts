import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

interface Operation {
  responses: Record<string, unknown>;
  requestBody?: { content: Record<string, { schema: unknown }> };
}

/** Every property of every schema reachable from `schema` that has no description. */
function undocumented(schema: unknown, path: string, found: string[]): string[] {
  if (schema === null || typeof schema !== 'object') return found;
  const node = schema as Record<string, unknown>;
  const properties = node.properties as Record<string, Record<string, unknown>> | undefined;
  for (const [name, property] of Object.entries(properties ?? {})) {
    const branches = (property.anyOf as Record<string, unknown>[] | undefined) ?? [];
    const described = property.description ?? branches.find((b) => b.description)?.description;
    if (!described) found.push(`${path}.${name}`);
    undocumented(property, `${path}.${name}`, found);
  }
  for (const key of ['items', 'anyOf', 'oneOf', 'allOf']) {
    const child = node[key];
    if (Array.isArray(child)) for (const c of child) undocumented(c, path, found);
    else if (child) undocumented(child, path, found);
  }
  return found;
}

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document by an independent validator', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeTruthy();
  });

  it('documents every field of every request and response body', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const missing: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(item)) {
        const body = operation.requestBody?.content['application/json']?.schema;
        undocumented(body, `${method.toUpperCase()} ${path} body`, missing);
        for (const [status, response] of Object.entries(operation.responses)) {
          const content = (response as { content?: Record<string, { schema: unknown }> }).content ?? {};
          for (const media of Object.values(content))
            undocumented(media.schema, `${method} ${path} ${status}`, missing);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('serves the interactive documentation, which loads /api/openapi.json', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    const initializer = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    expect(initializer.body).toContain('"urls":[{"url":"/api/openapi.json"');
  });

  it('has an example on every request body and every response that has content', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const missing: string[] = [];
    let bodies = 0;
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [type, media] of Object.entries(operation.requestBody?.content ?? {})) {
          bodies += 1;
          if ((media as { example?: unknown }).example === undefined)
            missing.push(`${method} ${path} body ${type}`);
        }
        for (const [status, response] of Object.entries(operation.responses)) {
          const content = (response as { content?: Record<string, { example?: unknown }> }).content ?? {};
          for (const [type, media] of Object.entries(content))
            if (media.example === undefined) missing.push(`${method} ${path} ${status} ${type}`);
        }
      }
    }
    expect(bodies).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('answers every error as application/problem+json with the Problem schema', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(document.components.schemas.Problem.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code']),
    );
    const wrong: string[] = [];
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          // /api/health answers 503 with its own health document, not a problem.
          if (Number(status) < 400 || path === '/api/health') continue;
          const content = (response as { content?: Record<string, { schema: unknown }> }).content ?? {};
          const schema = content['application/problem+json']?.schema;
          if (
            Object.keys(content).join() !== 'application/problem+json' ||
            JSON.stringify(schema) !== '{"$ref":"#/components/schemas/Problem"}'
          )
            wrong.push(`${method} ${path} ${status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('declares the security schemes and the security of each operation from the permission table', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      'bearerToken',
      'csrfHeader',
      'sessionCookie',
    ]);
    expect(document.components.securitySchemes.bearerToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.components.securitySchemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie' });
    expect(document.components.securitySchemes.csrfHeader).toMatchObject({
      in: 'header',
      name: 'X-CSRF-Token',
    });
    const security = (method: string, path: string) => document.paths[path][method].security;
    // Anyone may read the catalogue; changing a need takes a token, or a session with its CSRF header.
    expect(security('get', '/api/v1/items')).toContainEqual({});
    expect(security('post', '/api/v1/needs')).toEqual([
      { bearerToken: [] },
      { sessionCookie: [], csrfHeader: [] },
    ]);
    expect(security('get', '/api/v1/plans')).toEqual([{ bearerToken: [] }, { sessionCookie: [] }]);
    // Changing one's password is for a person with a session, never an API token.
    expect(security('post', '/api/v1/auth/password')).toEqual([{ sessionCookie: [], csrfHeader: [] }]);
    expect(document.paths['/api/v1/plans'].get.description).toContain('Roles: admin, coordinator');
  });

  it('publishes closed sets of words as one enum, not alternatives of one value each', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const body = document.paths['/api/v1/needs'].post.requestBody.content['application/json'].schema;
    expect(body.properties.priority).toMatchObject({
      type: 'string',
      enum: ['critical', 'high', 'medium', 'low'],
    });
    expect(JSON.stringify(document)).not.toMatch(/"anyOf":\[\{"type":"string","enum":\["[a-z_]+"\]\}/);
  });
});
