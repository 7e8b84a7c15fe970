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
  /** A login session ends after this many minutes without a request. */
  readonly sessionIdleMinutes: number;
  /** A login session ends this many hours after login, whatever happens. */
  readonly sessionMaxHours: number;
  /** Requests per minute allowed to one client address (requests without an API token). */
  readonly rateLimitPerMinute: number;
  /** Requests per minute allowed to one API token. */
  readonly tokenRateLimitPerMinute: number;
  /**
   * Whom to trust for X-Forwarded-For: false (nobody, the default), true (any proxy), a number of
   * proxy hops, or a comma-separated list of proxy addresses / CIDR ranges.
   */
  readonly trustProxy: boolean | number | string;
  /** The password of every demo account (otherwise each gets a random one, printed once). */
  readonly demoPassword: string | undefined;
  /** Where the embedded PostgreSQL archives each finished WAL segment (continuous archiving); off when unset. */
  readonly walArchiveDir: string | undefined;
  /** Longest time, in seconds, a change waits before its WAL segment is archived on a quiet server. */
  readonly walArchiveTimeoutSeconds: number;
  /** Where `aidgrid backup` and the backup schedule write base backups. */
  readonly backupDir: string;
  /** AIDGRID_WEBHOOKS_ALLOW_LOOPBACK=1: webhook URLs may be http to loopback and resolve to loopback (tests). */
  readonly webhooksAllowLoopback: boolean;
  /** AIDGRID_WEBHOOKS_RETRY_BASE_MS: the first webhook retry after about this long, doubling (default 10 s). */
  readonly webhooksRetryBaseMs: number;
  /** AIDGRID_OUTBOX_RETENTION_DAYS: finished webhook deliveries, their attempt logs and told events are pruned after this many days (default 30). */
  readonly outboxRetentionDays: number;
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
  demoPassword?: string | undefined;
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
    sessionIdleMinutes: env.AIDGRID_SESSION_IDLE_MINUTES ?? '30',
    sessionMaxHours: env.AIDGRID_SESSION_MAX_HOURS ?? '12',
    rateLimitPerMinute: env.AIDGRID_RATE_LIMIT_PER_MINUTE ?? '1200',
    tokenRateLimitPerMinute: env.AIDGRID_TOKEN_RATE_LIMIT_PER_MINUTE ?? '6000',
    trustProxy: emptyToUndefined(env.AIDGRID_TRUST_PROXY),
    demoPassword: overrides.demoPassword ?? emptyToUndefined(env.AIDGRID_DEMO_PASSWORD),
    walArchiveDir: emptyToUndefined(env.AIDGRID_WAL_ARCHIVE_DIR),
    walArchiveTimeout: env.AIDGRID_WAL_ARCHIVE_TIMEOUT ?? '60',
    backupDir: env.AIDGRID_BACKUP_DIR ?? './aidgrid-backups',
    webhooksAllowLoopback: emptyToUndefined(env.AIDGRID_WEBHOOKS_ALLOW_LOOPBACK) ?? '0',
    webhooksRetryBaseMs: env.AIDGRID_WEBHOOKS_RETRY_BASE_MS ?? '10000',
    outboxRetentionDays: env.AIDGRID_OUTBOX_RETENTION_DAYS ?? '30',
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
  const sessionIdleMinutes = positiveWhole(problems, 'AIDGRID_SESSION_IDLE_MINUTES', raw.sessionIdleMinutes);
  const sessionMaxHours = positiveWhole(problems, 'AIDGRID_SESSION_MAX_HOURS', raw.sessionMaxHours);
  const rateLimitPerMinute = positiveWhole(problems, 'AIDGRID_RATE_LIMIT_PER_MINUTE', raw.rateLimitPerMinute);
  const tokenRateLimitPerMinute = positiveWhole(
    problems,
    'AIDGRID_TOKEN_RATE_LIMIT_PER_MINUTE',
    raw.tokenRateLimitPerMinute,
  );
  const trustProxy = parseTrustProxy(problems, raw.trustProxy);
  if (raw.demoPassword !== undefined && [...raw.demoPassword.normalize('NFC')].length < 12) {
    problems.push('AIDGRID_DEMO_PASSWORD (or --demo-password) must be at least 12 characters long');
  }
  const walArchiveTimeoutSeconds = positiveWhole(
    problems,
    'AIDGRID_WAL_ARCHIVE_TIMEOUT',
    raw.walArchiveTimeout,
  );
  if (raw.backupDir.trim() === '') problems.push('AIDGRID_BACKUP_DIR must not be empty');
  if (raw.webhooksAllowLoopback !== '0' && raw.webhooksAllowLoopback !== '1') {
    problems.push(`AIDGRID_WEBHOOKS_ALLOW_LOOPBACK must be 0 or 1, got "${raw.webhooksAllowLoopback}"`);
  }
  const webhooksRetryBaseMs = positiveWhole(
    problems,
    'AIDGRID_WEBHOOKS_RETRY_BASE_MS',
    raw.webhooksRetryBaseMs,
  );
  const outboxRetentionDays = positiveWhole(
    problems,
    'AIDGRID_OUTBOX_RETENTION_DAYS',
    raw.outboxRetentionDays,
  );
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port,
    host: raw.host,
    dataDir: path.resolve(raw.dataDir),
    databaseUrl: raw.databaseUrl,
    logLevel: raw.logLevel as LogLevel,
    bodyLimit,
    sessionIdleMinutes,
    sessionMaxHours,
    rateLimitPerMinute,
    tokenRateLimitPerMinute,
    trustProxy,
    demoPassword: raw.demoPassword,
    walArchiveDir: raw.walArchiveDir === undefined ? undefined : path.resolve(raw.walArchiveDir),
    walArchiveTimeoutSeconds,
    backupDir: path.resolve(raw.backupDir),
    webhooksAllowLoopback: raw.webhooksAllowLoopback === '1',
    webhooksRetryBaseMs,
    outboxRetentionDays,
  };
}

function positiveWhole(problems: string[], name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) {
    problems.push(`${name} must be a whole number of at least 1, got "${value}"`);
  }
  return Number(value);
}

/** AIDGRID_TRUST_PROXY: unset or false, true, a hop count, or proxy addresses / CIDR ranges. */
function parseTrustProxy(problems: string[], value: string | undefined): boolean | number | string {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const parts = value.split(',').map((part) => part.trim());
  if (parts.every((part) => /^[0-9a-fA-F.:]+(\/\d{1,3})?$/.test(part))) return parts.join(',');
  problems.push(
    `AIDGRID_TRUST_PROXY must be true, false, a number of proxy hops or a comma-separated list of addresses, got "${value}"`,
  );
  return false;
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
