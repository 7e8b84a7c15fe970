import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import type { Kysely } from 'kysely';
import { createAllocationService } from '../core/allocations/allocation.service.js';
import { createAssetService } from '../core/assets/asset.service.js';
import { createBackupStatusService } from '../core/backup/backup-status.service.js';
import { createCapacityAnalysisService } from '../core/capacity/analysis.service.js';
import {
  createConsumptionProfileService,
  createInputService,
  createMaterialService,
  createProductionLineService,
} from '../core/capacity/capacity.service.js';
import { createEventService } from '../core/events/event.service.js';
import { createGapService } from '../core/gaps/gap.service.js';
import { createHealthService } from '../core/health/health.service.js';
import { createIncidentService } from '../core/incidents/incident.service.js';
import { createNeedRuleService } from '../core/incidents/need-rule.service.js';
import { createReadinessService } from '../core/incidents/readiness.service.js';
import { createItemService } from '../core/items/item.service.js';
import { createFxService } from '../core/money/fx.service.js';
import {
  createFundAllocationService,
  createMoneyPledgeService,
} from '../core/money-pledges/money-pledge.service.js';
import { createNeedService } from '../core/needs/need.service.js';
import { createNotificationService } from '../core/notifications/notification.service.js';
import { createReleaseService } from '../core/open-data/release.service.js';
import { createOrganisationService } from '../core/organisations/organisation.service.js';
import { createPlanService } from '../core/planning/plan.service.js';
import type { LocalPlanWorker } from '../core/planning/plan-runs.service.js';
import { createPledgeService } from '../core/pledges/pledge.service.js';
import { createPledgeTransitionService } from '../core/pledges/pledge-transition.service.js';
import { createDuplicateService } from '../core/provenance/duplicate.service.js';
import { createVerificationService } from '../core/provenance/verification.service.js';
import { createRegionService } from '../core/regions/region.service.js';
import { createRepairService } from '../core/repairs/repair.service.js';
import { createConversionService } from '../core/reports/conversion.service.js';
import { createSearchService } from '../core/search/search.service.js';
import { type Clock, type LiveClock, liveDataSetClock } from '../core/shared/clock.js';
import { createReceiptService } from '../core/shipments/receipt.service.js';
import { createShipmentService } from '../core/shipments/shipment.service.js';
import { createSourceService } from '../core/sources/source.service.js';
import { createWebhookService } from '../core/webhooks/webhook.service.js';
import { withOwnerRights } from '../db/actor-context.js';
import { findDataSetAsOf } from '../db/repositories/data-set.repository.js';
import type { Database } from '../db/schema.js';
import type { SupervisionStatus } from '../db/supervisor.js';
import { createExportService, exportDependencies } from '../interchange/export.service.js';
import { createSavedMappingService } from '../interchange/import/saved-mapping.service.js';
import { AIDGRID_VERSION } from '../version.js';
import { createFiguresCache, type FiguresCache } from './figures-cache.js';
import { logRequests } from './logger.js';
import { completeOpenApi } from './openapi.js';
import { type AuthOptions, authPlugin, createAuthServices } from './plugins/auth.js';
import { permissionsPlugin } from './plugins/permissions.js';
import { problemPlugin, problemServerOptions } from './plugins/problem.js';
import { installValidators } from './plugins/validation.js';
import { backupsRoutes } from './routes/admin/backups.routes.js';
import { allocationsRoutes } from './routes/allocations/allocations.routes.js';
import { assetsRoutes } from './routes/assets/assets.routes.js';
import { authRoutes } from './routes/auth/auth.routes.js';
import { preferencesRoutes } from './routes/auth/preferences.routes.js';
import { tokensRoutes } from './routes/auth/tokens.routes.js';
import { usersRoutes } from './routes/auth/users.routes.js';
import { capacityRoutes } from './routes/capacity/capacity.routes.js';
import { clockRoutes } from './routes/clock/clock.routes.js';
import { eventsRoutes } from './routes/events/events.routes.js';
import { exportsRoutes } from './routes/exports/exports.routes.js';
import { fxRatesRoutes } from './routes/fx-rates/fx-rates.routes.js';
import { gapsRoutes } from './routes/gaps/gaps.routes.js';
import { healthRoutes } from './routes/health/health.routes.js';
import { importMappingsRoutes } from './routes/import-mappings/import-mappings.routes.js';
import { importsRoutes } from './routes/imports/imports.routes.js';
import { incidentsRoutes } from './routes/incidents/incidents.routes.js';
import { itemCategoriesRoutes } from './routes/items/categories.routes.js';
import { itemsRoutes } from './routes/items/items.routes.js';
import { moneyPledgesRoutes } from './routes/money-pledges/money-pledges.routes.js';
import { needsRoutes } from './routes/needs/needs.routes.js';
import { notificationsRoutes } from './routes/notifications/notifications.routes.js';
import { openDataRoutes } from './routes/open-data/open-data.routes.js';
import { organisationsRoutes } from './routes/organisations/organisations.routes.js';
import { plansRoutes } from './routes/plans/plans.routes.js';
import { pledgesRoutes } from './routes/pledges/pledges.routes.js';
import { provenanceRoutes } from './routes/provenance/provenance.routes.js';
import { regionsRoutes } from './routes/regions/regions.routes.js';
import { repairsRoutes } from './routes/repairs/repairs.routes.js';
import { reportsRoutes } from './routes/reports/reports.routes.js';
import { searchRoutes } from './routes/search/search.routes.js';
import { shipmentsRoutes } from './routes/shipments/shipments.routes.js';
import { sourcesRoutes } from './routes/sources/sources.routes.js';
import { webhooksRoutes } from './routes/webhooks/webhooks.routes.js';

