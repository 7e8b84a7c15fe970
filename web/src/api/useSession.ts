import { useEffect, useSyncExternalStore } from 'react';
import type { Session } from '../../../src/core/auth/account.schema.js';
import type { Locale } from '../i18n/locales.js';
import { adoptUserLocale } from '../i18n/store.js';
import { errorOf, getJson, isProblem, request, sendJson } from './http.js';
import {
  type SessionSnapshot,
  type SessionUser,
  sessionSnapshot,
  setSession,
  subscribeSession,
} from './session.js';

/** POST /auth/login answers a Session without the expiry times. */
type SessionAnswer = Pick<Session, 'user' | 'csrf_token'> & Partial<Pick<Session, 'expires_at'>>;

/** GET /auth/state: 200 whether or not anyone is signed in, so a signed-out page load logs no 401. */
interface StateAnswer {
  readonly signed_in: boolean;
  readonly session: Session | null;
  readonly ended: boolean;
  readonly preferences: { readonly locale: string | null } | null;
}

let loading: Promise<void> | undefined;

/** Stores the signed-in user's language choice on the server. */
async function saveLocale(locale: Locale): Promise<void> {
  await sendJson('PATCH', '/api/v1/auth/preferences', { locale });
}

/** Asks the API who the session cookie belongs to (once per page load unless `again`). */
export function loadSession(again = false): Promise<void> {
  if (loading && !again) return loading;
  loading = (async () => {
    try {
      const answer = await getJson<StateAnswer>('/api/v1/auth/state');
      if (answer.session) {
        setSession(
          {
            status: 'signed-in',
            user: answer.session.user,
            csrfToken: answer.session.csrf_token,
            expiresAt: answer.session.expires_at,
          },
          false,
        );
        await adoptUserLocale(answer.preferences?.locale, saveLocale);
      } else {
        setSession({ status: 'signed-out', reason: answer.ended ? 'expired' : 'anonymous' }, false);
        await adoptUserLocale(null, undefined);
      }
    } catch {
      // The API is unreachable: the health badge says so; browse as a signed-out reader.
      setSession({ status: 'signed-out', reason: 'anonymous' }, false);
    }
  })();
  return loading;
}

/** The session, asked for on first use and kept current by sign-in, sign-out and 401 answers. */
export function useSession(): SessionSnapshot {
  useEffect(() => {
    void loadSession();
  }, []);
  return useSyncExternalStore(subscribeSession, sessionSnapshot, sessionSnapshot);
}

/** What a sign-in attempt answered. */
export type SignInResult =
  | { readonly ok: true; readonly user: SessionUser }
  | { readonly ok: false; readonly kind: 'invalid' }
  /** Too many attempts: try again after `retryAt` (milliseconds since the epoch). */
  | { readonly ok: false; readonly kind: 'throttled'; readonly retryAt: number }
  | { readonly ok: false; readonly kind: 'other'; readonly detail: string };

/** Retry-After is either a number of seconds or an HTTP date; a minute when absent or unreadable. */
export function retryAtFrom(header: string | null, now: number): number {
  const value = header?.trim() ?? '';
  if (/^\d+$/.test(value)) return now + Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? now + 60_000 : Math.max(now, date);
}

export async function signIn(email: string, password: string): Promise<SignInResult> {
  let response: Response;
  try {
    response = await request('/api/v1/auth/login', { method: 'POST', body: { email, password } });
  } catch (error) {
    return { ok: false, kind: 'other', detail: error instanceof Error ? error.message : String(error) };
  }
  if (response.ok) {
    const answer = (await response.json()) as SessionAnswer;
    setSession(
      { status: 'signed-in', user: answer.user, csrfToken: answer.csrf_token, expiresAt: answer.expires_at },
      true,
    );
    // The user's stored language, if any, replaces the browser's; none stored: keep what is on screen.
    const preferences = await getJson<{ locale: string | null }>('/api/v1/auth/preferences').catch(
      () => null,
    );
    await adoptUserLocale(preferences?.locale, saveLocale);
    return { ok: true, user: answer.user };
  }
  if (response.status === 429) {
    return {
      ok: false,
      kind: 'throttled',
      retryAt: retryAtFrom(response.headers.get('retry-after'), Date.now()),
    };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.status === 401 || (response.status === 400 && isProblem(body))) {
    // A malformed address is refused like a wrong password: the message never tells whether an
    // account exists.
    return { ok: false, kind: 'invalid' };
  }
  return {
    ok: false,
    kind: 'other',
    detail: isProblem(body) ? body.detail : `the sign-in answered ${response.status}`,
  };
}

/** Ends this session, or with `everywhere` every session of the user; the problem's detail on failure. */
export async function signOut(everywhere: boolean): Promise<string | undefined> {
  const url = everywhere ? '/api/v1/auth/logout?all=true' : '/api/v1/auth/logout';
  try {
    const response = await request(url, { method: 'POST' });
    // 401: the session had already ended, which is what was asked for.
    if (!response.ok && response.status !== 401) return (await errorOf(url, response)).detail;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  setSession({ status: 'signed-out', reason: 'signed-out' }, true);
  await adoptUserLocale(null, undefined);
  return undefined;
}

/** Only paths of this site may follow a sign-in: `/needs?x=1` yes, `//evil.example` or `https:…` no. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === '/login' || next.startsWith('/login?')) return '/';
  return next;
}
