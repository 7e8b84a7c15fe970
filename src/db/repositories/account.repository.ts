import { type Insertable, sql } from 'kysely';
import type { ApiTokenTable, AppUserTable, UserSessionTable } from '../schema.js';
import type { Executor } from './record.repository.js';

// Users

export async function insertUser(db: Executor, row: Insertable<AppUserTable>) {
  return db.insertInto('app_user').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findUserById(db: Executor, id: string) {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByEmail(db: Executor, email: string) {
  return db
    .selectFrom('app_user')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

export async function listUsers(db: Executor, filters: { orgId?: string | undefined }) {
  let query = db.selectFrom('app_user').selectAll();
  if (filters.orgId !== undefined) query = query.where('org_id', '=', filters.orgId);
  return query.orderBy(sql`lower(email)`).orderBy('id').execute();
}

export async function countUsers(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function setUserDisabledAt(db: Executor, id: string, disabledAt: Date | null) {
  return db
    .updateTable('app_user')
    .set({ disabled_at: disabledAt })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function setPasswordHash(db: Executor, id: string, passwordHash: string, changedAt: Date) {
  await db
    .updateTable('app_user')
    .set({ password_hash: passwordHash, password_changed_at: changedAt })
    .where('id', '=', id)
    .execute();
}

// Sessions

export async function insertSession(db: Executor, row: Insertable<UserSessionTable>): Promise<void> {
  await db.insertInto('user_session').values(row).execute();
}

/** The session with its user's account columns, whatever its state; the service decides. */
export async function findSessionWithUser(db: Executor, id: string) {
  return db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.user_id',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.absolute_expires_at',
      's.revoked_at',
      'u.email',
      'u.display_name',
      'u.org_id',
      'u.role',
      'u.clearance',
      'u.disabled_at',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Executor, id: string, seenAt: Date): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ last_seen_at: seenAt })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

export async function revokeSession(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes every live session of the user, except `keepId` when given; returns how many. */
export async function revokeUserSessions(
  db: Executor,
  userId: string,
  at: Date,
  keepId?: string,
): Promise<number> {
  let query = db
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null);
  if (keepId !== undefined) query = query.where('id', '<>', keepId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// API tokens

export async function insertToken(db: Executor, row: Insertable<ApiTokenTable>) {
  return db.insertInto('api_token').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findTokenByHash(db: Executor, secretHash: string) {
  return db.selectFrom('api_token').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
}

export async function findTokenById(db: Executor, id: string) {
  return db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listTokens(db: Executor, filters: { orgId?: string | undefined }) {
  let query = db.selectFrom('api_token').selectAll();
  if (filters.orgId !== undefined) query = query.where('org_id', '=', filters.orgId);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

export async function revokeToken(db: Executor, id: string, at: Date) {
  return db
    .updateTable('api_token')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, ${at})` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function touchToken(db: Executor, id: string, usedAt: Date): Promise<void> {
  await db.updateTable('api_token').set({ last_used_at: usedAt }).where('id', '=', id).execute();
}

// Login throttle

type ThrottleScope = 'ip' | 'account_address';

export async function readThrottle(db: Executor, keys: readonly { scope: ThrottleScope; key: string }[]) {
  if (keys.length === 0) return [];
  return db
    .selectFrom('login_throttle')
    .selectAll()
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('scope', '=', k.scope), eb('key', '=', k.key)]))))
    .orderBy('scope')
    .orderBy('key')
    .execute();
}

/** Counts one failure and answers the count; a window older than `windowStartedAfter` starts again at `now`. */
export async function recordThrottleFailure(
  db: Executor,
  scope: ThrottleScope,
  key: string,
  now: Date,
  windowStartedAfter: Date,
): Promise<number> {
  const result = await sql<{ failures: number }>`
    INSERT INTO login_throttle (scope, key, failures, window_started_at)
    VALUES (${scope}, ${key}, 1, ${now})
    ON CONFLICT (scope, key) DO UPDATE SET
      failures = CASE WHEN login_throttle.window_started_at <= ${windowStartedAfter}
                      THEN 1 ELSE login_throttle.failures + 1 END,
      window_started_at = CASE WHEN login_throttle.window_started_at <= ${windowStartedAfter}
                               THEN ${now} ELSE login_throttle.window_started_at END
    RETURNING failures`.execute(db);
  return result.rows[0]?.failures ?? 1;
}

/** The earliest time the next login of an (email, address) pair may come; never moved earlier. */
export async function setThrottleBlockedUntil(db: Executor, key: string, until: Date): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ blocked_until: sql<Date>`GREATEST(blocked_until, ${until}::timestamptz)` })
    .where('scope', '=', 'account_address')
    .where('key', '=', key)
    .execute();
}

export async function clearThrottle(db: Executor, scope: ThrottleScope, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('scope', '=', scope).where('key', '=', key).execute();
}

// Organisations, as the CLI names them

/** The organisation with this id, or whose name or short name is this (any case). */
export async function findOrganisationByRef(db: Executor, ref: string) {
  const byId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  return db
    .selectFrom('organisation')
    .select(['id', 'name'])
    .where((eb) =>
      byId
        ? eb('id', '=', ref)
        : eb.or([
            eb(sql<string>`lower(name)`, '=', ref.trim().toLowerCase()),
            eb(sql<string>`lower(short_name)`, '=', ref.trim().toLowerCase()),
          ]),
    )
    .orderBy('name')
    .limit(2)
    .execute();
}
