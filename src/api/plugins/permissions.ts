import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { type Actor, cleared } from '../../core/auth/actor.js';
import { DomainError } from '../../core/errors.js';
import {
  findAllocationDonor,
  findNeedRecipient,
  findPledgeDonor,
  findPledgeRecipients,
  findProductionLineManufacturer,
  findRecordOwner,
  findShipmentDonors,
  findShipmentRecipients,
  type PartyRecord,
} from '../../db/repositories/party.repository.js';
import type { Database } from '../../db/schema.js';
import { actorOf, ProblemSchema } from '../http.js';
import {
  authorise,
  isGuarded,
  PERMISSIONS,
  type Permission,
  permissionKey,
  type Relation,
  type Scope,
} from '../permissions.js';

type Lookup = (db: Kysely<Database>, id: string) => Promise<PartyRecord | undefined>;

const LOOKUPS: Record<Relation, Lookup> = {
  'pledge.donor': findPledgeDonor,
  'pledge.recipient': findPledgeRecipients,
  'allocation.donor': findAllocationDonor,
  'need.recipient': findNeedRecipient,
  'shipment.donor': findShipmentDonors,
  'shipment.recipient': findShipmentRecipients,
  'production_line.manufacturer': findProductionLineManufacturer,
  'incident.owner': (db, id) => findRecordOwner(db, 'incident', id),
  'source.owner': (db, id) => findRecordOwner(db, 'source', id),
  'material.owner': (db, id) => findRecordOwner(db, 'material', id),
  'input.owner': (db, id) => findRecordOwner(db, 'material_input', id),
  'consumption_profile.owner': (db, id) => findRecordOwner(db, 'consumption_profile', id),
  'grid_asset.owner': (db, id) => findRecordOwner(db, 'grid_asset', id),
  'repair_project.owner': (db, id) => findRecordOwner(db, 'repair_project', id),
  'money_pledge.owner': (db, id) => findRecordOwner(db, 'money_pledge', id),
  'fund_allocation.owner': (db, id) => findRecordOwner(db, 'fund_allocation', id),
};

const NOBODY: Permission = { roles: [] };

const ENTITY_NAMES: Record<string, string> = { input: 'material input' };

function unauthenticated(permission: Permission): DomainError {
  const how =
    permission === 'session' ? 'sign in (an API token cannot do this)' : 'sign in or send an API token';
  return new DomainError('unauthenticated', 401, `${how} to do this`);
}

function forbidden(detail: string): DomainError {
  return new DomainError('forbidden', 403, detail);
}

function notFound(relation: Relation, id: string): DomainError {
  const entity = relation.split('.')[0] ?? 'record';
  return new DomainError(
    'not_found',
    404,
    `${(ENTITY_NAMES[entity] ?? entity).replace('_', ' ')} ${id} does not exist`,
  );
}

/** A record the actor could read without being its party: its owner's, or within its clearance. */
function visibleAnyway(record: PartyRecord, actor: Actor): boolean {
  return record.owner_org_id === actor.orgId || cleared(actor.clearance, record.classification);
}

/** The values at `path` of a body: `allocation_id`, or `lines[].allocation_id` for every element of lines. */
function referencesAt(body: unknown, path: string): { field: string; value: unknown }[] {
  const fields = (body ?? {}) as Record<string, unknown>;
  const [list, key] = path.split('[].');
  if (key === undefined) return path in fields ? [{ field: path, value: fields[path] }] : [];
  const items = fields[list ?? ''];
  if (!Array.isArray(items)) return [];
  return items.map((item, index) => ({
    field: `${list}[${index}].${key}`,
    value: (item as Record<string, unknown> | null)?.[key],
  }));
}

