import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import {
  EnergyDependencyParamsSchema,
  EnergyDependencySchema,
  type EnergyDependencySet,
  EnergyDependencySetSchema,
  type ForecastQuery,
  ForecastQuerySchema,
  ForecastSchema,
  type OutageRequest,
  OutageRequestSchema,
  OutageResultSchema,
  type RiskQuery,
  RiskQuerySchema,
  RiskSchema,
} from '../../../core/capacity/analysis.schema.js';
import type { CapacityAnalysisService } from '../../../core/capacity/analysis.service.js';
import {
  ConsumptionProfileCreateSchema,
  ConsumptionProfileFiltersSchema,
  ConsumptionProfilePatchSchema,
  ConsumptionProfileSchema,
  InputCreateSchema,
  InputFiltersSchema,
  InputPatchSchema,
  InputSchema,
  MaterialCreateSchema,
  MaterialFiltersSchema,
  MaterialPatchSchema,
  MaterialSchema,
  ProductionLineCreateSchema,
  ProductionLineFiltersSchema,
  ProductionLinePatchSchema,
  ProductionLineSchema,
} from '../../../core/capacity/capacity.schema.js';
import type {
  ConsumptionProfileService,
  InputService,
  MaterialService,
  ProductionLineService,
} from '../../../core/capacity/capacity.service.js';
import { actorOf, ProblemSchema } from '../../http.js';
import { registerRecordRoutes } from '../record.routes.js';

/** Production lines, materials, inputs, consumption profiles; forecast, risk and outage scenarios. */
export function capacityRoutes(
  app: FastifyInstance,
  services: {
    lines: ProductionLineService;
    materials: MaterialService;
    inputs: InputService;
    profiles: ConsumptionProfileService;
    analysis: CapacityAnalysisService;
  },
): void {
  registerRecordRoutes(app, {
    path: '/production-lines',
    entity: 'production_line',
    tag: 'production-lines',
    schemas: {
      entity: ProductionLineSchema,
      create: ProductionLineCreateSchema,
      patch: ProductionLinePatchSchema,
      filters: ProductionLineFiltersSchema,
    },
    service: services.lines,
  });
  registerRecordRoutes(app, {
    path: '/materials',
    entity: 'material',
    tag: 'materials',
    schemas: {
      entity: MaterialSchema,
      create: MaterialCreateSchema,
      patch: MaterialPatchSchema,
      filters: MaterialFiltersSchema,
    },
    service: services.materials,
  });
  registerRecordRoutes(app, {
    path: '/inputs',
    entity: 'input',
    tag: 'inputs',
    schemas: {
      entity: InputSchema,
      create: InputCreateSchema,
      patch: InputPatchSchema,
      filters: InputFiltersSchema,
    },
    service: services.inputs,
  });
  registerRecordRoutes(app, {
    path: '/consumption-profiles',
    entity: 'consumption_profile',
    tag: 'consumption-profiles',
    schemas: {
      entity: ConsumptionProfileSchema,
      create: ConsumptionProfileCreateSchema,
      patch: ConsumptionProfilePatchSchema,
      filters: ConsumptionProfileFiltersSchema,
    },
    service: services.profiles,
  });

  app.get(
    '/forecast',
    {
      schema: {
        tags: ['capacity'],
        summary: 'Shortfall forecast of an item by month, with its first month and main cause',
        querystring: ForecastQuerySchema,
        response: { 200: ForecastSchema, 400: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => services.analysis.forecast(request.query as ForecastQuery),
  );

  app.get(
    '/risk',
    {
      schema: {
        tags: ['capacity'],
        summary: 'Supply-chain risk: input graph, HHI, country exposure and single points of failure',
        querystring: RiskQuerySchema,
        response: { 200: RiskSchema, 400: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => services.analysis.risk(request.query as RiskQuery),
  );

  app.post(
    '/risk/outage',
    {
      schema: {
        tags: ['capacity'],
        summary: 'Run an outage scenario: capacity lost per item and month, and the needs that go unmet',
        description: 'Nothing is stored; the same request gives the same answer on the same data.',
        body: OutageRequestSchema,
        response: { 200: OutageResultSchema, 400: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => services.analysis.outage(request.body as OutageRequest),
  );

  app.get(
    '/energy-dependencies',
    {
      schema: {
        tags: ['capacity'],
        summary: 'Russian energy dependency of countries: share of gas, oil and coal imports from Russia',
        description: 'A risk input for fuel items (GET /risk: russian_energy).',
        response: {
          200: Type.Object(
            { items: Type.Array(EnergyDependencySchema, { description: 'By country, then carrier' }) },
            { additionalProperties: false },
          ),
        },
      },
    },
    async () => ({ items: await services.analysis.energyDependencies() }),
  );

  app.put(
    '/energy-dependencies/:country_code/:carrier',
    {
      schema: {
        tags: ['capacity'],
        summary: "Set a country's share of imports of an energy carrier from Russia",
        params: EnergyDependencyParamsSchema,
        body: EnergyDependencySetSchema,
        response: { 200: EnergyDependencySchema, 400: ProblemSchema, 404: ProblemSchema, 422: ProblemSchema },
      },
    },
    async (request) => {
      const { country_code, carrier } = request.params as {
        country_code: string;
        carrier: 'gas' | 'oil' | 'coal';
      };
      return services.analysis.setEnergyDependency(
        country_code,
        carrier,
        request.body as EnergyDependencySet,
        actorOf(request),
      );
    },
  );
}
