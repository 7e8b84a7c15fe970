import { PERMISSIONS, type Permission as RoutePermission } from '../../../src/api/permissions.js';
import type { Role } from '../../../src/core/auth/actor.js';
import type { SessionState } from './session.js';

/**
 * What the UI offers to do, each tied to the API route that does it. Who may is read from the
 * server's own permission table, so the two cannot drift; the server still decides (its 403 is
 * shown when it refuses, e.g. a recipient changing another organisation's need).
 */
const ACTIONS = {
  'create-need': { route: 'POST /api/v1/needs', what: 'post a need', id: 'auth.action.createNeed' },
  'edit-need': { route: 'PATCH /api/v1/needs/:id', what: 'change a need', id: 'auth.action.editNeed' },
  'create-pledge': { route: 'POST /api/v1/pledges', what: 'record a pledge', id: 'auth.action.createPledge' },
  'read-plans': { route: 'GET /api/v1/plans', what: 'see allocation plans', id: 'auth.action.readPlans' },
  'run-plan': { route: 'POST /api/v1/plans', what: 'run a plan', id: 'auth.action.runPlan' },
  'accept-plan': {
    route: 'POST /api/v1/plans/:id/accept',
    what: 'accept a plan',
    id: 'auth.action.acceptPlan',
  },
  'read-backups': { route: 'GET /api/v1/admin/backups', what: 'see backups', id: 'auth.action.readBackups' },
  // ─── Registry: FX rates, sources, duplicates, users and tokens ───
  'set-fx-rate': {
    route: 'PUT /api/v1/fx-rates/:currency/:date',
    what: 'set exchange rates',
    id: 'auth.action.setFxRate',
  },
  'import-fx-rates': {
    route: 'POST /api/v1/fx-rates/import',
    what: 'import exchange rates',
    id: 'auth.action.importFxRates',
  },
  'link-source': {
    route: 'POST /api/v1/sources/:id/links',
    what: 'attach sources to records',
    id: 'auth.action.linkSource',
  },
  'review-duplicates': {
    route: 'POST /api/v1/duplicates/:id/dismiss',
    what: 'review possible duplicates',
    id: 'auth.action.reviewDuplicates',
  },
  'manage-users': { route: 'POST /api/v1/users', what: 'manage accounts', id: 'auth.action.manageUsers' },
  'manage-tokens': {
    route: 'POST /api/v1/tokens',
    what: 'manage API tokens',
    id: 'auth.action.manageTokens',
  },
  'create-production-line': {
    route: 'POST /api/v1/production-lines',
    what: 'add a production line',
    id: 'auth.action.createProductionLine',
  },
  'edit-production-line': {
    route: 'PATCH /api/v1/production-lines/:id',
    what: 'change a production line',
    id: 'auth.action.editProductionLine',
  },
  'run-outage': {
    route: 'POST /api/v1/risk/outage',
    what: 'run an outage scenario',
    id: 'auth.action.runOutage',
  },
  'import-file': { route: 'POST /api/v1/imports', what: 'import a file', id: 'auth.action.importFile' },
  // Shipments and receipts (web/src/pages/shipments/*).
  'create-shipment': {
    route: 'POST /api/v1/shipments',
    what: 'prepare a shipment',
    id: 'shipmentActions.what.create',
  },
  'change-shipment-lines': {
    route: 'POST /api/v1/shipments/:id/lines',
    what: 'change the lines of a shipment',
    id: 'shipmentActions.what.lines',
  },
  'dispatch-shipment': {
    route: 'POST /api/v1/shipments/:id/dispatch',
    what: 'dispatch a shipment',
    id: 'shipmentActions.what.dispatch',
  },
  'lose-shipment': {
    route: 'POST /api/v1/shipments/:id/lose',
    what: 'report a shipment lost',
    id: 'shipmentActions.what.lose',
  },
  'receive-shipment': {
    route: 'POST /api/v1/shipments/:id/receipts',
    what: 'record what arrived',
    id: 'shipmentActions.what.receive',
  },
  'close-shipment': {
    route: 'POST /api/v1/shipments/:id/close',
    what: 'close a shipment short',
    id: 'shipmentActions.what.close',
  },
  'create-incident': {
    route: 'POST /api/v1/incidents',
    what: 'record an incident',
    id: 'auth.action.createIncident',
  },
  'edit-incident': {
    route: 'PATCH /api/v1/incidents/:id',
    what: 'revise an incident',
    id: 'auth.action.editIncident',
  },
  'derive-incident': {
    route: 'POST /api/v1/incidents/:id/derive',
    what: 'derive the needs of an incident',
    id: 'auth.action.deriveIncident',
  },
  'propose-allocation': {
    route: 'POST /api/v1/allocations',
    what: 'propose an allocation',
    id: 'auth.action.proposeAllocation',
  },
  'accept-allocation': {
    route: 'POST /api/v1/allocations/:id/accept',
    what: 'accept an allocation',
    id: 'auth.action.acceptAllocation',
  },
  'reject-allocation': {
    route: 'POST /api/v1/allocations/:id/reject',
    what: 'reject an allocation',
    id: 'auth.action.rejectAllocation',
  },
  'release-allocation': {
    route: 'POST /api/v1/allocations/:id/release',
    what: 'release an allocation',
    id: 'auth.action.releaseAllocation',
  },
  'publish-open-data': {
    route: 'POST /api/v1/open-data',
    what: 'publish an open data release',
    id: 'auth.action.publishOpenData',
  },
} as const;

export type Action = keyof typeof ACTIONS;

export type Permission =
  | { readonly allowed: true }
  /** `signIn`: signing in could help (nobody is signed in yet). */
  | {
      readonly allowed: false;
      readonly reason: string;
      readonly signIn: boolean;
      /** The reason as a message (web/src/i18n/<locale>/auth.json): `auth.why.*` with the action's id and roles. */
      readonly message: {
        readonly id: string;
        readonly action: string;
        readonly role?: Role;
        readonly roles?: readonly Role[];
      };
    };

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
  const { route, what, id } = ACTIONS[action];
  const roles = rolesFor(route);
  switch (session.status) {
    case 'loading':
      return {
        allowed: false,
        reason: 'Checking whether you are signed in…',
        signIn: false,
        message: { id: 'auth.why.checking', action: id },
      };
    case 'signed-out':
      return {
        allowed: false,
        reason: `Sign in to ${what}.`,
        signIn: true,
        message: { id: 'auth.why.signIn', action: id },
      };
    case 'signed-in':
      return roles === undefined || roles.includes(session.user.role)
        ? { allowed: true }
        : {
            allowed: false,
            reason: `Your role (${session.user.role}) may not ${what}; ${who(roles)} may.`,
            signIn: false,
            message: { id: 'auth.why.role', action: id, role: session.user.role, roles },
          };
  }
}
