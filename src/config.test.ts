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
    });
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
