import type { Command } from 'commander';
import { describeDemoAccounts } from '../core/auth/demo-accounts.js';
import { createDemoService } from '../core/demo/demo.service.js';
import { migrateToLatest } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open.js';
import { configFromCommand } from './options.js';
import { formatNumber, printResult } from './output.js';

export function registerDemoCommand(program: Command): void {
  const demo = program.command('demo').description('the synthetic demo scenario "winter 2022–23"');
  demo
    .command('load')
    .description('load the demo scenario into an empty database')
    .option('--force', 'load even if the database already holds data')
    .option('--json', 'print the result as JSON')
    .option(
      '--demo-password <password>',
      'password of every demo account (env AIDGRID_DEMO_PASSWORD; default: a random one each, printed once)',
    )
    .action(async (options: { force?: boolean; json?: boolean; demoPassword?: string }, command: Command) => {
      const config = configFromCommand(command);
      const demoPassword = options.demoPassword ?? config.demoPassword;
      const database = await openConfiguredDatabase(config, 'command', 'demo load');
      try {
        await migrateToLatest(database.db);
        const result = await createDemoService({ db: database.db, demoPassword }).load({
          force: Boolean(options.force),
        });
        printResult(Boolean(options.json), result, () =>
          [describeLoad(result), ...describeDemoAccounts(result.accounts, demoPassword !== undefined)].join(
            '\n',
          ),
        );
      } finally {
        await database.shutdown();
      }
    });
}

export function describeLoad(result: { counts: Record<string, number>; elapsed_ms: number }): string {
  const counts = Object.entries(result.counts)
    .map(([table, rows]) => `${table} ${formatNumber(rows)}`)
    .join(', ');
  return `loaded the synthetic demo scenario "winter 2022–23" in ${(result.elapsed_ms / 1000).toFixed(1)} s: ${counts}`;
}
