import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  type ReceiptCreate,
  ReceiptCreateSchema,
  ReceiptSchema,
} from '../../../core/shipments/receipt.schema.js';
import type { ReceiptService } from '../../../core/shipments/receipt.service.js';
import {
  type ShipmentClose,
  ShipmentCloseSchema,
  ShipmentCreateSchema,
  type ShipmentDispatch,
  ShipmentDispatchSchema,
  ShipmentFiltersSchema,
  type ShipmentLineInput,
  ShipmentLineInputSchema,
  ShipmentLineSchema,
  type ShipmentLose,
  ShipmentLoseSchema,
  ShipmentPatchSchema,
  ShipmentSchema,
} from '../../../core/shipments/shipment.schema.js';
import type { ShipmentService } from '../../../core/shipments/shipment.service.js';
import { actorOf, etagOf, IdempotencyHeadersSchema, IdParamsSchema, ProblemSchema } from '../../http.js';
import { registerRecordRoutes } from '../record.routes.js';

const tags = ['shipments'];

const LinesSchema = Type.Object({
  items: Type.Array(ShipmentLineSchema, {
    description: 'The shipment’s lines, in the order they were added',
  }),
});

const ReceiptsSchema = Type.Object({
  items: Type.Array(ReceiptSchema, { description: 'The shipment’s receipts, oldest first' }),
});

const LineParamsSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Shipment id' }),
    line_id: Type.String({ format: 'uuid', description: 'Shipment line id' }),
  },
  { additionalProperties: false },
);

const actionErrors = { 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };

export function shipmentsRoutes(
  app: FastifyInstance,
  services: { shipments: ShipmentService; receipts: ReceiptService },
): void {
  const { shipments, receipts } = services;
  registerRecordRoutes(app, {
    path: '/shipments',
    entity: 'shipment',
    tag: 'shipments',
    schemas: {
      entity: ShipmentSchema,
      create: ShipmentCreateSchema,
      patch: ShipmentPatchSchema,
      filters: ShipmentFiltersSchema,
    },
    service: shipments,
  });

  app.get(
    '/shipments/:id/lines',
    {
      schema: {
        tags,
        summary: 'Lines of a shipment, with what each has received',
        params: IdParamsSchema,
        response: { 200: LinesSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => ({ items: await shipments.lines((request.params as { id: string }).id) }),
  );

  app.post(
    '/shipments/:id/lines',
    {
      schema: {
        tags,
        summary: 'Add a line against an accepted allocation (while preparing)',
        description:
          '409 allocation_not_accepted, 422 wrong_region when the need is elsewhere, 409 exceeds_allocation ' +
          'when the allocation’s lines would carry more than it holds, 409 invalid_transition after dispatch.',
        params: IdParamsSchema,
        body: ShipmentLineInputSchema,
        response: { 201: ShipmentLineSchema, ...actionErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const line = await shipments.addLine(id, request.body as ShipmentLineInput, actorOf(request));
      return reply.status(201).send(line);
    },
  );

  app.delete(
    '/shipments/:id/lines/:line_id',
    {
      schema: {
        tags,
        summary: 'Remove a line (while preparing)',
        params: LineParamsSchema,
        response: {
          204: Type.Null({ description: 'Removed' }),
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { id, line_id } = request.params as { id: string; line_id: string };
      await shipments.removeLine(id, line_id, actorOf(request));
      return reply.status(204).send();
    },
  );

  app.post(
    '/shipments/:id/dispatch',
    {
      schema: {
        tags,
        summary: 'Dispatch a prepared shipment',
        description:
          'Adds every line to its allocation’s and pledge’s shipped quantity in one transaction. ' +
          '409 empty_shipment without lines, 409 exceeds_allocated beyond an allocation or a pledge, ' +
          '409 invalid_transition unless preparing.',
        params: IdParamsSchema,
        body: ShipmentDispatchSchema,
        response: { 200: ShipmentSchema, ...actionErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const shipment = await shipments.dispatch(id, request.body as ShipmentDispatch, actorOf(request));
      return reply.header('ETag', etagOf(shipment.version)).send(shipment);
    },
  );

  app.post(
    '/shipments/:id/lose',
    {
      schema: {
        tags,
        summary: 'Report an in-transit or arrived shipment lost',
        description:
          'What it had not delivered goes back from shipped to allocated on its allocations and pledges; ' +
          'what was received stays delivered. 409 invalid_transition unless in transit or arrived.',
        params: IdParamsSchema,
        body: ShipmentLoseSchema,
        response: { 200: ShipmentSchema, ...actionErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const shipment = await shipments.lose(id, request.body as ShipmentLose, actorOf(request));
      return reply.header('ETag', etagOf(shipment.version)).send(shipment);
    },
  );

  app.post(
    '/shipments/:id/close',
    {
      schema: {
        tags,
        summary: 'Close an arrived shipment as received with what arrived',
        description: 'For short deliveries. 409 invalid_transition unless arrived.',
        params: IdParamsSchema,
        body: ShipmentCloseSchema,
        response: { 200: ShipmentSchema, ...actionErrors },
      },
      // The body is optional: a POST without one closes without a note.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const shipment = await shipments.close(id, request.body as ShipmentClose, actorOf(request));
      return reply.header('ETag', etagOf(shipment.version)).send(shipment);
    },
  );

  app.get(
    '/shipments/:id/receipts',
    {
      schema: {
        tags,
        summary: 'Receipts of a shipment, with their lines',
        params: IdParamsSchema,
        response: { 200: ReceiptsSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => ({ items: await receipts.list((request.params as { id: string }).id) }),
  );

  app.post(
    '/shipments/:id/receipts',
    {
      schema: {
        tags,
        summary: 'Record what arrived with an in-transit or arrived shipment',
        description:
          'All or nothing: 409 exceeds_shipped when a line would receive more than it carried, 409 ' +
          'invalid_transition unless in transit or arrived. Updates the allocations’ and pledges’ delivered ' +
          'and the needs’ met quantities; the shipment becomes arrived, or received once every line is complete.',
        params: IdParamsSchema,
        headers: IdempotencyHeadersSchema,
        body: ReceiptCreateSchema,
        response: { 201: ReceiptSchema, ...actionErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const key = (request.headers as Record<string, string | undefined>)['idempotency-key'];
      const { entity, replayed } = await receipts.receive(
        id,
        request.body as ReceiptCreate,
        actorOf(request),
        key,
      );
      if (replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.status(201).header('Location', `/api/v1/shipments/${id}/receipts`).send(entity);
    },
  );
}
