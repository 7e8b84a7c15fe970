import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  AcceptResultSchema,
  type ExportQuery,
  ExportQuerySchema,
  ItemShadowPricesSchema,
  LotResultPageSchema,
  NeedResultPageSchema,
  PlanAllocationPageSchema,
  PlanComparisonSchema,
  type PlanRequest,
  PlanRequestSchema,
  PlanRunPageSchema,
  PlanRunSchema,
  type ResultQuery,
  ResultQuerySchema,
  RunListQuerySchema,
} from '../../../core/planning/plan.schema.js';
import type { PlanService } from '../../../core/planning/plan.service.js';
import { actorOf, bodyOptional, IdParamsSchema, ProblemSchema } from '../../http.js';

const TAG = ['plans'];
const RESULT_ERRORS = { 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 422: ProblemSchema };

const CompareParamsSchema = Type.Object(
  {
    id: Type.String({ format: 'uuid', description: 'Run A (the baseline)' }),
    otherId: Type.String({ format: 'uuid', description: 'Run B (compared with A)' }),
  },
  { additionalProperties: false },
);

/** The planner: runs (asynchronous), their results and explanations, comparison, acceptance, model export. */
export function plansRoutes(app: FastifyInstance, service: PlanService): void {
  app.post(
    '/plans',
    {
      preValidation: bodyOptional,
      schema: {
        tags: TAG,
        summary: 'Start a plan run',
        description:
          'Records the run as queued and starts it in the background: live data (and the what-if scenario, which never ' +
          'touches live data) → model → solver → results with explanations. Answers 202 with Location; follow the run ' +
          'with GET /plans/{id} (status, progress) and cancel it with POST /plans/{id}/cancel. 422 when the weights ' +
          'would make meeting a need late worse than not meeting it.',
        body: PlanRequestSchema,
        response: { 202: PlanRunSchema, 400: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request, reply) => {
      const run = await service.start(request.body as PlanRequest, actorOf(request));
      return reply.code(202).header('Location', `/api/v1/plans/${run.id}`).send(run);
    },
  );

  app.get(
    '/plans',
    {
      schema: {
        tags: TAG,
        summary: 'List plan runs, newest first',
        querystring: RunListQuerySchema,
        response: { 200: PlanRunPageSchema, 400: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => service.list(request.query as { cursor?: string; limit?: number }),
  );

  app.get(
    '/plans/export',
    {
      schema: {
        tags: TAG,
        summary: 'Download the model of the current data as MPS or LP',
        description:
          'The same model a run solves (same objective definition, planner-model.md), built from the live data now, ' +
          'so that any other solver can check the optimum. Variables x_<lot>_<need> and y_<need> are indexes into ' +
          'the model, in the order of lot and need ids.',
        querystring: ExportQuerySchema,
        produces: ['text/plain'],
        response: {
          200: Type.String({ description: 'The model as free MPS or CPLEX LP text' }),
          400: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const query = request.query as ExportQuery;
      const chunks: string[] = [];
      const model = await service.exportModel(query, (chunk) => chunks.push(chunk));
      return reply
        .type('text/plain; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="aidgrid-${model.start_week}.${query.format}"`)
        .send(chunks.join(''));
    },
  );

  app.get(
    '/plans/:id',
    {
      schema: {
        tags: TAG,
        summary: 'A plan run: status, progress, summary and timings',
        description:
          'A run is derived from every row it read, so its classification is the highest of theirs, and it is read ' +
          '(with all its results: needs, lots, items, allocations, comparison, acceptance) only by a reader who may see ' +
          'every one of those rows: cleared for their level, or owner or party of every row above the reader’s ' +
          'clearance. Anyone else gets 404, as for the rows themselves; results are never filtered per reader. ' +
          'Progress is stored, so every process reads the same; status interrupted: the process planning it died and ' +
          'the run could not be resumed (a run is resumed once by the next process, then attempts is 2).',
        params: IdParamsSchema,
        response: { 200: PlanRunSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => service.get((request.params as { id: string }).id),
  );

  app.get(
    '/plans/:id/needs',
    {
      schema: {
        tags: TAG,
        summary: 'Per need: what the plan serves it with, and why any is unmet or late',
        description: '409 plan_not_finished until the run has succeeded.',
        params: IdParamsSchema,
        querystring: ResultQuerySchema,
        response: { 200: NeedResultPageSchema, ...RESULT_ERRORS },
      },
    },
    async (request) => service.needs((request.params as { id: string }).id, request.query as ResultQuery),
  );

  app.get(
    '/plans/:id/lots',
    {
      schema: {
        tags: TAG,
        summary: 'Per supply lot: where it goes and its dual value',
        params: IdParamsSchema,
        querystring: ResultQuerySchema,
        response: { 200: LotResultPageSchema, ...RESULT_ERRORS },
      },
    },
    async (request) => service.lots((request.params as { id: string }).id, request.query as ResultQuery),
  );

  app.get(
    '/plans/:id/items',
    {
      schema: {
        tags: TAG,
        summary: 'What donors should send next: per item, by critical unmet value in EUR',
        params: IdParamsSchema,
        response: { 200: ItemShadowPricesSchema, ...RESULT_ERRORS },
      },
    },
    async (request) => service.items((request.params as { id: string }).id),
  );

  app.get(
    '/plans/:id/allocations',
    {
      schema: {
        tags: TAG,
        summary: 'The flows of the plan: lot → need, quantity, arrival week',
        params: IdParamsSchema,
        querystring: ResultQuerySchema,
        response: { 200: PlanAllocationPageSchema, ...RESULT_ERRORS },
      },
    },
    async (request) =>
      service.allocations((request.params as { id: string }).id, request.query as ResultQuery),
  );

  app.get(
    '/plans/:id/compare/:otherId',
    {
      schema: {
        tags: TAG,
        summary: 'Compare two runs: what changed, whose needs gained or lost',
        params: CompareParamsSchema,
        response: { 200: PlanComparisonSchema, ...RESULT_ERRORS },
      },
    },
    async (request) => {
      const { id, otherId } = request.params as { id: string; otherId: string };
      return service.compare(id, otherId);
    },
  );

  app.post(
    '/plans/:id/cancel',
    {
      preValidation: bodyOptional,
      schema: {
        tags: TAG,
        summary: 'Cancel a queued or running plan run',
        description: '409 plan_finished when the run has already ended.',
        params: IdParamsSchema,
        body: Type.Object({}, { additionalProperties: false, description: 'No fields' }),
        response: { 200: PlanRunSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => service.cancel((request.params as { id: string }).id, actorOf(request)),
  );

  app.post(
    '/plans/:id/accept',
    {
      preValidation: bodyOptional,
      schema: {
        tags: TAG,
        summary: 'Accept a run: its pledge allocations become accepted allocations',
        description:
          'In one transaction, each allocation from a pledge becomes an accepted allocation (proposed_by planner) and ' +
          'moves the pledge’s and the need’s allocated quantities. Forecast production is never accepted. Every ' +
          'allocation is checked against the live data first: when any no longer fits (a pledge’s free committed ' +
          'quantity or a need’s open quantity moved, or one was closed) nothing is accepted and 409 plan_stale lists ' +
          'what changed. 409 plan_not_finished unless the run succeeded, plan_already_accepted the second time, ' +
          'plan_is_what_if for a run with a scenario.',
        params: IdParamsSchema,
        body: Type.Object({}, { additionalProperties: false, description: 'No fields' }),
        response: { 200: AcceptResultSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (request) => service.accept((request.params as { id: string }).id, actorOf(request)),
  );
}
