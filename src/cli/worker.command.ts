import type { Command } from 'commander';
import { startPlanJobs } from '../core/planning/plan-jobs.js';
import { startConfiguredWebhookWorker } from '../core/webhooks/webhook-worker.js';
import { migrateToLatest } from '../db/migrate.js';
import { type OpenedDatabase, openConfiguredDatabase } from '../db/open.js';
import { configFromCommand } from './options.js';
import { failWith } from './output.js';

/** `aidgrid worker`: plans queued runs of every process sharing the database, without the API. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'run plan jobs without serving the API (any number of servers and workers share one database)',
    )
    .option('--concurrency <n>', 'plans at once in this process (default 1)', (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 16)
        throw new Error('--concurrency must be an integer from 1 to 16');
      return n;
    })
    .action(async (options: { concurrency?: number }, command: Command) => {
      const say = (line: string) => process.stderr.write(`aidgrid: ${line}\n`);
      const config = configFromCommand(command);
      const opening: Promise<OpenedDatabase> = openConfiguredDatabase(config, 'serve', 'worker', say);
      const database = await opening;
      let stopping: Promise<void> | undefined;
      try {
        await migrateToLatest(database.db);
        const jobs = await startPlanJobs({
          db: database.db,
          url: database.url,
          log: say,
          warm: true,
          ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
        });
        const hooks = await startConfiguredWebhookWorker({
          db: database.db,
          url: database.url,
          allowLoopback: config.webhooksAllowLoopback,
          retryBaseMs: config.webhooksRetryBaseMs,
          outboxRetentionDays: config.outboxRetentionDays,
          log: say,
        });
        const onSignal = (signal: NodeJS.Signals) => {
          if (stopping) return;
          say(`${signal} received, stopping`);
          stopping = jobs
            .stop()
            .then(() => hooks.stop())
            .then(() => database.shutdown())
            .then(() => process.exit(0), failWith);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
        // A line of its own on stdout so that scripts and tests know it works the queue.
        process.stdout.write('aidgrid worker ready\n');
      } catch (error) {
        await database.shutdown().catch(() => undefined);
        throw error;
      }
    });
}
