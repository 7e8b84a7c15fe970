import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, type FieldProblem } from '../../core/errors.js';
import { explainSchemaErrors } from '../../core/shared/field-messages.js';
import { isDatabaseUnavailable } from '../../db/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  request_id?: string;
  errors?: FieldProblem[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Sends an RFC 9457 problem document; `code` is the stable machine-readable id clients switch on. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: readonly FieldProblem[],
): FastifyReply {
  const problem: Problem = {
    type: `urn:aidgrid:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    // The route's pattern, never the URL as sent: a problem does not echo the request back.
    ...(routeOf(request) ? { instance: routeOf(request) } : {}),
    request_id: request.id,
    ...(errors && errors.length > 0 ? { errors: [...errors] } : {}),
  };
  return reply.status(status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

function routeOf(request: FastifyRequest): string | undefined {
  try {
    return request.routeOptions?.url;
  } catch {
    // Requests built for the router's own errors have no route context.
    return undefined;
  }
}

/** Stable codes for the 4xx statuses Fastify and its plugins raise themselves. */
const STATUS_CODE_NAMES: Record<number, string> = {
  400: 'bad_request',
  404: 'route_not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  408: 'request_timeout',
  411: 'length_required',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  431: 'headers_too_large',
};

/** Seconds a client should wait before retrying while the database is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** One error handler for the whole API: problem+json everywhere, never 5xx internals. */
export const problemPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      return sendProblem(request, reply, error.status, error.code, error.message, error.errors);
    }
    if (error.validation) {
      const errors = explainSchemaErrors(error.validation, error.validationContext);
      return sendProblem(
        request,
        reply,
        400,
        'validation_failed',
        errors.map((e) => e.message).join('; '),
        errors,
      );
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(request, reply, 400, 'malformed_json', 'the request body is not valid JSON');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(
          request,
          reply,
          413,
          'payload_too_large',
          'the request body is larger than allowed',
        );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(
          request,
          reply,
          415,
          'unsupported_media_type',
          'send the body as application/json',
        );
    }
    if (error instanceof SyntaxError) {
      return sendProblem(request, reply, 400, 'malformed_json', 'the request body is not valid JSON');
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendProblem(
        request,
        reply,
        503,
        'database_unavailable',
        `the database is unreachable; retry in ${DATABASE_RETRY_AFTER_SECONDS} seconds`,
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // The status's own words: Fastify's messages may quote the request (a header, the URL).
      return sendProblem(
        request,
        reply,
        status,
        STATUS_CODE_NAMES[status] ?? 'bad_request',
        `the request was refused: ${(TITLES[status] ?? STATUS_CODES[status] ?? 'client error').toLowerCase()}`,
      );
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(
      request,
      reply,
      500,
      'internal_error',
      `something went wrong on our side; quote request id ${request.id} when reporting it`,
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 404, 'route_not_found', 'no route answers this method and path'),
  );

  // Node answers a request without Host itself, with no body at all, unless told not to (problemServerOptions).
  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      return sendProblem(request, reply, 400, 'missing_host', 'an HTTP/1.1 request needs a Host header');
    }
  });
});

/** The problem for an error of the HTTP parser: nothing of the request is known, or repeated. */
function parserProblem(error: NodeJS.ErrnoException): { status: number; code: string; detail: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, code: 'headers_too_large', detail: 'the request line and headers are too large' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, code: 'request_timeout', detail: 'the request was not received in time' };
    default:
      return { status: 400, code: 'malformed_request', detail: 'the request is not valid HTTP/1.1' };
  }
}

/**
 * Fastify options that make the errors raised before any handler problem+json too: the HTTP
 * parser's (framing, bad headers, oversized headers), the router's (a malformed URL, a path
 * parameter over its length) and a request without Host.
 */
export const problemServerOptions = {
  http: { requireHostHeader: false },
  clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket) {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, code, detail } = parserProblem(error);
    this.log.info({ err: { code: error.code, message: error.message } }, 'malformed request');
    if (socket.writable) {
      const body = JSON.stringify({
        type: `urn:aidgrid:problem:${code}`,
        title: TITLES[status] ?? STATUS_CODES[status],
        status,
        detail,
        code,
      });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  },
  frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
      return sendProblem(request, reply, 414, 'uri_too_long', 'a path segment is longer than allowed');
    }
    if (error.code === 'FST_ERR_BAD_URL') {
      return sendProblem(request, reply, 400, 'malformed_url', 'the path is not a valid URL');
    }
    request.log.error({ err: error }, 'router failed');
    return sendProblem(request, reply, 500, 'internal_error', 'something went wrong on our side');
  },
};
