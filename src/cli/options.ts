import { type Command, InvalidArgumentError } from 'commander';
import type { TSchema } from 'typebox';
import { type Config, loadConfig } from '../config.js';
import type { NamedKind, Resolver } from '../core/shared/resolve.js';
import { CliError } from './output.js';

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
    throw new CliError(
      `${option}: "${text}" is not a quantity: write digits with at most 3 decimals, e.g. 250 or 12.5`,
    );
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
  if (!iso.test(text) || Number.isNaN(Date.parse(text)) || !isCalendarDay(text.slice(0, 10))) {
    throw new InvalidArgumentError('write a date and time in ISO 8601, e.g. 2022-11-23T12:00:00Z');
  }
  return text;
}

/** Whether YYYY-MM-DD is a day of the calendar (2023-02-30 is not). */
function isCalendarDay(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** A day typed on the command line: ISO 8601, YYYY-MM-DD. */
export function dateArgument(text: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !isCalendarDay(text)) {
    throw new InvalidArgumentError('write the day in ISO 8601 as YYYY-MM-DD, e.g. 2022-11-24');
  }
  return text;
}

/**
 * A record option's value and the older id-only option it replaces (kept as a hidden alias, e.g.
 * `--region-id` beside `--region`); both take an id, a code or a name. Giving both is a usage error.
 */
export function eitherOption(
  name: string,
  value: string | undefined,
  alias: string,
  aliasValue: string | undefined,
): string | undefined {
  if (value !== undefined && aliasValue !== undefined && value !== aliasValue) {
    throw new CliError(`give ${name} or ${alias}, not both`);
  }
  return value ?? aliasValue;
}

/** The id of each record named on the command line (id, code or name); undefined stays undefined. */
export async function resolveAll<K extends string>(
  resolver: Resolver,
  named: Record<K, readonly [NamedKind, string | undefined]>,
): Promise<Record<K, string | undefined>> {
  const entries = await Promise.all(
    Object.entries<readonly [NamedKind, string | undefined]>(named).map(async ([key, [kind, ref]]) => [
      key,
      ref === undefined ? undefined : (await resolver.resolve(kind, ref)).id,
    ]),
  );
  return Object.fromEntries(entries) as Record<K, string | undefined>;
}
