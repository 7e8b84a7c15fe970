import { useCallback, useState } from 'react';
import type { FieldProblem } from './formsContract.js';
import { detailOf, errorOf, request } from './http.js';
import { goToSignIn } from './session.js';
import { type Remote, useRemote } from './useRemote.js';

/** What a save answered: the stored record, or the problem with its per-field errors. */
export type SaveResult<T> =
  | { readonly ok: true; readonly record: T }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: string | undefined;
      readonly detail: string;
      readonly fieldErrors: readonly FieldProblem[];
    };

export interface Saver<T> {
  readonly saving: boolean;
  readonly result: SaveResult<T> | undefined;
  /** POSTs (no etag) or PATCHes with If-Match: etag. */
  readonly save: (url: string, body: unknown, etag?: string) => Promise<SaveResult<T>>;
}

interface ProblemBody {
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly FieldProblem[];
}

async function send<T>(url: string, body: unknown, etag: string | undefined): Promise<SaveResult<T>> {
  let response: Response;
  try {
    response = await request(url, {
      method: etag === undefined ? 'POST' : 'PATCH',
      headers: etag === undefined ? {} : { 'if-match': etag },
      body,
    });
  } catch (error) {
    return { ok: false, status: 0, code: undefined, detail: detailOf(error), fieldErrors: [] };
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, record: answer as T };
  // A write without a live session: sign in, then come back to this page.
  if (response.status === 401) goToSignIn();
  const problem = (typeof answer === 'object' && answer !== null ? answer : {}) as ProblemBody;
  return {
    ok: false,
    status: response.status,
    code: problem.code,
    detail: problem.detail ?? `${url} answered ${response.status}`,
    fieldErrors: problem.errors ?? [],
  };
}

/** Saves a record and keeps the last answer, so a form can show field errors beside its inputs. */
export function useSave<T>(): Saver<T> {
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<SaveResult<T> | undefined>(undefined);
  const save = useCallback(async (url: string, body: unknown, etag?: string) => {
    setSaving(true);
    try {
      const answer = await send<T>(url, body, etag);
      setResult(answer);
      return answer;
    } finally {
      setSaving(false);
    }
  }, []);
  return { saving, result, save };
}

/** A record with the ETag to send back as If-Match when it is changed. */
export interface Versioned<T> {
  readonly record: T;
  readonly etag: string;
}

/** GETs one record together with its ETag, for an edit form. */
export function useVersioned<T>(url: string): Remote<Versioned<T>> {
  return useRemote(`versioned:${url}`, async (signal) => {
    const response = await request(url, { signal });
    if (!response.ok) throw await errorOf(url, response);
    const record = (await response.json()) as T;
    return { record, etag: response.headers.get('etag') ?? '' };
  });
}
