import type { Command } from 'commander';
import { createAggregateService } from '../core/aggregates/aggregate.service.js';
import { withDatabase } from './database.js';
import { printResult } from './output.js';

export function registerAggregatesCommand(program: Command): void {
  const aggregates = program
    .command('aggregates')
    .description('the aggregate cells the gap report reads: rebuild them from the rows, or verify them');

  aggregates
    .command('rebuild')
    .description('recompute every aggregate cell from the rows, in one transaction')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const result = await withDatabase(command, 'aggregates rebuild', (db) =>
        createAggregateService({ db }).rebuild(),
      );
      printResult(Boolean(options.json), result, () => `aggregate cells rebuilt: ${result.cells} cells`);
    });

  aggregates
    .command('verify')
    .description(
      'compare every stored aggregate cell with a full recomputation from the rows (exit 1 if one differs)',
    )
    .option('--json', 'print {ok, cells, differences} as JSON (exit code 1 still marks a difference)')
    .action(async (options: { json?: boolean }, command: Command) => {
      const result = await withDatabase(command, 'aggregates verify', (db) =>
        createAggregateService({ db }).verify(),
      );
      if (options.json) {
        printResult(true, { ok: result.ok, cells: result.cells, differences: result.differences }, () => '');
        if (!result.ok) process.exitCode = 1;
        return;
      }
      if (!result.ok) throw new Error(result.summary);
      printResult(false, result, () => result.summary);
    });
}
