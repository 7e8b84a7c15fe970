import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Preferences, PreferencesPatch } from './preference.schema.js';

export type PreferenceService = ReturnType<typeof createPreferenceService>;

/**
 * A user's own preferences (the UI language). The table is closed to the application role
 * (migration 0028), so the auth services wrap this one with the owner's rights.
 */
export function createPreferenceService(deps: { db: Kysely<Database> }) {
  const { db } = deps;
  return {
    async get(userId: string): Promise<Preferences> {
      const row = await db
        .selectFrom('user_preference')
        .select('locale')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return { locale: row?.locale ?? null };
    },

    async update(userId: string, patch: PreferencesPatch): Promise<Preferences> {
      const row = await db
        .insertInto('user_preference')
        .values({ user_id: userId, locale: patch.locale })
        .onConflict((conflict) =>
          conflict.column('user_id').doUpdateSet({ locale: patch.locale, updated_at: new Date() }),
        )
        .returning('locale')
        .executeTakeFirstOrThrow();
      return { locale: row.locale };
    },
  };
}
