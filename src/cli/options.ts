import { type Command, InvalidArgumentError } from 'commander';
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