async function checkScope(db: Kysely<Database>, request: FastifyRequest, actor: Actor, scope: Scope) {
  const role = actor.role ?? 'caller';
  if (scope.body) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    for (const field of scope.body) {
      if (field in body && body[field] !== actor.orgId) {
        throw new DomainError(
          'forbidden',
          403,
          `a ${role} may act only for its own organisation: ${field} must be ${actor.orgId}`,
          [{ field, message: `must be your organisation, ${actor.orgId}` }],
        );
      }
    }
  }
  for (const [path, relation] of Object.entries(scope.references ?? {})) {
    for (const { field, value } of referencesAt(request.body, path)) {
      const record = typeof value === 'string' ? await LOOKUPS[relation](db, value) : undefined;
      // The same answer whether the record is someone else's, invisible or missing: nothing leaks.
      if (!record || actor.orgId === null || !record.parties.includes(actor.orgId)) {
        const [entity, party] = relation.split('.');
        throw new DomainError(
          'forbidden',
          403,
          `a ${role} may name only ${entity}s of which its organisation is the ${party}: ${field}`,
          [{ field, message: `must be a ${entity} of which your organisation is the ${party}` }],
        );
      }
    }
  }
  if (scope.record) {
    const id = (request.params as { id?: string }).id ?? '';
    const record = await LOOKUPS[scope.record](db, id);
    if (!record) throw notFound(scope.record, id);
    if (actor.orgId !== null && record.parties.includes(actor.orgId)) return;
    // Answering 403 would tell the caller that a record it may not see exists.
    if (!visibleAnyway(record, actor)) throw notFound(scope.record, id);
    const [entity, party] = scope.record.split('.');
    throw forbidden(
      `a ${role} may do this only when its organisation is the ${(entity ?? '').replace('_', ' ')}'s ${party}`,
    );
  }
}

/** Adds the answers the table can give (401, 403, 404) to a route's documented responses. */
function documentRefusals(route: RouteOptions, permission: Permission | undefined): void {
  const response = route.schema?.response as Record<string, unknown> | undefined;
  if (permission === undefined || permission === 'public' || !response) return;
  const added: Record<string, unknown> = { 401: ProblemSchema };
  if (permission !== 'session') added[403] = ProblemSchema;
  if (Object.values(permission === 'session' ? {} : (permission.own ?? {})).some((scope) => scope?.record)) {
    added[404] = ProblemSchema;
  }
  const missing = Object.entries(added).filter(([status]) => !(status in response));
  route.schema = { ...route.schema, response: { ...response, ...Object.fromEntries(missing) } };
}

export interface PermissionsOptions {
  readonly db: Kysely<Database>;
}

/**
 * Enforces src/api/permissions.ts. At start-up every /api route must have an entry (deny by
 * default). Per request, in two stages:
 *
 * - onRequest, right after the authentication plugin's hook (registered before this plugin) has
 *   set the actor: the role. 401 `unauthenticated` for an anonymous caller on a non-public route,
 *   403 `forbidden` for a role the table does not list. This is before the body is even parsed
 *   (Fastify parses, then runs preValidation, then validates), so an unauthorised caller gets
 *   401/403 whatever it sends, never a 400 or 415 that would tell it about the route's body.
 * - preHandler, once params and body are validated: the scope of a role confined to its own
 *   organisation. Body fields that must name the caller's organisation (403 naming the field),
 *   and the parties of the record the path names, read under the caller's row-level security:
 *   404 when the caller cannot see the record, 403 when it can but is not a party.
 */
export const permissionsPlugin = fp<PermissionsOptions>(async (app: FastifyInstance, { db }) => {
  app.addHook('onRoute', (route) => {
    if (!isGuarded(route.url)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const key = permissionKey(method, route.url);
      const permission = PERMISSIONS[key];
      if (permission === undefined) {
        throw new Error(
          `${key} has no entry in src/api/permissions.ts: every API route must say who may call it`,
        );
      }
    }
    documentRefusals(route, PERMISSIONS[permissionKey(methods[0] ?? 'GET', route.url)]);
  });

  /** The route's entry; a guarded route without one (registered before this plugin) lets nobody in. */
  const permissionOf = (request: FastifyRequest): Permission | undefined => {
    const url = request.routeOptions.url;
    if (url === undefined || !isGuarded(url)) return undefined;
    return PERMISSIONS[permissionKey(request.method, url)] ?? NOBODY;
  };

  app.addHook('onRequest', async (request) => {
    const permission = permissionOf(request);
    if (permission === undefined) return;
    const decision = authorise(permission, actorOf(request));
    if (decision.outcome === 'unauthenticated') throw unauthenticated(permission);
    if (decision.outcome === 'forbidden') {
      throw forbidden(
        `a ${actorOf(request).role} may not do this; it needs one of: ${decision.roles.join(', ')}`,
      );
    }
  });

  app.addHook('preHandler', async (request) => {
    const permission = permissionOf(request);
    if (permission === undefined) return;
    const actor = actorOf(request);
    const decision = authorise(permission, actor);
    if (decision.outcome === 'scoped') await checkScope(db, request, actor, decision.scope);
  });
});
