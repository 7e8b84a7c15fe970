import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { type AppOptions, buildApp } from '../../src/api/app.js';
import { createFiguresCache, type FiguresCache } from '../../src/api/figures-cache.js';
import type { Classification, Role } from '../../src/core/auth/actor.js';
import { startPlanJobs } from '../../src/core/planning/plan-jobs.js';
import { createCoordinationCell, createTestToken } from './auth.js';
import { createTestDatabase, type TestDatabase } from './database.js';

/** Who the test app's requests act as unless a request sends its own Authorization header. */
export type TestActorSpec =
  | 'coordinator'
  | 'anonymous'
  | { readonly role: Role; readonly orgId?: string; readonly clearance?: Classification };

export interface TestAppOptions {
  readonly bodyLimit?: number;
  /** Default 'coordinator': a coordinator token of the test coordination cell, clearance restricted. */
  readonly as?: TestActorSpec;
  readonly auth?: AppOptions['auth'];
  /** Start a plan worker for the app (plan runs are jobs: without one they stay queued). */
  readonly planWorker?: boolean;
  /** The data's clock; default: the data set's stored day, as the server reads it. */
  readonly clock?: AppOptions['clock'];
  /** Webhook URLs may be http to loopback (AIDGRID_WEBHOOKS_ALLOW_LOOPBACK=1). */
  readonly webhooksAllowLoopback?: boolean;
  /**
   * Run the figures cache (src/api/figures-cache.ts) with its listener on the test database. Off
   * by default: tests that write through the database directly and then read over HTTP would
   * otherwise depend on the notification arriving first.
   */
  readonly figuresCache?: boolean;
}

export interface TestApp {
  /** The app; its inject() sends the default actor's token unless the request has an Authorization header. */
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  /** The coordination-cell organisation created in every test database. */
  readonly orgId: string;
  /** The default Authorization header (`Bearer agt_…`), undefined when acting anonymously. */
  readonly authorization: string | undefined;
  /** What the audit log and `created_by` record for the default actor: `token:<id>`, or 'anonymous'. */
  readonly actorId: string;
  /** A new token for another actor, as an Authorization header value (`Bearer agt_…`). */
  tokenFor(spec: { role: Role; orgId?: string; clearance?: Classification }): Promise<string>;
  /** The figures cache, when asked for (figuresCache: true). */
  readonly figures: FiguresCache | undefined;
  /** inject() without any credentials. */
  injectAnonymous(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

function hasAuthorization(options: InjectOptions): boolean {
  return Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
}

/**
 * The whole API on a fresh database of its own, with a coordination-cell organisation and a
 * coordinator token (clearance restricted) that every inject() sends by default; close() drops
 * the database.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const { as = 'coordinator', planWorker = false, figuresCache = false, ...appOptions } = options;
  const jobs = planWorker
    ? await startPlanJobs({ db: database.db, url: database.url, workers: 0 })
    : undefined;
  // Without figuresCache, a cache with no listener: every answer computed (the app would otherwise
  // start one on databaseUrl, which imports need).
  const today = () => new Date().toISOString().slice(0, 10);
  const figures = createFiguresCache({ url: figuresCache ? database.url : undefined, today });
  if (figuresCache) await figures.ready();
  const app = await buildApp({
    db: database.db,
    databaseUrl: database.url,
    planWorker: jobs?.local,
    figures,
    // Tests send hundreds of requests a second from one address.
    auth: { rateLimit: { perMinute: 1_000_000, tokenPerMinute: 1_000_000 }, ...appOptions.auth },
    ...(appOptions.bodyLimit === undefined ? {} : { bodyLimit: appOptions.bodyLimit }),
    ...(appOptions.clock === undefined ? {} : { clock: appOptions.clock }),
    ...(appOptions.webhooksAllowLoopback === undefined
      ? {}
      : { webhooksAllowLoopback: appOptions.webhooksAllowLoopback }),
  });
  await app.ready();
  const orgId = await createCoordinationCell(database.db);
  const tokenFor: TestApp['tokenFor'] = async (spec) =>
    (await createTestToken(database.db, { ...spec, orgId: spec.orgId ?? orgId })).authorization;
  const defaultToken =
    as === 'anonymous'
      ? undefined
      : await createTestToken(database.db, {
          ...(as === 'coordinator' ? { role: 'coordinator' as const } : as),
          orgId: (as !== 'coordinator' && as.orgId) || orgId,
        });
  const authorization = defaultToken?.authorization;

  const inject = app.inject.bind(app);
  const withDefaultToken = (request: InjectOptions): InjectOptions =>
    authorization === undefined || hasAuthorization(request)
      ? request
      : { ...request, headers: { ...request.headers, authorization } };
  // Only the promise form (inject(options)) that the tests use gets the default token.
  const patched = ((request?: InjectOptions | string, callback?: unknown) => {
    if (request === undefined || callback !== undefined) {
      return (inject as (...args: unknown[]) => unknown)(
        ...[request, callback].filter((a) => a !== undefined),
      );
    }
    return inject(withDefaultToken(typeof request === 'string' ? { url: request } : request));
  }) as FastifyInstance['inject'];
  app.inject = patched;

  return {
    app,
    database,
    orgId,
    authorization,
    actorId: defaultToken ? `token:${defaultToken.id}` : 'anonymous',
    tokenFor,
    figures: figuresCache ? figures : undefined,
    injectAnonymous: (request) => inject(request),
    async close() {
      await app.close();
      await figures.close();
      await jobs?.stop();
      await database.drop();
    },
  };
}
