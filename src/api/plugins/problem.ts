import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError, type FieldProblem } from '../../core/errors.js';
import { explainSchemaErrors } from '../../core/shared/field-messages.js';

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
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
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
    instance: request.url,
    request_id: request.id,
    ...(errors && errors.length > 0 ? { errors: [...errors] } : {}),
  };
  return reply.status(status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

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
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendProblem(request, reply, status, 'bad_request', error.message);
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
    sendProblem(
      request,
      reply,
      404,
      'route_not_found',
      `no route ${request.method} ${request.url.split('?')[0]}`,
    ),
  );
});
