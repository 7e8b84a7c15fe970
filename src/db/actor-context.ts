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
