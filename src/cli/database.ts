import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import { type Clock, dataSetClock } from '../core/shared/clock.js';
import { migrateToLatest } from '../db/migrate.js';
import { type OpenedDatabase, openConfiguredDatabase } from '../db/open.js';
import { findDataSetAsOf } from '../db/repositories/data-set.repository.js';
import type { Database } from '../db/schema.js';
import { noteDataAsOf } from './data-as-of.js';
import { configFromCommand } from './options.js';

/**
 * Opens the configured database for one command (the running server's embedded PostgreSQL, or
 * one started for the command), brings its schema up to date, runs `work` with the data set's clock
 * (what "now" means for defaults) and always shuts down.
 */
export async function withDatabase<T>(
  command: Command,
  label: string,
  work: (db: Kysely<Database>, clock: Clock, handle: OpenedDatabase) => Promise<T>,
): Promise<T> {
  const database = await openConfiguredDatabase(configFromCommand(command), 'command', label);
  try {
    await migrateToLatest(database.db);
    const clock = dataSetClock(await findDataSetAsOf(database.db));
    noteDataAsOf(clock.today());
    return await work(database.db, clock, database);
  } finally {
    await database.shutdown();
  }
}
