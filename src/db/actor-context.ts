import { AsyncLocalStorage } from 'node:async_hooks';
import type { Actor } from '../core/auth/actor.js';

/**
 * The actor on whose behalf database work runs. The HTTP layer enters it once per request, after
 * authentication; the connection pool reads it when a connection is acquired (to set the role and
 * the reader's organisation and clearance for row-level security) and the audit log reads it for
 * the organisation. Outside any context (CLI, demo loader, migrations) work runs as the system.
 */
const storage = new AsyncLocalStorage<Actor>();

export function runAsActor<T>(actor: Actor, work: () => T): T {
  return storage.run(actor, work);
}

/** The actor of the current async context, or undefined outside any request. */
export function currentActor(): Actor | undefined {
  return storage.getStore();
}

/**
 * Runs work with the database owner's rights (no row-level security, no application role) while
 * keeping the current actor's id and organisation for the audit log. Only for the account tables
 * (users, sessions, tokens, login throttle), which the application role may not read at all.
 */
export function runWithOwnerRights<T>(work: () => T): T {
  const actor = storage.getStore();
  return actor && actor.kind !== 'system' ? storage.run({ ...actor, kind: 'system' }, work) : work();
}

/** The same service with every method run by runWithOwnerRights. */
export function withOwnerRights<T extends object>(service: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(service)) {
    wrapped[name] =
      typeof member === 'function'
        ? (...args: unknown[]) => runWithOwnerRights(() => member.apply(service, args))
        : member;
  }
  return wrapped as T;
}
