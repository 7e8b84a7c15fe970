import type { Kysely, Selectable } from 'kysely';
import {
  countUsers,
  findOrganisationByRef,
  findUserByEmail,
  findUserById,
  insertUser,
  listUsers,
  revokeUserSessions,
  setPasswordHash,
  setUserDisabledAt,
} from '../../db/repositories/account.repository.js';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import { listOrganisationNames } from '../../db/repositories/name.repository.js';
import type { AppUserTable, Database } from '../../db/schema.js';
import { Conflict, DomainError, InvalidRecord, NotFound, ProblemList } from '../errors.js';
import { createOrganisationService } from '../organisations/organisation.service.js';
import { newId } from '../shared/ids.js';
import { matchName } from '../shared/resolve.js';
import { DEFAULT_CLEARANCE, type SessionUser, type User } from './account.schema.js';
import { type Actor, type Classification, type Role, systemActor } from './actor.js';
import { checkPasswordPolicy, hashPassword, verifyAgainstDummy, verifyPassword } from './password.js';
import type { LoginThrottle } from './throttle.js';
import { unknownOrganisation } from './token.service.js';

export interface NewUser {
  readonly email: string;
  readonly display_name: string;
  readonly org_id: string;
  readonly role: Role;
  readonly clearance?: Classification | undefined;
  readonly password: string;
  /** Demo accounts of the synthetic scenario. */
  readonly synthetic?: boolean;
}

export type AccountService = ReturnType<typeof createAccountService>;

const EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function toUser(row: Selectable<AppUserTable>): User {
  return {
    id: row.id,
    email: row.email,
    display_name: row.display_name,
    org_id: row.org_id,
    role: row.role as Role,
    clearance: row.clearance,
    disabled: row.disabled_at !== null,
    synthetic: row.synthetic,
    created_at: row.created_at.toISOString(),
    password_changed_at: row.password_changed_at.toISOString(),
  };
}

export function toSessionUser(row: Selectable<AppUserTable> | User): SessionUser {
  return {
    id: row.id,
    email: row.email,
    display_name: row.display_name,
    org_id: row.org_id,
    role: row.role as Role,
    clearance: row.clearance,
  };
}

function requireAdmin(actor: Actor): void {
  if (actor.kind === 'anonymous') throw new DomainError('unauthenticated', 401, 'log in first');
  if (actor.kind !== 'system' && actor.role !== 'admin') {
    throw new DomainError('forbidden', 403, 'only an admin may manage accounts');
  }
}

function invalidCredentials(): DomainError {
  return new DomainError('invalid_credentials', 401, 'the email or the password is wrong');
}

/**
 * Accounts of people: created by an admin (or `aidgrid admin create`), disabled and enabled,
 * passwords changed, logins checked against argon2id hashes behind the login throttle. Disabling
 * an account ends all its sessions in the same transaction.
 */
