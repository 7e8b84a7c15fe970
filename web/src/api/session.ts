import type { SessionUser } from '../../../src/core/auth/account.schema.js';
import { navigate } from '../router.js';

/** The signed-in person, as POST /auth/login and GET /auth/session answer it. */
export type { SessionUser };

/**
 * Who the browser is signed in as. `signed-out` says why there is no session: never signed in
 * (`anonymous`), signed out here (`signed-out`), the session timed out (`expired`) or the server
 * ended it, e.g. by a sign-out everywhere from another browser (`ended`).
 */
export type SessionState =
  | { readonly status: 'loading' }
  | {
      readonly status: 'signed-in';
      readonly user: SessionUser;
      readonly csrfToken: string;
      readonly expiresAt: string | undefined;
    }
  | { readonly status: 'signed-out'; readonly reason: 'anonymous' | 'signed-out' | 'expired' | 'ended' };

export interface SessionSnapshot {
  readonly state: SessionState;
  /**
   * Changes whenever the reader changes (sign-in, sign-out, expiry) but not on the first answer:
   * what is on screen was fetched for another reader and must be fetched again.
   */
  readonly epoch: number;
}

// One store per page load, outside React: http.ts reads the CSRF token and reports 401s to it.
let current: SessionSnapshot = { state: { status: 'loading' }, epoch: 0 };
const listeners = new Set<() => void>();

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function sessionSnapshot(): SessionSnapshot {
  return current;
}

/** Replaces the session; `readerChanged` moves the epoch so that pages fetch their data again. */
export function setSession(state: SessionState, readerChanged: boolean): void {
  current = { state, epoch: readerChanged ? current.epoch + 1 : current.epoch };
  for (const listener of listeners) listener();
}

/** The CSRF token to send with unsafe requests, when signed in. */
export function csrfToken(): string | undefined {
  return current.state.status === 'signed-in' ? current.state.csrfToken : undefined;
}

/** A 401 from any request: a session the UI believed alive has expired or was ended elsewhere. */
export function noteUnauthenticated(code: string | undefined): void {
  if (current.state.status !== 'signed-in') return;
  setSession({ status: 'signed-out', reason: code === 'session_expired' ? 'expired' : 'ended' }, true);
}

/** Sends the reader to sign in, and back to this page afterwards. */
export function goToSignIn(): void {
  if (window.location.pathname === '/login') return;
  const here = `${window.location.pathname}${window.location.search}`;
  navigate(`/login?next=${encodeURIComponent(here)}`);
}
