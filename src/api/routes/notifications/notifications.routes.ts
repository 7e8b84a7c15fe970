import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { NotificationService } from '../../../core/notifications/notification.service.js';
import { Nullable, Uuid } from '../../../core/shared/record.schema.js';
import type { EventType } from '../../../core/webhooks/events.js';
import { EventTypeSchema } from '../../../core/webhooks/webhook.schema.js';
import { actorOf, ProblemSchema } from '../../http.js';

const tags = ['notifications'];

const NotificationSchema = Type.Object(
  {
    id: Uuid('The event id (what mark-read takes)'),
    event_type: EventTypeSchema,
    entity: Type.String({ description: 'The kind of record: need, pledge, allocation, shipment, receipt' }),
    entity_id: Uuid('The record'),
    occurred_at: Type.String({ format: 'date-time', description: 'When the change was committed (UTC)' }),
    read_at: Nullable(
      Type.String({ format: 'date-time', description: 'When it was marked read; null while unread' }),
    ),
    yours: Type.Boolean({
      description: 'Whether the record is your organisation’s own business (its need, …)',
    }),
    label: Nullable(
      Type.String({ description: 'What the record is called (an item, a shipment reference)' }),
    ),
    quantity: Nullable(Type.Number({ description: 'The quantity the event is about (an allocation’s)' })),
    unit: Nullable(Type.String({ description: 'The unit of that quantity' })),
    link: Type.String({
      description: 'The web page of the record',
      examples: ['/needs/0190b2a4-6f0e-7c3a-9d1e-2b4c6d8e0f12'],
    }),
    message: Type.String({
      description: 'The notification in English words',
      examples: ['Your need Generator 5 kW was allocated 40 pcs'],
    }),
  },
  { additionalProperties: false },
);

const UnreadSchema = Type.Object(
  { unread: Type.Integer({ minimum: 0, description: 'Unread notifications you may see' }) },
  { additionalProperties: false },
);

const InboxSchema = Type.Object(
  {
    items: Type.Array(NotificationSchema, { description: 'Newest first' }),
    unread: Type.Integer({ minimum: 0, description: 'Unread notifications you may see' }),
  },
  { additionalProperties: false },
);

const InboxQuerySchema = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: 'Only the unread ones' })),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 200, description: 'At most this many (default 50)' }),
    ),
  },
  { additionalProperties: false },
);

const MarkReadSchema = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Uuid('A notification id'), { maxItems: 500, description: 'The ones to mark read' }),
    ),
    all: Type.Optional(Type.Boolean({ description: 'Mark every notification read' })),
  },
  { additionalProperties: false },
);

const PreferencesSchema = Type.Object(
  {
    events: Type.Array(EventTypeSchema, {
      uniqueItems: true,
      maxItems: 50,
      description: 'The events you are told (default: all)',
      examples: [['allocation.accepted', 'shipment.dispatched']],
    }),
  },
  { additionalProperties: false },
);

/** A person's inbox: the events that concern their organisation, for records they may see. */
export function notificationsRoutes(app: FastifyInstance, notifications: NotificationService): void {
  app.get(
    '/notifications',
    {
      schema: {
        tags,
        summary: 'Your inbox, newest first, with the unread count',
        querystring: InboxQuerySchema,
        response: { 200: InboxSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) => {
      const query = request.query as { unread?: boolean; limit?: number };
      return notifications.list(actorOf(request), {
        ...(query.unread === undefined ? {} : { unread: query.unread }),
        ...(query.limit === undefined ? {} : { limit: query.limit }),
      });
    },
  );

  app.get(
    '/notifications/unread',
    {
      schema: {
        tags,
        summary: 'How many unread notifications you have (the bell)',
        response: { 200: UnreadSchema, 401: ProblemSchema },
      },
    },
    async (request) => notifications.unread(actorOf(request)),
  );

  app.post(
    '/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark notifications read (ids, or all)',
        body: MarkReadSchema,
        response: { 200: UnreadSchema, 400: ProblemSchema, 401: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) =>
      notifications.markRead(actorOf(request), request.body as { ids?: string[]; all?: boolean }),
  );

  app.get(
    '/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'The events you are told',
        response: { 200: PreferencesSchema, 401: ProblemSchema },
      },
    },
    async (request) => notifications.preferences(actorOf(request)),
  );

  app.put(
    '/notifications/preferences',
    {
      schema: {
        tags,
        summary: 'Choose the events you are told',
        body: PreferencesSchema,
        response: { 200: PreferencesSchema, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (request) =>
      notifications.setPreferences(actorOf(request), (request.body as { events: EventType[] }).events),
  );
}
