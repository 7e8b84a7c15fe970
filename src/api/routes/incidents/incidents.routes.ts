import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  DerivationResultSchema,
  IncidentCreateSchema,
  IncidentFiltersSchema,
  IncidentPatchSchema,
  IncidentSchema,
} from '../../../core/incidents/incident.schema.js';
import type { IncidentService } from '../../../core/incidents/incident.service.js';
import {
  NeedRuleCreateSchema,
  NeedRuleFiltersSchema,
  NeedRulePatchSchema,
  NeedRuleSchema,
} from '../../../core/incidents/need-rule.schema.js';
import type { NeedRuleService } from '../../../core/incidents/need-rule.service.js';
import {
  FirstFrostSchema,
  type FirstFrostSet,
  FirstFrostSetSchema,
  type ReadinessQuery,
  ReadinessQuerySchema,
  ReadinessReportSchema,
  RegionReadinessDetailSchema,
} from '../../../core/incidents/readiness.schema.js';
import type { ReadinessService } from '../../../core/incidents/readiness.service.js';
import { actorOf, bodyOptional, IdParamsSchema, ProblemSchema } from '../../http.js';
import { registerRecordRoutes } from '../record.routes.js';

const RegionParamsSchema = Type.Object(
  { region_id: Type.String({ format: 'uuid', description: 'Region id' }) },
  { additionalProperties: false },
);

export function incidentsRoutes(
  app: FastifyInstance,
  services: { incidents: IncidentService; rules: NeedRuleService; readiness: ReadinessService },
): void {
  registerRecordRoutes(app, {
    path: '/incidents',
    entity: 'incident',
    tag: 'incidents',
    schemas: {
      entity: IncidentSchema,
      create: IncidentCreateSchema,
      patch: IncidentPatchSchema,
      filters: IncidentFiltersSchema,
    },
    service: services.incidents,
  });

  app.post(
    '/incidents/:id/derive',
    {
      preValidation: bodyOptional,
      schema: {
        tags: ['incidents'],
        summary: 'Derive the needs an incident calls for',
        description:
          'Creates and revises an incident derive its needs automatically; call this after need rules or ' +
          'first-frost dates changed. Needs are raised, lowered or cancelled, never duplicated; needs entered ' +
          'by hand are never touched; a need that would go below what is allocated is flagged for review instead.',
        params: IdParamsSchema,
        body: Type.Object({}, { additionalProperties: false, description: 'No fields' }),
        response: { 200: DerivationResultSchema, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      return services.incidents.derive(id, actorOf(request));
    },
  );

  registerRecordRoutes(app, {
    path: '/need-rules',
    entity: 'need_rule',
    tag: 'need-rules',
    schemas: {
      entity: NeedRuleSchema,
      create: NeedRuleCreateSchema,
      patch: NeedRulePatchSchema,
      filters: NeedRuleFiltersSchema,
    },
    service: services.rules,
  });

  app.get(
    '/readiness',
    {
      schema: {
        tags: ['readiness'],
        summary: 'Regions ranked by winter risk',
        querystring: ReadinessQuerySchema,
        response: { 200: ReadinessReportSchema, 400: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => services.readiness.ranking((request.query as ReadinessQuery).as_of),
  );

  app.get(
    '/readiness/:region_id',
    {
      schema: {
        tags: ['readiness'],
        summary: "One region's winter readiness with its incidents and derived needs",
        params: RegionParamsSchema,
        querystring: ReadinessQuerySchema,
        response: {
          200: RegionReadinessDetailSchema,
          400: ProblemSchema,
          404: ProblemSchema,
          422: ProblemSchema,
        },
      },
    },
    async (request) => {
      const { region_id } = request.params as { region_id: string };
      return services.readiness.region(region_id, (request.query as ReadinessQuery).as_of);
    },
  );

  app.get(
    '/first-frost',
    {
      schema: {
        tags: ['readiness'],
        summary: 'First-frost dates per region',
        response: {
          200: Type.Object(
            { items: Type.Array(FirstFrostSchema, { description: 'Regions with a date, by code' }) },
            { additionalProperties: false },
          ),
        },
      },
    },
    async () => ({ items: await services.readiness.firstFrost() }),
  );

  app.put(
    '/first-frost/:region_id',
    {
      schema: {
        tags: ['readiness'],
        summary: "Set a region's first-frost date",
        description:
          'Applies to derivations from then on; POST /incidents/{id}/derive re-derives earlier incidents.',
        params: RegionParamsSchema,
        body: FirstFrostSetSchema,
        response: { 200: FirstFrostSchema, 400: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const { region_id } = request.params as { region_id: string };
      return services.readiness.setFirstFrost(region_id, request.body as FirstFrostSet, actorOf(request));
    },
  );
}
