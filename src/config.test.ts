import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('./aidgrid-data'),
      databaseUrl: undefined,
      logLevel: 'info',
      bodyLimit: 1024 * 1024,
      sessionIdleMinutes: 30,
      sessionMaxHours: 12,
      rateLimitPerMinute: 1200,
      tokenRateLimitPerMinute: 6000,
      trustProxy: false,
      demoPassword: undefined,
      walArchiveDir: undefined,
      walArchiveTimeoutSeconds: 60,
      backupDir: path.resolve('./aidgrid-backups'),
      webhooksAllowLoopback: false,
      webhooksRetryBaseMs: 10_000,
      outboxRetentionDays: 30,
    });
  });

  it('reads the webhook settings', () => {
    expect(
      loadConfig({ AIDGRID_WEBHOOKS_ALLOW_LOOPBACK: '1', AIDGRID_WEBHOOKS_RETRY_BASE_MS: '200' }),
    ).toMatchObject({ webhooksAllowLoopback: true, webhooksRetryBaseMs: 200 });
    expect(() => loadConfig({ AIDGRID_WEBHOOKS_ALLOW_LOOPBACK: 'yes' })).toThrow(
      'AIDGRID_WEBHOOKS_ALLOW_LOOPBACK must be 0 or 1, got "yes"',
    );
    expect(loadConfig({ AIDGRID_OUTBOX_RETENTION_DAYS: '7' })).toMatchObject({ outboxRetentionDays: 7 });
    expect(() => loadConfig({ AIDGRID_OUTBOX_RETENTION_DAYS: '0' })).toThrow(
      'AIDGRID_OUTBOX_RETENTION_DAYS must be a whole number of at least 1, got "0"',
    );
  });

  it('reads the backup settings', () => {
    expect(
      loadConfig({
        AIDGRID_WAL_ARCHIVE_DIR: 'wal',
        AIDGRID_WAL_ARCHIVE_TIMEOUT: '15',
        AIDGRID_BACKUP_DIR: '/b',
      }),
    ).toMatchObject({ walArchiveDir: path.resolve('wal'), walArchiveTimeoutSeconds: 15, backupDir: '/b' });
    expect(() => loadConfig({ AIDGRID_WAL_ARCHIVE_TIMEOUT: '0' })).toThrow(
      'AIDGRID_WAL_ARCHIVE_TIMEOUT must be a whole number of at least 1, got "0"',
    );
  });

  it('reads the session, rate-limit, proxy and demo settings, and lists what is wrong with them', () => {
    expect(
      loadConfig({
        AIDGRID_SESSION_IDLE_MINUTES: '15',
        AIDGRID_SESSION_MAX_HOURS: '8',
        AIDGRID_RATE_LIMIT_PER_MINUTE: '60',
        AIDGRID_TOKEN_RATE_LIMIT_PER_MINUTE: '600',
        AIDGRID_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
        AIDGRID_DEMO_PASSWORD: 'a demo passphrase',
      }),
    ).toMatchObject({
      sessionIdleMinutes: 15,
      sessionMaxHours: 8,
      rateLimitPerMinute: 60,
      tokenRateLimitPerMinute: 600,
      trustProxy: '10.0.0.0/8,127.0.0.1',
      demoPassword: 'a demo passphrase',
    });
    expect(loadConfig({ AIDGRID_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ AIDGRID_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    try {
      loadConfig({
        AIDGRID_SESSION_IDLE_MINUTES: '0',
        AIDGRID_RATE_LIMIT_PER_MINUTE: 'lots',
        AIDGRID_TRUST_PROXY: 'everyone',
        AIDGRID_DEMO_PASSWORD: 'short',
      });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(4);
    }
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: '80a', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(3);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('lets command-line values win over the environment', () => {
    const config = loadConfig({ PORT: '9000', AIDGRID_DATA_DIR: '/tmp/a' }, { port: '0', dataDir: '/tmp/b' });
    expect(config).toMatchObject({ port: 0, dataDir: '/tmp/b' });
  });

  it('treats an empty DATABASE_URL as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
  });
});
