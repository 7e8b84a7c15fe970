/**
 * Who is acting. Every service call and every audit entry names one.
 *
 * - `user`: a person logged in with a session cookie;
 * - `token`: a program using an API token (scoped to one organisation and one role);
 * - `anonymous`: nobody logged in — sees `public` records and published aggregates only;
 * - `system`: the operator's own tools (CLI, demo loader, migrations): not subject to visibility.
 */
export const ROLES = ['admin', 'coordinator', 'recipient', 'donor', 'manufacturer', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Classification levels, lowest first; the order is the order of clearance. */
export const CLASSIFICATIONS = ['public', 'coalition', 'restricted'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

export type ActorKind = 'user' | 'token' | 'anonymous' | 'system';

export interface Actor {
  /** What the audit log records as the actor: a user id, `token:<id>`, 'anonymous', 'cli', 'demo'. */
  readonly id: string;
  readonly kind: ActorKind;
  /** The organisation the actor acts for; null for anonymous and system actors. */
  readonly orgId: string | null;
  readonly role: Role | null;
  /** The highest classification the actor may read regardless of ownership. */
  readonly clearance: Classification;
}

/** The operator's own tools; `label` becomes the audit actor ('cli', 'demo', 'migrate'). */
export function systemActor(label: string): Actor {
  return { id: label, kind: 'system', orgId: null, role: null, clearance: 'restricted' };
}

export const ANONYMOUS: Actor = {
  id: 'anonymous',
  kind: 'anonymous',
  orgId: null,
  role: null,
  clearance: 'public',
};

/** True when `level` is at or below `clearance`. */
export function cleared(clearance: Classification, level: Classification): boolean {
  return CLASSIFICATIONS.indexOf(level) <= CLASSIFICATIONS.indexOf(clearance);
}