export interface AppOptions {
  readonly db: Kysely<Database>;
  /** This process's plan worker, when it runs one: runs started here skip a second snapshot. */
  readonly planWorker?: LocalPlanWorker | undefined;
  readonly logger?: FastifyServerOptions['logger'];
  readonly bodyLimit?: number;
  /** Sessions, rate limits, proxy trust and the clock; safe defaults when left out. */
  readonly auth?: AuthOptions;
  /** What "now" means for the data's defaults; default: the data set's stored day, re-read every 5 s. */
  readonly clock?: Clock;
  /**
   * The database's URL: imports run on a connection of their own (COPY), and the figures cache
   * (src/api/figures-cache.ts) listens on one. Left out: imports answer 503 and nothing is cached.
   */
  readonly databaseUrl?: string | undefined;
  /** State of the embedded PostgreSQL's supervisor, for /api/health. */
  readonly supervision?: () => SupervisionStatus;
  /** Webhook URLs may be http to loopback (AIDGRID_WEBHOOKS_ALLOW_LOOPBACK=1, tests only). */
  readonly webhooksAllowLoopback?: boolean;
  /** A figures cache made by the caller (tests); default: one on databaseUrl, closed with the app. */
  readonly figures?: FiguresCache;
}

/** Builds the whole HTTP application without listening, so tests can use app.inject(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    // Fastify's two info lines per request are off: logRequests writes one, at debug.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false } },
    // X-Forwarded-For is believed only when configured (AIDGRID_TRUST_PROXY). The cast lets the
    // union (boolean, hop count or address list) pick one overload of Fastify(); each form passes through.
    trustProxy: (options.auth?.trustProxy ?? false) as FastifyServerOptions['trustProxy'] & boolean,
    ...problemServerOptions,
  });
  installValidators(app);
  logRequests(app);
  await app.register(problemPlugin);
  const auth = createAuthServices(options.db, options.auth);
  await app.register(authPlugin, { services: auth, rateLimit: options.auth?.rateLimit });
  // After authentication (it reads the actor), before any route (it checks each against the table).
  await app.register(permissionsPlugin, { db: options.db });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'aidgrid API',
        version: AIDGRID_VERSION,
        description:
          'Needs, pledges, shipments, capacity and allocation for coalition aid. Errors are RFC 9457 ' +
          'application/problem+json with a stable `code`. Updates need If-Match; creates accept Idempotency-Key.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      servers: [{ url: '/' }],
    },
    // Examples, problem+json, security from the permission table, enums: see openapi.ts.
    transformObject: (built) =>
      'openapiObject' in built
        ? completeOpenApi(built.openapiObject as Record<string, unknown>)
        : built.swaggerObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // With `urls` (and the top bar), Swagger UI loads the document from there, not from ./json.
    uiConfig: { urls: [{ url: '/api/openapi.json', name: 'aidgrid API' }], persistAuthorization: false },
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const { db } = options;
  const live = options.clock ? undefined : liveDataSetClock(() => findDataSetAsOf(db));
  const clock = options.clock ?? (live as LiveClock).clock;
  if (live) app.addHook('onRequest', async () => live.refresh());
  const today = () => clock.today();
  const now = () => clock.now();
  const figures = options.figures ?? createFiguresCache({ url: options.databaseUrl, today });
  if (!options.figures) app.addHook('onClose', async () => figures.close());
  // A write request's transaction has committed when its answer is about to be sent: cached figures
  // from before it are dropped before the writer (or anyone after it) can read them.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS') figures.bump();
    return payload;
  });
  healthRoutes(app, createHealthService({ db, version: AIDGRID_VERSION, supervision: options.supervision }));
  await app.register(
    async (v1) => {
      authRoutes(v1, auth);
      preferencesRoutes(v1, auth);
      usersRoutes(v1, auth.accounts);
      tokensRoutes(v1, auth.tokens);
      organisationsRoutes(v1, createOrganisationService({ db }));
      regionsRoutes(v1, createRegionService({ db }));
      itemsRoutes(v1, createItemService({ db }));
      itemCategoriesRoutes(v1, db);
      eventsRoutes(v1, createEventService({ db }));
      needsRoutes(v1, createNeedService({ db }));
      pledgesRoutes(v1, createPledgeService({ db }), createPledgeTransitionService({ db, clock }));
      allocationsRoutes(v1, createAllocationService({ db, clock }));
      sourcesRoutes(v1, createSourceService({ db }));
      clockRoutes(v1, clock);
      searchRoutes(v1, createSearchService({ db }));
      gapsRoutes(v1, createGapService({ db, clock }), figures);
      await fxRatesRoutes(v1, createFxService({ db }));
      provenanceRoutes(v1, {
        verification: createVerificationService({ db }),
        duplicates: createDuplicateService({ db }),
      });
      shipmentsRoutes(v1, {
        shipments: createShipmentService({ db }),
        receipts: createReceiptService({ db }),
      });
      reportsRoutes(v1, createConversionService({ db }), figures);
      incidentsRoutes(v1, {
        incidents: createIncidentService({ db }),
        rules: createNeedRuleService({ db }),
        readiness: createReadinessService({ db, today }),
      });
      assetsRoutes(v1, createAssetService({ db, today }));
      repairsRoutes(v1, createRepairService({ db, today }));
      moneyPledgesRoutes(v1, {
        pledges: createMoneyPledgeService({ db, today }),
        allocations: createFundAllocationService({ db }),
      });
      capacityRoutes(v1, {
        lines: createProductionLineService({ db }),
        materials: createMaterialService({ db }),
        inputs: createInputService({ db }),
        profiles: createConsumptionProfileService({ db }),
        analysis: createCapacityAnalysisService({ db, now }),
      });
      exportsRoutes(v1, createExportService(exportDependencies(db)));
      openDataRoutes(v1, createReleaseService({ db, clock }));
      await importsRoutes(v1, { db, url: options.databaseUrl, mappings: createSavedMappingService({ db }) });
      importMappingsRoutes(v1, createSavedMappingService({ db }));
      plansRoutes(v1, createPlanService({ db, clock: now, local: options.planWorker }));
      // The backup log is closed to the application role (migration 0015): read with the owner's rights.
      backupsRoutes(v1, withOwnerRights(createBackupStatusService({ db })));
      // Subscriptions and deliveries are closed to the application role (migration 0026).
      webhooksRoutes(
        v1,
        withOwnerRights(createWebhookService({ db, allowLoopback: options.webhooksAllowLoopback ?? false })),
      );
      // So are the inboxes (migration 0027): the service states the reader's visibility itself.
      notificationsRoutes(v1, withOwnerRights(createNotificationService({ db })));
    },
    { prefix: '/api/v1' },
  );
  await app.register(import('./plugins/web.js'));
  return app;
}
