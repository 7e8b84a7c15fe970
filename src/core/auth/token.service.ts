import type { Kysely, Selectable } from 'kysely';
import {
  findTokenByHash,
  findTokenById,
  insertToken,
  listTokens,
  revokeToken,
  touchToken,
} from '../../db/repositories/account.repository.js';
import { insertAuditEntry } from '../../db/repositories/audit.repository.js';
import type { ApiTokenTable, Database } from '../../db/schema.js';
import { DomainError, NotFound, ProblemList } from '../errors.js';
import { newId } from '../shared/ids.js';
import { type ApiToken, type ApiTokenCreated, DEFAULT_CLEARANCE } from './account.schema.js';
import { type Actor, type Classification, cleared, type Role } from './actor.js';
import { randomSecret, sha256Hex } from './secrets.js';

export const TOKEN_PREFIX = 'agt_';
export const DEFAULT_TOKEN_DAYS = 30;
const MAX_TOKEN_DAYS = 366;
const TOUCH_INTERVAL_MS = 60_000;

export interface TokenSpec {
  readonly name: string;
  readonly orgId: string;
  readonly role: Role;
  readonly clearance?: Classification | undefined;
  readonly expiresInDays?: number | undefined;
  readonly expiresAt?: string | Date | undefined;
}

export type TokenService = ReturnType<typeof createTokenService>;

function toApiToken(row: Selectable<ApiTokenTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    org_id: row.org_id,
    role: row.role as Role,
    clearance: row.clearance,
    created_by: row.created_by,
    created_at: row.created_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
    revoked_at: row.revoked_at?.toISOString() ?? null,
    last_used_at: row.last_used_at?.toISOString() ?? null,
  };
}

/** The actor a token acts as: its organisation, role and clearance. */
export function tokenActor(token: {
  id: string;
  org_id: string;
  role: string;
  clearance: Classification;
}): Actor {
  return {
    id: `token:${token.id}`,
    kind: 'token',
    orgId: token.org_id,
    role: token.role as Role,
    clearance: token.clearance,
  };
}

/** May `actor` manage tokens of `orgId`: the system and admins any, a coordinator its own organisation's. */
function mayManage(actor: Actor, orgId: string | undefined): boolean {
  if (actor.kind === 'anonymous') throw new DomainError('unauthenticated', 401, 'log in first');
  if (actor.kind === 'system' || actor.role === 'admin') return true;
  return actor.role === 'coordinator' && orgId !== undefined && actor.orgId === orgId;
}

function forbidden(message: string): DomainError {
  return new DomainError('forbidden', 403, message);
}

/**
 * API tokens for programs: `agt_` + 256 random bits, shown once, stored as SHA-256, scoped to one
 * organisation, role and clearance, expiring, revocable (effective on the next request).
 */
export function createTokenService(deps: { db: Kysely<Database>; clock?: () => Date }) {
  const { db, clock = () => new Date() } = deps;

  return {
    async create(spec: TokenSpec, actor: Actor): Promise<ApiTokenCreated> {
      if (!mayManage(actor, spec.orgId)) {
        throw forbidden('only an admin, or a coordinator for their own organisation, may create tokens');
      }
      const now = clock();
      const clearance = spec.clearance ?? DEFAULT_CLEARANCE[spec.role];
      const problems = new ProblemList();
      if (spec.name.trim() === '') problems.add('name', 'must not be empty');
      if (spec.expiresAt !== undefined && spec.expiresInDays !== undefined) {
        problems.add('expires_at', 'give expires_at or expires_in_days, not both');
      }
      const days = spec.expiresInDays ?? DEFAULT_TOKEN_DAYS;
      const expiresAt =
        spec.expiresAt !== undefined ? new Date(spec.expiresAt) : new Date(now.getTime() + days * 86_400_000);
      if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime()) {
        problems.add('expires_at', 'must be a time in the future');
      } else if (expiresAt.getTime() > now.getTime() + MAX_TOKEN_DAYS * 86_400_000) {
        problems.add('expires_at', `must be at most ${MAX_TOKEN_DAYS} days ahead`);
      }
      if (actor.kind !== 'system' && actor.role !== 'admin') {
        if (spec.role === 'admin') problems.add('role', 'only an admin may create admin tokens');
        if (!cleared(actor.clearance, clearance))
          problems.add('clearance', 'must not exceed your own clearance');
      }
      problems.throwIfAny();

      const secret = `${TOKEN_PREFIX}${randomSecret()}`;
      const row = await db.transaction().execute(async (trx) => {
        const inserted = await insertToken(trx, {
          id: newId(),
          secret_hash: sha256Hex(secret),
          prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
          name: spec.name.trim(),
          org_id: spec.orgId,
          role: spec.role,
          clearance,
          created_by: actor.id,
          created_at: now,
          expires_at: expiresAt,
        }).catch(unknownOrganisation);
        await insertAuditEntry(trx, {
          actor: actor.id,
          action: 'create',
          entity_type: 'api_token',
          entity_id: inserted.id,
          before: null,
          after: toApiToken(inserted),
        });
        return inserted;
      });
      return { ...toApiToken(row), token: secret };
    },

    /**
     * The actor of a bearer token, or undefined when it is unknown, expired or revoked. Records
     * the use at most once a minute.
     */
    async authenticate(bearer: string): Promise<Actor | undefined> {
      if (!bearer.startsWith(TOKEN_PREFIX) || bearer.length > 200) return undefined;
      const row = await findTokenByHash(db, sha256Hex(bearer));
      const now = clock();
      if (!row || row.revoked_at !== null || row.expires_at.getTime() <= now.getTime()) return undefined;
      if (row.last_used_at === null || now.getTime() - row.last_used_at.getTime() >= TOUCH_INTERVAL_MS) {
        await touchToken(db, row.id, now);
      }
      return tokenActor(row);
    },

    /** Tokens the actor may manage (never their secrets), newest first. */
    async list(actor: Actor, filters: { orgId?: string | undefined } = {}): Promise<ApiToken[]> {
      if (actor.kind !== 'system' && actor.role !== 'admin') {
        if (!mayManage(actor, actor.orgId ?? undefined)) throw forbidden('you may not list tokens');
        if (filters.orgId !== undefined && filters.orgId !== actor.orgId) {
          throw forbidden('a coordinator lists the tokens of their own organisation only');
        }
        return (await listTokens(db, { orgId: actor.orgId ?? undefined })).map(toApiToken);
      }
      return (await listTokens(db, filters)).map(toApiToken);
    },

    /** Revokes the token at once: its next request answers 401. Revoking twice changes nothing. */
    async revoke(id: string, actor: Actor): Promise<ApiToken> {
      const existing = await findTokenById(db, id);
      if (!existing) throw NotFound('api_token', id);
      if (!mayManage(actor, existing.org_id)) throw forbidden('you may not revoke this token');
      return db.transaction().execute(async (trx) => {
        const row = await revokeToken(trx, id, clock());
        if (!row) throw NotFound('api_token', id);
        await insertAuditEntry(trx, {
          actor: actor.id,
          action: 'update',
          entity_type: 'api_token',
          entity_id: id,
          before: toApiToken(existing),
          after: toApiToken(row),
        });
        return toApiToken(row);
      });
    },
  };
}

/** A foreign-key violation on org_id: the organisation does not exist. */
export function unknownOrganisation(error: unknown): never {
  if ((error as { code?: string }).code === '23503') {
    throw new DomainError('unknown_reference', 422, 'org_id: no such organisation', [
      { field: 'org_id', message: 'no such organisation' },
    ]);
  }
  throw error;
}
