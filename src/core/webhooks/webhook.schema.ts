import { type Static, Type } from 'typebox';
import { ClassificationSchema, Nullable, StringEnum, Uuid } from '../shared/record.schema.js';
import { EVENT_TYPES } from './events.js';

const DateTime = (description: string) => Type.String({ format: 'date-time', description });

export const EventTypeSchema = StringEnum(EVENT_TYPES, 'An event aidgrid tells (docs/webhooks.md)');

export const WebhookCreateSchema = Type.Object(
  {
    url: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'Where to POST the events: https, resolving to public addresses only',
      examples: ['https://hooks.example.org/aidgrid'],
    }),
    events: Type.Array(EventTypeSchema, {
      minItems: 1,
      maxItems: 50,
      uniqueItems: true,
      description: 'The events to send',
      examples: [['shipment.dispatched', 'shipment.arrived']],
    }),
    secret: Type.Optional(
      Type.String({
        pattern: '^whsec_[A-Za-z0-9+/]{32,88}={0,2}$',
        description: 'The signing secret (whsec_ + base64 of 24 to 64 bytes); default: a new random one',
        examples: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      }),
    ),
  },
  { additionalProperties: false },
);
export type WebhookCreate = Static<typeof WebhookCreateSchema>;

export const WebhookSchema = Type.Object(
  {
    id: Uuid('Subscription id'),
    org_id: Uuid('The organisation it belongs to, and reads as'),
    url: Type.String({ description: 'Where the events are POSTed' }),
    events: Type.Array(EventTypeSchema, { description: 'The events sent' }),
    status: StringEnum(['active', 'disabled'] as const, 'active, or disabled (nothing is sent)'),
    clearance: ClassificationSchema,
    created_at: DateTime('When it was created (UTC)'),
    created_by: Type.String({ description: 'Who created it' }),
  },
  { additionalProperties: false, description: 'A webhook subscription; its secret is never shown again' },
);
export type Webhook = Static<typeof WebhookSchema>;

export const WebhookCreatedSchema = Type.Object(
  {
    ...WebhookSchema.properties,
    secret: Type.String({ description: 'The signing secret, shown this once (Standard Webhooks, whsec_…)' }),
  },
  { additionalProperties: false, description: 'A new subscription with its secret, shown only now' },
);
export type WebhookCreated = Static<typeof WebhookCreatedSchema>;

export const WebhookListSchema = Type.Object(
  { items: Type.Array(WebhookSchema, { description: 'The organisation’s subscriptions, newest first' }) },
  { description: 'Webhook subscriptions' },
);

export const WebhookAttemptSchema = Type.Object(
  {
    attempt: Type.Integer({ minimum: 1, description: 'Which attempt' }),
    started_at: DateTime('When it was sent (UTC)'),
    duration_ms: Type.Integer({ minimum: 0, description: 'How long the exchange took' }),
    status_code: Nullable(Type.Integer({ description: 'The HTTP status answered; null when none came' })),
    error: Nullable(Type.String({ description: 'Why it did not count as delivered; null when it did' })),
    response_body: Nullable(Type.String({ description: 'The first 64 kB at most of the answer' })),
  },
  { additionalProperties: false },
);

export const WebhookDeliverySchema = Type.Object(
  {
    id: Type.String({ description: 'The delivery id: the webhook-id header of every attempt' }),
    event_type: EventTypeSchema,
    entity: Type.String({ description: 'The kind of record the event is about' }),
    entity_id: Uuid('The record the event is about'),
    occurred_at: DateTime('When the change was committed (UTC)'),
    status: StringEnum(
      ['pending', 'delivered', 'dead'] as const,
      'pending (being tried), delivered (answered 2xx), dead (retries ran out after 24 h)',
    ),
    attempts: Type.Integer({ minimum: 0, description: 'Attempts so far' }),
    next_attempt_at: Nullable(DateTime('When it is tried next (UTC)')),
    delivered_at: Nullable(DateTime('When it was answered 2xx (UTC)')),
    log: Type.Array(WebhookAttemptSchema, { description: 'Every attempt and its answer, oldest first' }),
  },
  { additionalProperties: false },
);
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;

export const WebhookDeliveryListSchema = Type.Object(
  {
    items: Type.Array(WebhookDeliverySchema, { description: 'Deliveries, newest first (at most `limit`)' }),
  },
  { description: 'Deliveries of one subscription' },
);

export const WebhookDeliveryParamsSchema = Type.Object(
  {
    id: Uuid('Subscription id'),
    delivery_id: Type.String({ minLength: 1, maxLength: 100, description: 'Delivery id (msg_…)' }),
  },
  { additionalProperties: false },
);

export const WebhookDeliveriesQuerySchema = Type.Object(
  {
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 200, description: 'At most this many (default 50)' }),
    ),
  },
  { additionalProperties: false },
);