export function createAccountService(deps: {
  db: Kysely<Database>;
  clock?: () => Date;
  throttle?: LoginThrottle;
}) {
  const { db, clock = () => new Date(), throttle } = deps;

  return {
    async create(input: NewUser, actor: Actor): Promise<User> {
      requireAdmin(actor);
      const email = input.email.trim();
      const problems = new ProblemList();
      if (!EMAIL_PATTERN.test(email) || email.length > 254) problems.add('email', 'is not an email address');
      if (input.display_name.trim() === '') problems.add('display_name', 'must not be empty');
      for (const problem of checkPasswordPolicy(input.password, {
        email,
        displayName: input.display_name,
      })) {
        problems.add(problem.field, problem.message);
      }
      problems.throwIfAny();
      if (await findUserByEmail(db, email)) {
        throw Conflict('email_taken', `an account with the email ${email} exists already`);
      }
      const passwordHash = await hashPassword(input.password);
      const now = clock();
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await insertUser(trx, {
          id: newId(),
          org_id: input.org_id,
          email,
          display_name: input.display_name.trim(),
          role: input.role,
          clearance: input.clearance ?? DEFAULT_CLEARANCE[input.role],
          password_hash: passwordHash,
          password_changed_at: now,
          synthetic: input.synthetic ?? false,
          created_by: actor.id,
        }).catch((error: unknown) => {
          if ((error as { code?: string }).code === '23505') {
            throw Conflict('email_taken', `an account with the email ${email} exists already`);
          }
          return unknownOrganisation(error);
        });
        await insertAuditEntry(trx, {
          actor: actor.id,
          action: 'create',
          entity_type: 'app_user',
          entity_id: inserted.id,
          before: null,
          after: toUser(inserted),
        });
        return inserted;
      });
      return toUser(row);
    },

    async list(actor: Actor, filters: { orgId?: string | undefined } = {}): Promise<User[]> {
      requireAdmin(actor);
      return (await listUsers(db, filters)).map(toUser);
    },

    async get(id: string): Promise<User> {
      const row = await findUserById(db, id);
      if (!row) throw NotFound('user', id);
      return toUser(row);
    },

    /** Looks an account up by email or id (for the CLI). */
    async find(emailOrId: string): Promise<User | undefined> {
      const row = /^[0-9a-f-]{36}$/i.test(emailOrId)
        ? await findUserById(db, emailOrId)
        : await findUserByEmail(db, emailOrId);
      return row ? toUser(row) : undefined;
    },

    /** The organisation named by id, name or short name (for the CLI); one, or an error saying why not. */
    async resolveOrganisation(
      ref: string,
      options: { create?: boolean } = {},
    ): Promise<{ id: string; name: string }> {
      const found = await findOrganisationByRef(db, ref);
      if (found.length === 0 && options.create) {
        // A fresh instance has no organisation yet: the first account or token brings its own.
        const created = await createOrganisationService({ db }).create(
          { name: ref.trim(), kind: 'other' },
          systemActor('cli'),
        );
        return { id: created.entity.id, name: created.entity.name };
      }
      if (found.length === 1) return found[0] as { id: string; name: string };
      // Unknown or ambiguous: the resolver's sentence, with the near names or the candidates.
      return matchName('organisation', ref, await listOrganisationNames(db));
    },

    async count(): Promise<number> {
      return countUsers(db);
    },

    /** Disables the account and ends all its sessions at once, in one transaction. */
    async disable(id: string, actor: Actor): Promise<User> {
      return setDisabled(id, actor, true);
    },

    async enable(id: string, actor: Actor): Promise<User> {
      return setDisabled(id, actor, false);
    },

    /**
     * Checks an email and password behind the throttle. Unknown accounts cost the same argon2
     * verification as known ones and fail with the same error; disabled accounts fail too.
     */
    async authenticate(email: string, password: string, ip?: string): Promise<SessionUser> {
      await throttle?.check(email, ip);
      const row = await findUserByEmail(db, email);
      const matches = row
        ? await verifyPassword(row.password_hash, password)
        : await verifyAgainstDummy(password);
      if (!row || !matches || row.disabled_at !== null) {
        await throttle?.recordFailure(email, ip);
        throw invalidCredentials();
      }
      await throttle?.recordSuccess(email, ip);
      return toSessionUser(row);
    },

    /**
     * Changes the user's own password after checking the current one; every other session of
     * the user ends, the one in `keepSessionId` stays.
     */
    async changePassword(
      userId: string,
      current: string,
      next: string,
      keepSessionId?: string,
    ): Promise<void> {
      const row = await findUserById(db, userId);
      if (!row || row.disabled_at !== null) throw NotFound('user', userId);
      if (!(await verifyPassword(row.password_hash, current))) {
        throw InvalidRecord([{ field: 'current_password', message: 'is not your current password' }]);
      }
      const problems = checkPasswordPolicy(
        next,
        { email: row.email, displayName: row.display_name },
        'new_password',
      );
      if (current.normalize('NFC') === next.normalize('NFC')) {
        problems.push({ field: 'new_password', message: 'must differ from the current password' });
      }
      if (problems.length > 0) throw InvalidRecord(problems);
      const passwordHash = await hashPassword(next);
      const now = clock();
      await db.transaction().execute(async (trx) => {
        await setPasswordHash(trx, userId, passwordHash, now);
        await revokeUserSessions(trx, userId, now, keepSessionId);
      });
    },
  };

  async function setDisabled(id: string, actor: Actor, disabled: boolean): Promise<User> {
    requireAdmin(actor);
    if (disabled && actor.id === id) {
      throw Conflict('cannot_disable_self', 'you cannot disable your own account');
    }
    const before = await findUserById(db, id);
    if (!before) throw NotFound('user', id);
    const now = clock();
    return db.transaction().execute(async (trx) => {
      const row = await setUserDisabledAt(trx, id, disabled ? (before.disabled_at ?? now) : null);
      if (!row) throw NotFound('user', id);
      if (disabled) await revokeUserSessions(trx, id, now);
      await insertAuditEntry(trx, {
        actor: actor.id,
        action: 'update',
        entity_type: 'app_user',
        entity_id: id,
        before: toUser(before),
        after: toUser(row),
      });
      return toUser(row);
    });
  }
}
