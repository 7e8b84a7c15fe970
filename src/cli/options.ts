import type { Command } from 'commander';
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
