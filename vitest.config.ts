import { defineConfig } from 'vitest/config';

const databaseTests = ['src/**/*.db.test.ts', 'src/**/*.routes.test.ts'];
const serverUrl = process.env.DATABASE_URL;

/**
 * Projects: pure unit tests; database and route tests against the embedded PostgreSQL and, when
 * DATABASE_URL is set, once more against that server; black-box end-to-end tests.
 */
export default defineConfig({
  test: {
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/vitest.json' }]]
      : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: [...databaseTests, 'test/e2e/**', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'db-embedded',
          include: databaseTests,
          globalSetup: ['test/support/build-setup.ts', 'test/support/global-setup.ts'],
          env: { AIDGRID_TEST_TARGET: 'embedded' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(serverUrl
        ? [
            {
              test: {
                name: 'db-server',
                include: databaseTests,
                exclude: ['src/db/embedded.db.test.ts', '**/node_modules/**'],
                globalSetup: ['test/support/build-setup.ts'],
                env: { AIDGRID_TEST_TARGET: 'server' },
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          globalSetup: ['test/support/build-setup.ts', 'test/support/e2e-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
