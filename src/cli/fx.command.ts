import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { systemActor } from '../core/auth/actor.js';
import { DomainError, ProblemList } from '../core/errors.js';
import type { FxImportResult, FxRate } from '../core/money/fx.schema.js';
import { createFxService } from '../core/money/fx.service.js';
import { checkDate } from '../core/shared/values.js';
import { withDatabase } from './database.js';
import { dateArgument } from './options.js';
import { CliError, count, formatNumber, printResult } from './output.js';

/**
 * A refusal that lists problems (every bad line of a file): all of them on stderr, or the problem
 * as JSON on stdout with --json, and exit code 1. Other errors go to the usual one-line handler.
 */
export function reportProblems(json: boolean, error: unknown): void {
  if (!(error instanceof DomainError) || error.errors.length === 0) throw error;
  if (json) {
    printResult(true, { code: error.code, detail: error.message, errors: error.errors }, () => '');
  }
  process.stderr.write(`aidgrid: ${error.message}\n`);
  for (const problem of error.errors) process.stderr.write(`  ${problem.field}: ${problem.message}\n`);
  process.exitCode = 1;
}

function describeImport(file: string, result: FxImportResult): string {
  const currencies = result.currencies.length > 0 ? result.currencies.join(', ') : 'none';
  return (
    `imported ${count(result.rates, 'rate')} from ${file}: ${formatNumber(result.inserted)} new, ${formatNumber(result.updated)} replaced, ` +
    `${formatNumber(result.unchanged)} unchanged; currencies changed: ${currencies}; ${count(result.pledges_revalued, 'pledge')} revalued`
  );
}

function describeRate(rate: FxRate): string {
  const synthetic = rate.synthetic ? '  (synthetic)' : '';
  return `${rate.currency}  ${rate.rate_on}  ${rate.eur_per_unit.padEnd(14)}  ${rate.source}${synthetic}`;
}

interface ListOptions {
  currency?: string;
  from?: string;
  to?: string;
  json?: boolean;
}

function checkListOptions(options: ListOptions): { currency?: string; from?: string; to?: string } {
  const problems = new ProblemList();
  const currency = options.currency?.toUpperCase();
  if (currency !== undefined && !/^[A-Z]{3}$/.test(currency)) {
    problems.add('--currency', `"${options.currency}" is not a currency code such as USD`);
  }
  checkDate(problems, '--from', options.from);
  checkDate(problems, '--to', options.to);
  if (problems.items.length > 0) {
    throw new CliError(problems.items.map((p) => `${p.field} ${p.message}`).join('; '));
  }
  return { currency, from: options.from, to: options.to };
}

export function registerFxCommand(program: Command): void {
  const fx = program.command('fx').description('exchange rates to EUR, which value pledges in EUR');

  fx.command('import')
    .description('import rates from a CSV file: currency,date,eur_per_unit,source (all lines or none)')
    .argument('<file>', 'the CSV file, with a header line')
    .option('--json', 'print the result (or the problems) as JSON')
    .action(async (file: string, options: { json?: boolean }, command: Command) => {
      const text = await readFile(file, 'utf8').catch((error: Error) => {
        throw new Error(`cannot read ${file}: ${error.message}`);
      });
      const json = Boolean(options.json);
      await withDatabase(command, 'fx import', async (db) => {
        try {
          const result = await createFxService({ db }).importCsv(text, systemActor('cli'));
          printResult(json, result, () => describeImport(file, result));
        } catch (error) {
          reportProblems(json, error);
        }
      });
    });

  fx.command('list')
    .description('list rates, by currency and day')
    .option('--currency <code>', 'only this currency, e.g. USD')
    .option('--from <date>', 'only rates on or after this day (YYYY-MM-DD)', dateArgument)
    .option('--to <date>', 'only rates on or before this day (YYYY-MM-DD)', dateArgument)
    .option('--json', 'print the rates as JSON')
    .action(async (options: ListOptions, command: Command) => {
      const filters = checkListOptions(options);
      const rates = await withDatabase(command, 'fx list', async (db) => {
        const service = createFxService({ db });
        const all: FxRate[] = [];
        let cursor: string | undefined;
        do {
          const page = await service.list({ ...filters, cursor, limit: 5000 });
          all.push(...page.items);
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        return all;
      });
      printResult(Boolean(options.json), rates, () =>
        rates.length === 0 ? 'no rates' : rates.map(describeRate).join('\n'),
      );
    });
}
