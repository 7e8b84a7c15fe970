import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Where the embedded PostgreSQL keeps its cluster and aidgrid its lock; unused with databaseUrl. */
  readonly dataDir: string;
  /** A PostgreSQL server to use instead of the embedded one. */
  readonly databaseUrl: string | undefined;
  readonly logLevel: LogLevel;
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit: number;
}

export class ConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** Values given on the command line win over the environment. */
export interface ConfigOverrides {
  port?: string | undefined;
  host?: string | undefined;
  dataDir?: string | undefined;
  databaseUrl?: string | undefined;
  logLevel?: string | undefined;
}

/** Validates the whole configuration at once so that every problem is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): Config {
  const problems: string[] = [];
  const raw = {
    port: overrides.port ?? env.PORT ?? '8080',
    host: overrides.host ?? env.HOST ?? '127.0.0.1',
    dataDir: overrides.dataDir ?? env.AIDGRID_DATA_DIR ?? './aidgrid-data',
    databaseUrl: overrides.databaseUrl ?? emptyToUndefined(env.DATABASE_URL),
    logLevel: overrides.logLevel ?? env.LOG_LEVEL ?? 'info',
    bodyLimit: env.AIDGRID_BODY_LIMIT ?? String(1024 * 1024),
  };

  const port = Number(raw.port);
  if (!/^\d+$/.test(raw.port) || port < 0 || port > 65_535) {
    problems.push(`PORT must be a whole number from 0 to 65535, got "${raw.port}"`);
  }
  if (raw.host.trim() === '') problems.push('HOST must not be empty');
  if (raw.dataDir.trim() === '') problems.push('AIDGRID_DATA_DIR must not be empty');
  if (raw.databaseUrl !== undefined && !isPostgresUrl(raw.databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  if (!LOG_LEVELS.includes(raw.logLevel as LogLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw.logLevel}"`);
  }
  const bodyLimit = Number(raw.bodyLimit);
  if (!/^\d+$/.test(raw.bodyLimit) || bodyLimit < 1024) {
    problems.push(
      `AIDGRID_BODY_LIMIT must be a whole number of bytes of at least 1024, got "${raw.bodyLimit}"`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port,
    host: raw.host,
    dataDir: path.resolve(raw.dataDir),
    databaseUrl: raw.databaseUrl,
    logLevel: raw.logLevel as LogLevel,
    bodyLimit,
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'postgres:' || url.protocol === 'postgresql:';
  } catch {
    return false;
  }
}
