import type { Command } from 'commander';
import { migrateToLatest, readMigrationStatus } from '../db/migrate.js';
import { openConfiguredDatabase } from '../db/open.js';
import { installPlanQueue } from '../db/plan-queue.js';
import { configFromCommand } from './options.js';
import { count, printResult } from './output.js';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (exits non-zero if one fails)')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const config = configFromCommand(command);
      const database = await openConfiguredDatabase(config, 'command', 'migrate');
      try {
        const applied = await migrateToLatest(database.db);
        // The plan job queue's own schema (graphile-worker), after ours.
        await installPlanQueue(database.url);
        const status = await readMigrationStatus(database.db);
        printResult(Boolean(options.json), { newly_applied: applied, ...status }, () =>
          applied.length === 0
            ? `database is up to date (${count(status.applied.length, 'migration')})`
            : `applied ${count(applied.length, 'migration')}: ${applied.join(', ')}`,
        );
      } finally {
        await database.shutdown();
      }
    });
}
