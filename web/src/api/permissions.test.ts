import { describe, expect, it } from 'vitest';
import { PERMISSIONS, roleAllowed } from '../../../src/api/permissions.js';
import { ROLES, type Role } from '../../../src/core/auth/actor.js';
import { permission, rolesFor } from './permissions.js';
import type { SessionState } from './session.js';

function signedIn(role: Role): SessionState {
  return {
    status: 'signed-in',
    csrfToken: 't',
    expiresAt: undefined,
    user: {
      id: 'u',
      email: `${role}@demo.aidgrid.test`,
      display_name: role,
      org_id: 'o',
      role,
      clearance: 'coalition',
    },
  };
}

describe('permission', () => {
  it('lets coordinators run and accept plans, and tells an analyst who may', () => {
    expect(permission(signedIn('coordinator'), 'accept-plan')).toEqual({ allowed: true });
    expect(permission(signedIn('analyst'), 'run-plan')).toEqual({
      allowed: false,
      reason: 'Your role (analyst) may not run a plan; coordinators may.',
      signIn: false,
      message: {
        id: 'auth.why.role',
        action: 'auth.action.runPlan',
        role: 'analyst',
        roles: ['coordinator'],
      },
    });
  });

  it('lets coordinators and recipients record incidents, and only coordinators propose and decide allocations', () => {
    expect(permission(signedIn('recipient'), 'create-incident').allowed).toBe(true);
    expect(permission(signedIn('recipient'), 'derive-incident').allowed).toBe(true);
    expect(permission(signedIn('donor'), 'create-incident').allowed).toBe(false);
    expect(permission(signedIn('coordinator'), 'accept-allocation').allowed).toBe(true);
    expect(permission(signedIn('donor'), 'propose-allocation').allowed).toBe(false);
    expect(permission(signedIn('recipient'), 'release-allocation')).toMatchObject({
      allowed: false,
      message: { id: 'auth.why.role', action: 'auth.action.releaseAllocation', roles: ['coordinator'] },
    });
  });

  it('lets donors record pledges but not post needs, and names who may', () => {
    expect(permission(signedIn('donor'), 'create-pledge').allowed).toBe(true);
    expect(permission(signedIn('donor'), 'create-need')).toEqual({
      allowed: false,
      reason: 'Your role (donor) may not post a need; coordinators and recipients may.',
      signIn: false,
      message: {
        id: 'auth.why.role',
        action: 'auth.action.createNeed',
        role: 'donor',
        roles: ['coordinator', 'recipient'],
      },
    });
    expect(permission(signedIn('recipient'), 'create-need').allowed).toBe(true);
  });

  it('answers as the server’s permission table does, for every role', () => {
    for (const role of ROLES) {
      for (const [action, route] of [
        ['create-need', 'POST /api/v1/needs'],
        ['read-plans', 'GET /api/v1/plans'],
        ['accept-plan', 'POST /api/v1/plans/:id/accept'],
      ] as const) {
        const rule = PERMISSIONS[route];
        if (!rule) throw new Error(`no ${route}`);
        expect(permission(signedIn(role), action).allowed).toBe(roleAllowed(rule, role));
      }
    }
  });

  it('lets donors prepare and dispatch shipments and recipients receive them, as the server does', () => {
    expect(permission(signedIn('donor'), 'dispatch-shipment').allowed).toBe(true);
    expect(permission(signedIn('recipient'), 'receive-shipment').allowed).toBe(true);
    expect(permission(signedIn('recipient'), 'dispatch-shipment')).toMatchObject({
      allowed: false,
      reason: 'Your role (recipient) may not dispatch a shipment; coordinators and donors may.',
    });
    expect(permission(signedIn('donor'), 'close-shipment')).toMatchObject({
      allowed: false,
      reason: 'Your role (donor) may not close a shipment short; coordinators and recipients may.',
    });
    for (const role of ROLES) {
      for (const [action, route] of [
        ['create-shipment', 'POST /api/v1/shipments'],
        ['change-shipment-lines', 'POST /api/v1/shipments/:id/lines'],
        ['dispatch-shipment', 'POST /api/v1/shipments/:id/dispatch'],
        ['lose-shipment', 'POST /api/v1/shipments/:id/lose'],
        ['receive-shipment', 'POST /api/v1/shipments/:id/receipts'],
        ['close-shipment', 'POST /api/v1/shipments/:id/close'],
      ] as const) {
        const rule = PERMISSIONS[route];
        if (!rule) throw new Error(`no ${route}`);
        expect(permission(signedIn(role), action).allowed).toBe(roleAllowed(rule, role));
      }
    }
  });

  it('asks a signed-out reader to sign in, and promises nothing while the session loads', () => {
    expect(permission({ status: 'signed-out', reason: 'anonymous' }, 'create-need')).toEqual({
      allowed: false,
      reason: 'Sign in to post a need.',
      signIn: true,
      message: { id: 'auth.why.signIn', action: 'auth.action.createNeed' },
    });
    expect(permission({ status: 'loading' }, 'create-need')).toMatchObject({ allowed: false, signIn: false });
  });

  it('refuses to guess about a route the table does not name', () => {
    expect(() => rolesFor('POST /api/v1/nothing')).toThrow('no route POST /api/v1/nothing');
  });
});
