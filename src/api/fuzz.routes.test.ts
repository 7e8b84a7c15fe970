import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/app.js';
import { type RawResponse, sendRaw } from '../../test/support/raw-http.js';

// Issue 13, holes 3 and 4: malformed requests over a raw socket (framing lies, bad headers) and
// text PostgreSQL cannot store in every string field of every create schema. Whatever is sent:
// no answer ≥ 500, every 4xx is problem+json and repeats nothing of the request, health stays 200.

const MARK = 'ECHOMARK';

let t: TestApp;
let port: number;
let authorization: string;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
  authorization = t.authorization as string;
});
afterAll(async () => t?.close());

interface Sent {
  readonly what: string;
  readonly response: RawResponse | undefined;
}
const sent: Sent[] = [];

async function send(
  what: string,
  request: string | Buffer,
  halfClose = false,
): Promise<RawResponse | undefined> {
  const response = await sendRaw(port, request, { halfClose });
  sent.push({ what, response });
  return response;
}

function expectProblem(response: RawResponse | undefined, status: number, code?: string): void {
  expect(response, 'the server answered nothing').toBeDefined();
  const { status: actual, headers, body } = response as RawResponse;
  expect(actual, body).toBe(status);
  expect(headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(body) as { status: number; code: string };
  expect(problem.status).toBe(status);
  if (code) expect(problem.code).toBe(code);
  expect(body).not.toContain(MARK);
}

const post = (path: string, body: string | Buffer, extra = '') => {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return Buffer.concat([
    Buffer.from(
      `POST ${path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${authorization}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n${extra}\r\n`,
    ),
    bytes,
  ]);
};

describe('malformed HTTP over a raw socket', () => {
  const head = 'POST /api/v1/organisations HTTP/1.1\r\nHost: localhost\r\n';
  it.each([
    ['a Content-Length that is not a number', `${head}Content-Length: 1${MARK}\r\n\r\n{}`, 400],
    [
      'Content-Length with Transfer-Encoding',
      `${head}Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      400,
    ],
    [
      'a bad chunk size',
      `${head}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz${MARK}\r\n{}\r\n0\r\n\r\n`,
      400,
    ],
    ['two different Content-Lengths', `${head}Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}`, 400],
    ['a negative Content-Length', `${head}Content-Length: -1\r\n\r\n`, 400],
    ['a garbage request line', `${MARK} GARBAGE\r\n\r\n`, 400],
    ['an unknown HTTP version', `GET /api/health HTTP/9.${MARK}\r\nHost: localhost\r\n\r\n`, 400],
    ['a header without a colon', `GET /api/health HTTP/1.1\r\nHost: localhost\r\n${MARK}\r\n\r\n`, 400],
    [
      'a NUL in a header value',
      `GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-A: a\u0000${MARK}\r\n\r\n`,
      400,
    ],
    ['a space before the colon', `GET /api/health HTTP/1.1\r\nHost : localhost\r\n\r\n`, 400],
    [
      'headers over 16 KiB',
      `GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${MARK.repeat(3000)}\r\n\r\n`,
      431,
    ],
    ['no Host header', `GET /api/health?${MARK} HTTP/1.1\r\nConnection: close\r\n\r\n`, 400],
    [
      'a % in the path',
      `GET /api/v1/needs/%${MARK} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      400,
    ],
    [
      'a bad %-escape in the path',
      `GET /api/v1/needs/%E0%A4%A${MARK} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      400,
    ],
    [
      'a path parameter over 100 characters',
      `GET /api/v1/needs/${MARK.repeat(20)} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      414,
    ],
    ['an unknown route', `GET /api/v1/${MARK} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`, 404],
    [
      'an unknown method on a known path',
      `PUT /api/health HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      404,
    ],
    [
      'an absolute-form URL',
      `GET http://${MARK}/api/v1/x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      404,
    ],
  ])('answers %s with problem+json', async (what, request, status) => {
    // A complete request (Connection: close) is not half-closed: Node's HTTP server drops a response
    // still being prepared when the client ends its side first, as any client that reads answers knows.
    expectProblem(await send(what, request, !request.includes('Connection: close')), status);
  });

  it('answers a body over the limit with 413 and a body shorter than announced with 400 or nothing', async () => {
    const big = await send(
      'a body over the limit',
      `${head}Authorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\nConnection: close\r\n\r\n{"name":"`,
    );
    expectProblem(big, 413, 'payload_too_large');
    const short = await send(
      'a body shorter than announced',
      `${head}Authorization: ${authorization}\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{"name":"x"}`,
      true,
    );
    if (short) expectProblem(short, 400);
  });

  it('answers a body that is not JSON, or not declared as JSON, with problem+json', async () => {
    expectProblem(
      await send('invalid JSON', post('/api/v1/organisations', `{"name":"${MARK}`)),
      400,
      'malformed_json',
    );
    const text = await send(
      'a text/plain body',
      `${head}Authorization: ${authorization}\r\nContent-Type: text/${MARK}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`,
    );
    expectProblem(text, 415, 'unsupported_media_type');
  });
});

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/** Dotted paths of every string field of a schema (into nested objects and the first array element). */
function stringFields(schema: JsonSchema, path: string[] = []): string[][] {
  const branches = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  const fields: string[][] = [];
  if (
    branches.some(
      (branch) => branch.type === 'string' || (Array.isArray(branch.type) && branch.type.includes('string')),
    )
  ) {
    fields.push(path);
  }
  for (const branch of branches) {
    for (const [name, property] of Object.entries(branch.properties ?? {}))
      fields.push(...stringFields(property, [...path, name]));
    if (branch.items) fields.push(...stringFields(branch.items, [...path, '0']));
  }
  return fields.filter((field) => field.length > 0);
}

