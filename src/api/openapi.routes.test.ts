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

  it('serves the interactive documentation', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });
});
