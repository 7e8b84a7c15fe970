import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import { serverLogger } from '../api/logger.js';
import type { DemoAccount } from '../core/auth/demo-accounts.js';
import { createDemoService } from '../core/demo/demo.service.js';
import { type PlanJobs, recoverPlanRuns, startPlanJobs } from '../core/planning/plan-jobs.js';
import { dataSetClock } from '../core/shared/clock.js';
import { startConfiguredWebhookWorker, type WebhookWorker } from '../core/webhooks/webhook-worker.js';
import { type FirstStartLock, takeFirstStartLock } from '../db/first-start-lock.js';
import { migrateToLatest } from '../db/migrate.js';
import { type OpenedDatabase, openConfiguredDatabase } from '../db/open.js';
import { installPlanQueue } from '../db/plan-queue.js';
import { findDataSetAsOf } from '../db/repositories/data-set.repository.js';
import { type DatabaseSupervisor, superviseDatabase } from '../db/supervisor.js';
import { startScheduledBackups } from './backup.command.js';
import { startBanner, withoutPassword } from './banner.js';
import { describeLoad } from './demo.command.js';
import { configFromCommand } from './options.js';
import { failWith } from './output.js';

interface ServeOptions {
  port?: string;
  host?: string;
  demo: boolean;
  worker: boolean;
  demoPassword?: string;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('migrate, load the demo into an empty database, and serve the API and web UI')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--no-demo', 'do not load the demo scenario into an empty database')
    .option('--no-worker', 'plan no runs in this process (another process runs `aidgrid worker`)')
    .option(
      '--demo-password <password>',
      'password of every demo account (env AIDGRID_DEMO_PASSWORD; default: a random one each, printed once)',
    )
    .action(async (options: ServeOptions, command: Command) => {
      const config = configFromCommand(command, { port: options.port, host: options.host });
      const say = (line: string) => process.stderr.write(`aidgrid: ${line}\n`);
      let opening: Promise<OpenedDatabase> | undefined;
      let app: FastifyInstance | undefined;
      let demoAccounts: readonly DemoAccount[] | undefined;
      let backups: { stop(): Promise<void> } | undefined;
      let jobs: PlanJobs | undefined;
      let hooks: WebhookWorker | undefined;
      let stopping: Promise<void> | undefined;
      let supervisor: DatabaseSupervisor | undefined;
      let firstStart: FirstStartLock | undefined;

      // Waits for a PostgreSQL that is still starting, so that it is stopped rather than orphaned.
      const shutdown = async () => {
        await supervisor?.stop();
        await firstStart?.release();
        await app?.close();
        await backups?.stop();
        await jobs?.stop();
        await hooks?.stop();
        const database = await opening?.catch(() => undefined);
        await database?.shutdown();
      };
      // Installed before the database starts, so that Ctrl-C during start-up also stops PostgreSQL.
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) return;
        say(`${signal} received, stopping`);
        stopping = shutdown().then(() => process.exit(0), failWith);
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);

      try {
        opening = openConfiguredDatabase(config, 'serve', 'serve', say);
        const database = await opening;
        // A signal arrived while PostgreSQL was starting: its handler is stopping everything.
        if (stopping) return;
        // Several processes starting on one database take turns; the later ones find it migrated and loaded.
        firstStart = takeFirstStartLock(database.db);
        await firstStart.acquired;
        const applied = await migrateToLatest(database.db);
        if (applied.length > 0) say(`applied migrations ${applied.join(', ')}`);
        const demoPassword = options.demoPassword ?? config.demoPassword;
        const demo = createDemoService({ db: database.db, demoPassword });
        if (options.demo && (await demo.isEmpty())) {
          say('empty database: loading the synthetic demo scenario');
          const loaded = await demo.load({ force: false });
          say(describeLoad(loaded));
          // Shown in the banner at the end of start-up, never through the logger: only this once.
          demoAccounts = loaded.accounts;
        }
        const asOf = dataSetClock(await findDataSetAsOf(database.db));
        await firstStart.release();
        const supervised = database.embedded?.supervised;
        if (supervised) {
          supervisor = superviseDatabase(supervised, {
            log: say,
            onGiveUp: (error) => {
              if (stopping) return;
              stopping = shutdown().then(
                () => failWith(error),
                () => failWith(error),
              );
            },
          });
        }
        await installPlanQueue(database.url);
        if (options.worker) {
          jobs = await startPlanJobs({ db: database.db, url: database.url, log: say, warm: true });
          hooks = await startConfiguredWebhookWorker({
            db: database.db,
            url: database.url,
            allowLoopback: config.webhooksAllowLoopback,
            retryBaseMs: config.webhooksRetryBaseMs,
            outboxRetentionDays: config.outboxRetentionDays,
            log: say,
          });
        } else await recoverPlanRuns(database.db, null);
        app = await buildApp({
          db: database.db,
          databaseUrl: database.url,
          planWorker: jobs?.local,
          webhooksAllowLoopback: config.webhooksAllowLoopback,
          bodyLimit: config.bodyLimit,
          logger: serverLogger(config.logLevel),
          ...(supervisor ? { supervision: supervisor.status } : {}),
          auth: {
            sessionIdleMinutes: config.sessionIdleMinutes,
            sessionMaxHours: config.sessionMaxHours,
            rateLimit: {
              perMinute: config.rateLimitPerMinute,
              tokenPerMinute: config.tokenRateLimitPerMinute,
            },
            trustProxy: config.trustProxy,
          },
        });
        const address = await app.listen({ port: config.port, host: config.host });
        // A line of its own on stdout so that scripts and tests can find the address.
        process.stdout.write(`aidgrid listening on ${address}\n`);
        backups = startScheduledBackups(config, database, say);
        process.stdout.write(
          startBanner({
            url: address,
            data: config.databaseUrl
              ? withoutPassword(config.databaseUrl)
              : `${config.dataDir} (embedded PostgreSQL)`,
            asOf: asOf.today(),
            asOfSource: asOf.source,
            accounts: demoAccounts,
            sharedPassword: demoPassword !== undefined,
          }),
        );
      } catch (error) {
        if (stopping) return;
        await shutdown().catch(() => undefined);
        throw error;
      }
    });
}