/** A JSON body whose only value is `text` at `path` (arrays where the path has an index). */
function bodyWith(path: readonly string[], text: string): unknown {
  const [head, ...rest] = path as [string, ...string[]];
  const inner = rest.length === 0 ? text : bodyWith(rest, text);
  return /^\d+$/.test(head) ? [inner] : { [head]: inner };
}

describe('every string field of every create schema', () => {
  it('refuses NUL, unpaired surrogates and invalid UTF-8 with 4xx problem+json, naming the field', async () => {
    const document = t.app.swagger() as {
      paths: Record<
        string,
        Record<string, { requestBody?: { content?: Record<string, { schema: JsonSchema }> } }>
      >;
    };
    const targets: { path: string; field: string[] }[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      const schema = operations.post?.requestBody?.content?.['application/json']?.schema;
      if (!schema) continue;
      // Path parameters get a valid UUID; the record need not exist (404 is an answer too).
      const url = path.replace(/\{[^}]+\}/g, '0190b7d8-8a0e-7000-8000-000000000000');
      for (const field of stringFields(schema)) targets.push({ path: url, field });
    }
    expect(targets.length).toBeGreaterThan(50);

    let named = 0;
    for (const { path, field } of targets) {
      const variants: [string, Buffer][] = [
        ['NUL', Buffer.from(JSON.stringify(bodyWith(field, `a\u0000${MARK}`)))],
        ['a lone surrogate', Buffer.from(JSON.stringify(bodyWith(field, `\ud800${MARK}`)))],
        [
          'invalid UTF-8',
          Buffer.from(
            JSON.stringify(bodyWith(field, `${MARK}\u0001`)).replace('\\u0001', '\u00ff'),
            'latin1',
          ),
        ],
      ];
      for (const [what, body] of variants) {
        const response = await send(`${what} in ${path} ${field.join('.')}`, post(path, body));
        expect(response, `${what} in POST ${path} ${field.join('.')}`).toBeDefined();
        const { status, headers, body: answer } = response as RawResponse;
        expect(status, `${what} in POST ${path} ${field.join('.')}: ${answer}`).toBeLessThan(500);
        expect(status).toBeGreaterThanOrEqual(400);
        expect(headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(answer).not.toContain(MARK);
        if (status === 422) {
          expect(JSON.parse(answer)).toMatchObject({
            code: 'invalid_character',
            errors: [{ field: field.join('.') }],
          });
          named++;
        }
      }
    }
    // Routes a coordinator may not call answer 403 before the body is read; every other one names the field.
    expect(named).toBeGreaterThan(targets.length);
  });

  it('refuses NUL in every query parameter of every list', async () => {
    const document = t.app.swagger() as {
      paths: Record<string, { get?: { parameters?: { in: string; name: string }[] } }>;
    };
    let checked = 0;
    for (const [path, operations] of Object.entries(document.paths)) {
      if (path.includes('{')) continue;
      for (const parameter of operations.get?.parameters ?? []) {
        if (parameter.in !== 'query') continue;
        const response = await send(
          `NUL in ${path}?${parameter.name}`,
          `GET ${path}?${parameter.name}=a%00${MARK} HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${authorization}\r\nConnection: close\r\n\r\n`,
        );
        // Routes the token may not call (403), or only people signed in may (401: the inbox), answer
        // before the query is read; every other one refuses the character.
        const status = (response as RawResponse).status;
        expectProblem(response, status === 403 || status === 401 ? status : 422);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('gave no answer ≥ 500 to anything, and health is still 200', async () => {
    expect(sent.filter(({ response }) => response && response.status >= 500).map(({ what }) => what)).toEqual(
      [],
    );
    const health = await sendRaw(
      port,
      'GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    );
    expect(health?.status).toBe(200);
    expect(health?.headers['content-type']).toMatch(/^application\/health\+json/);
  });
});
