import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  CriticalPathSchema,
  type EquipmentCreate,
  EquipmentCreateSchema,
  type MilestonesPut,
  MilestonesPutSchema,
  type ProgressQuery,
  ProgressQuerySchema,
  ProgressSchema,
  RankingSchema,
  RepairProjectCreateSchema,
  RepairProjectFiltersSchema,
  RepairProjectPatchSchema,
  RepairProjectSchema,
  type ScopePut,
  ScopePutSchema,
} from '../../../core/repairs/repair.schema.js';
import type { RepairService } from '../../../core/repairs/repair.service.js';
import { Uuid } from '../../../core/shared/record.schema.js';
import {
  actorOf,
  etagOf,
  IdParamsSchema,
  IfMatchHeadersSchema,
  ProblemSchema,
  requiredVersion,
} from '../../http.js';
import { registerRecordRoutes } from '../record.routes.js';

/** Repair projects (docs/grid-repair.md): records, milestones, scope, equipment, critical path, ranking. */
export function repairsRoutes(app: FastifyInstance, service: RepairService): void {
  app.get(
    '/repair-projects/ranking',
    {
      schema: {
        tags: ['repair projects'],
        summary: 'Repairs ranked by people reconnected per week and per EUR missing, before the first frost',
        querystring: Type.Object(
          { region_id: Type.Optional(Uuid('Only projects in this region')) },
          { additionalProperties: false },
        ),
        response: { 200: RankingSchema, 400: ProblemSchema },
      },
    },
    async (request) => service.ranking(request.query as { region_id?: string }),
  );

  app.get(
    '/reconstruction/progress',
    {
      schema: {
        tags: ['repair projects'],
        summary: 'Capacity restored and people reconnected per week, by region and by funder',
        querystring: ProgressQuerySchema,
        response: { 200: ProgressSchema, 400: ProblemSchema },
      },
    },
    async (request) => service.progress(request.query as ProgressQuery),
  );

  registerRecordRoutes(app, {
    path: '/repair-projects',
    entity: 'repair project',
    tag: 'repair projects',
    schemas: {
      entity: RepairProjectSchema,
      create: RepairProjectCreateSchema,
      patch: RepairProjectPatchSchema,
      filters: RepairProjectFiltersSchema,
    },
    service,
  });

  const childErrors = {
    400: ProblemSchema,
    404: ProblemSchema,
    409: ProblemSchema,
    412: ProblemSchema,
    422: ProblemSchema,
    428: ProblemSchema,
  };

  app.put(
    '/repair-projects/:id/milestones',
    {
      schema: {
        tags: ['repair projects'],
        summary: 'Replace the milestones of a repair project (send If-Match)',
        description:
          'Planned and actual days follow the stage order; actual days are not after today. Work begun moves the ' +
          'scope’s damaged assets to under_repair; an actual energised day restores them and completes the project.',
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: MilestonesPutSchema,
        response: { 200: RepairProjectSchema, ...childErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const version = requiredVersion(request.headers['if-match'], 'repair_project', id);
      const project = await service.putMilestones(
        id,
        version,
        request.body as MilestonesPut,
        actorOf(request),
      );
      return reply.header('ETag', etagOf(project.version)).send(project);
    },
  );

  app.put(
    '/repair-projects/:id/assets',
    {
      schema: {
        tags: ['repair projects'],
        summary: 'Replace the assets a repair project repairs (send If-Match)',
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: ScopePutSchema,
        response: { 200: RepairProjectSchema, ...childErrors },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const version = requiredVersion(request.headers['if-match'], 'repair_project', id);
      const project = await service.putScope(id, version, request.body as ScopePut, actorOf(request));
      return reply.header('ETag', etagOf(project.version)).send(project);
    },
  );

  app.post(
    '/repair-projects/:id/equipment',
    {
      schema: {
        tags: ['repair projects'],
        summary: 'Add equipment a repair project lacks: it becomes a need',
        description:
          'The need is needed by the planned delivered milestone (422 milestone_plan_missing without one), its priority ' +
          'from the people reconnected and the days to the first frost, at least as classified as the project.',
        params: IdParamsSchema,
        body: EquipmentCreateSchema,
        response: {
          201: RepairProjectSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const project = await service.addEquipment(id, request.body as EquipmentCreate, actorOf(request));
      return reply.status(201).header('ETag', etagOf(project.version)).send(project);
    },
  );

  app.get(
    '/repair-projects/:id/critical-path',
    {
      schema: {
        tags: ['repair projects'],
        summary:
          'When a project can be energised, what holds it back, and which single move brings it forward',
        params: IdParamsSchema,
        response: { 200: CriticalPathSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => service.criticalPath((request.params as { id: string }).id),
  );
}
