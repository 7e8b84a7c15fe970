import { type Command, InvalidArgumentError } from 'commander';
import type { TSchema } from 'typebox';
import { type Config, loadConfig } from '../config.js';

/** Global options (--data-dir, --database-url, --log-level) over the environment, validated once. */
export function configFromCommand(command: Command, extra: { port?: string; host?: string } = {}): Config {
  const globals = command.optsWithGlobals() as { dataDir?: string; databaseUrl?: string; logLevel?: string };
  return loadConfig(process.env, {
    dataDir: globals.dataDir,
    databaseUrl: globals.databaseUrl,
    logLevel: globals.logLevel,
    port: extra.port,
    host: extra.host,
  });
}

/** A quantity typed on the command line: digits with at most 3 decimals. */
export function parseQuantity(text: string, option: string): number {
  if (!/^\d+(\.\d{1,3})?$/.test(text)) {
    throw new Error(`${option}: "${text}" is not a quantity (digits, at most 3 decimals)`);
  }
  return Number(text);
}

/** A quantity typed on the command line: digits with at most 3 decimals, greater than zero. */
export function quantityArgument(text: string): number {
  if (!/^\d+(\.\d{1,3})?$/.test(text) || Number(text) === 0) {
    throw new InvalidArgumentError(
      'write a quantity greater than zero with at most 3 decimals, e.g. 250 or 12.5',
    );
  }
  return Number(text);
}

/** The words a closed-set schema allows (an enum, or a union of constants), for `--help` and `.choices()`. */
export function choicesOf(schema: TSchema): string[] {
  const node = schema as { enum?: unknown[]; anyOf?: { const?: unknown }[] };
  const values = node.enum ?? node.anyOf?.map((branch) => branch.const) ?? [];
  return values.filter((value): value is string => typeof value === 'string');
}

/** A date and time typed on the command line, ISO 8601 (a date alone means its start, UTC). */
export function dateTimeArgument(text: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
  if (!iso.test(text) || Number.isNaN(Date.parse(text))) {
    throw new InvalidArgumentError('write a date and time in ISO 8601, e.g. 2022-11-23T12:00:00Z');
  }
  return text;
}
