import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate.js';
import { type OpenedDatabase, openConfiguredDatabase } from '../db/open.js';
import type { Database } from '../db/schema.js';
import { configFromCommand } from './options.js';

/**
 * Opens the configured database for one command (the running server's embedded PostgreSQL, or
 * one started for the command), brings its schema up to date, runs `work` and always shuts down.
 */
export async function withDatabase<T>(
  command: Command,
  label: string,
  work: (db: Kysely<Database>, handle: OpenedDatabase) => Promise<T>,
): Promise<T> {
  const database = await openConfiguredDatabase(configFromCommand(command), 'command', label);
  try {
    await migrateToLatest(database.db);
    return await work(database.db, database);
  } finally {
    await database.shutdown();
  }
}
