import { sql } from 'kysely';
import type { Executor } from './record.repository.js';

/** The data set's "as of" day (YYYY-MM-DD), or null when it is as of today. */
export async function findDataSetAsOf(db: Executor): Promise<string | null> {
  const row = await db.selectFrom('data_set').select('as_of').executeTakeFirst();
  return row?.as_of ?? null;
}

/** Sets the data set's "as of" day; null: today. */
export async function setDataSetAsOf(db: Executor, asOf: string | null): Promise<void> {
  await db
    .insertInto('data_set')
    .values({ id: true, as_of: asOf })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ as_of: asOf, updated_at: sql`now()` }))
    .execute();
}
