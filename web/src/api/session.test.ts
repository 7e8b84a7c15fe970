import { describe, expect, it } from 'vitest';
import { csrfToken, noteUnauthenticated, sessionSnapshot, setSession, subscribeSession } from './session.js';

const user = {
  id: 'u',
  email: 'coordinator@demo.aidgrid.test',
  display_name: 'Demo coordinator',
  org_id: 'o',
  role: 'coordinator',
  clearance: 'restricted',
} as const;

describe('the session store', () => {
  it('hands out the CSRF token only while signed in, and tells its listeners of every change', () => {
    const seen: string[] = [];
    const unsubscribe = subscribeSession(() => seen.push(sessionSnapshot().state.status));
    setSession({ status: 'signed-out', reason: 'anonymous' }, false);
    expect(csrfToken()).toBeUndefined();
    setSession({ status: 'signed-in', user, csrfToken: 'token-1', expiresAt: undefined }, true);
    expect(csrfToken()).toBe('token-1');
    unsubscribe();
    setSession({ status: 'signed-out', reason: 'signed-out' }, true);
    expect(seen).toEqual(['signed-out', 'signed-in']);
  });

  it('moves the epoch only when the reader changes', () => {
    setSession({ status: 'signed-out', reason: 'anonymous' }, false);
    const before = sessionSnapshot().epoch;
    setSession({ status: 'signed-out', reason: 'anonymous' }, false);
    expect(sessionSnapshot().epoch).toBe(before);
    setSession({ status: 'signed-in', user, csrfToken: 't', expiresAt: undefined }, true);
    expect(sessionSnapshot().epoch).toBe(before + 1);
  });

  it('turns a 401 into a signed-out state that says whether the session expired or was ended', () => {
    setSession({ status: 'signed-in', user, csrfToken: 't', expiresAt: undefined }, true);
    noteUnauthenticated('session_expired');
    expect(sessionSnapshot().state).toEqual({ status: 'signed-out', reason: 'expired' });

    setSession({ status: 'signed-in', user, csrfToken: 't', expiresAt: undefined }, true);
    noteUnauthenticated('unauthenticated');
    expect(sessionSnapshot().state).toEqual({ status: 'signed-out', reason: 'ended' });

    // A 401 while nobody is signed in (a wrong password, a page for members) changes nothing.
    const epoch = sessionSnapshot().epoch;
    noteUnauthenticated('invalid_credentials');
    expect(sessionSnapshot()).toEqual({ state: { status: 'signed-out', reason: 'ended' }, epoch });
  });
});
