import { PERMISSIONS, type Permission as RoutePermission } from '../../../src/api/permissions.js';
import type { Role } from '../../../src/core/auth/actor.js';
import type { SessionState } from './session.js';

/**
 * What the UI offers to do, each tied to the API route that does it. Who may is read from the
 * server's own permission table, so the two cannot drift; the server still decides (its 403 is
 * shown when it refuses, e.g. a recipient changing another organisation's need).
 */
const ACTIONS = {
  'create-need': { route: 'POST /api/v1/needs', what: 'post a need' },
  'edit-need': { route: 'PATCH /api/v1/needs/:id', what: 'change a need' },
  'create-pledge': { route: 'POST /api/v1/pledges', what: 'record a pledge' },
  'read-plans': { route: 'GET /api/v1/plans', what: 'see allocation plans' },
  'run-plan': { route: 'POST /api/v1/plans', what: 'run a plan' },
  'accept-plan': { route: 'POST /api/v1/plans/:id/accept', what: 'accept a plan' },
  'read-backups': { route: 'GET /api/v1/admin/backups', what: 'see backups' },
} as const;

export type Action = keyof typeof ACTIONS;

export type Permission =
  | { readonly allowed: true }
  /** `signIn`: signing in could help (nobody is signed in yet). */
  | { readonly allowed: false; readonly reason: string; readonly signIn: boolean };

/** The roles the server lets call `route`; undefined when any signed-in person may. */
export function rolesFor(route: string): readonly Role[] | undefined {
  const rule: RoutePermission | undefined = PERMISSIONS[route];
  if (rule === undefined) throw new Error(`the API permission table has no route ${route}`);
  return rule === 'public' || rule === 'session' ? undefined : rule.roles;
}

/** "coordinators and recipients", "admins, coordinators and donors". */
function who(roles: readonly Role[]): string {
  const plural = roles.map((role) => `${role}s`);
  return plural.length <= 1
    ? (plural[0] ?? 'nobody')
    : `${plural.slice(0, -1).join(', ')} and ${plural.at(-1)}`;
}

/** Whether the current reader may try `action`, and if not, why in words. */
export function permission(session: SessionState, action: Action): Permission {
  const { route, what } = ACTIONS[action];
  const roles = rolesFor(route);
  switch (session.status) {
    case 'loading':
      return { allowed: false, reason: 'Checking whether you are signed in…', signIn: false };
    case 'signed-out':
      return { allowed: false, reason: `Sign in to ${what}.`, signIn: true };
    case 'signed-in':
      return roles === undefined || roles.includes(session.user.role)
        ? { allowed: true }
        : {
            allowed: false,
            reason: `Your role (${session.user.role}) may not ${what}; ${who(roles)} may.`,
            signIn: false,
          };
  }
}
