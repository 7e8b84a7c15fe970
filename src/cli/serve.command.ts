import type { Command } from 'commander';
import { buildApp } from '../api/app.js';
import { createDemoService } from '../core/demo/demo.service.js';
import { migrateToLatest } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open.js';
import { describeLoad } from './demo.command.js';
import { configFromCommand } from './options.js';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('migrate, load the demo into an empty database, and serve the API and web UI')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (env HOST, default 127.0.0.1)')
    .option('--no-demo', 'do not load the demo scenario into an empty database')
    .action(async (options: { port?: string; host?: string; demo: boolean }, command: Command) => {
      const config = configFromCommand(command, { port: options.port, host: options.host });
      const say = (line: string) => process.stderr.write(`aidgrid: ${line}\n`);
      const database = await openConfiguredDatabase(config, 'serve', 'serve', say);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        say(`${signal} received, stopping`);
        await app?.close();
        await database.shutdown();
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));

      let app: Awaited<ReturnType<typeof buildApp>> | undefined;
      try {
        const applied = await migrateToLatest(database.db);
        if (applied.length > 0) say(`applied migrations ${applied.join(', ')}`);
        const demo = createDemoService({ db: database.db });
        if (options.demo && (await demo.isEmpty())) {
          say('empty database: loading the synthetic demo scenario');
          say(describeLoad(await demo.load({ force: false })));
        }
        app = await buildApp({
          db: database.db,
          bodyLimit: config.bodyLimit,
          logger: { level: config.logLevel },
        });
        const address = await app.listen({ port: config.port, host: config.host });
        // A line of its own on stdout so that scripts and tests can find the address.
        process.stdout.write(`aidgrid listening on ${address}\n`);
      } catch (error) {
        await app?.close();
        await database.shutdown();
        throw error;
      }
    });
}
