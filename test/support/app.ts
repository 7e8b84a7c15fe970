import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/app.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** The whole API on a fresh database of its own; close() drops the database. */
export async function createTestApp(options: { bodyLimit?: number } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const app = await buildApp({ db: database.db, ...options });
  await app.ready();
  return {
    app,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
