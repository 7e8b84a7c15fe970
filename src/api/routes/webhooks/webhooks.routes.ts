import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  type WebhookCreate,
  WebhookCreatedSchema,
  WebhookCreateSchema,
  WebhookDeliveriesQuerySchema,
  WebhookDeliveryListSchema,
  WebhookDeliveryParamsSchema,
  WebhookDeliverySchema,
  WebhookListSchema,
  WebhookSchema,
} from '../../../core/webhooks/webhook.schema.js';
import type { WebhookService } from '../../../core/webhooks/webhook.service.js';
import { actorOf, IdParamsSchema, ProblemSchema } from '../../http.js';

const tags = ['webhooks'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** Webhook subscriptions of the caller's organisation (docs/webhooks.md). */
export function webhooksRoutes(app: FastifyInstance, webhooks: WebhookService): void {
  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Subscribe a URL to events of your organisation',
        description:
          'Answers the signing secret once, in `secret` (Standard Webhooks: webhook-id, webhook-timestamp, ' +
          'webhook-signature). The URL must be https and resolve to public addresses (422 unsafe_webhook_url). ' +
          'Events are sent only for records your organisation may see when they are sent, with the fields it may see.',
        body: WebhookCreateSchema,
        response: { 201: WebhookCreatedSchema, ...errors, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const created = await webhooks.create(request.body as WebhookCreate, actorOf(request));
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Your organisation’s webhook subscriptions (never their secrets)',
        response: { 200: WebhookListSchema, 401: ProblemSchema, 403: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => ({ items: await webhooks.list(actorOf(request)) }),
  );

  app.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'One webhook subscription',
        params: IdParamsSchema,
        response: { 200: WebhookSchema, ...errors },
      },
    },
    async (request) => webhooks.get((request.params as { id: string }).id, actorOf(request)),
  );

  for (const [action, status] of [
    ['disable', 'disabled'],
    ['enable', 'active'],
  ] as const) {
    app.post(
      `/webhooks/:id/${action}`,
      {
        schema: {
          tags,
          summary:
            action === 'disable'
              ? 'Stop sending: events while disabled are not sent; pending deliveries wait'
              : 'Send again, pending deliveries first',
          params: IdParamsSchema,
          response: { 200: WebhookSchema, ...errors },
        },
      },
      async (request) => webhooks.setStatus((request.params as { id: string }).id, status, actorOf(request)),
    );
  }

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a subscription and its delivery log',
        params: IdParamsSchema,
        response: { 204: Type.Null({ description: 'Deleted' }), ...errors },
      },
    },
    async (request, reply) => {
      await webhooks.remove((request.params as { id: string }).id, actorOf(request));
      return reply.status(204).send();
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: 'Deliveries of a subscription and every attempt’s answer',
        params: IdParamsSchema,
        querystring: WebhookDeliveriesQuerySchema,
        response: { 200: WebhookDeliveryListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit } = request.query as { limit?: number };
      return {
        items: await webhooks.deliveries(
          (request.params as { id: string }).id,
          actorOf(request),
          limit ?? 50,
        ),
      };
    },
  );

  app.post(
    '/webhooks/:id/deliveries/:delivery_id/redeliver',
    {
      schema: {
        tags,
        summary: 'Send a delivery again now (same webhook-id), with a fresh 24 h of retries',
        description: '409 delivery_in_progress while it is being sent; 409 webhook_disabled when disabled.',
        params: WebhookDeliveryParamsSchema,
        response: { 202: WebhookDeliverySchema, ...errors, 409: ProblemSchema },
      },
    },
    async (request, reply) => {
      const { id, delivery_id } = request.params as { id: string; delivery_id: string };
      return reply.status(202).send(await webhooks.redeliver(id, delivery_id, actorOf(request)));
    },
  );
}
