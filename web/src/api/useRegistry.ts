import { useCallback, useState } from 'react';
import type { FieldProblem } from './formsContract.js';
import { detailOf, isProblem, request } from './http.js';
import { goToSignIn } from './session.js';
import { useJson } from './useRecord.js';
import type { Remote } from './useRemote.js';

/** JSON at `url` that the page can ask for again after a change (a review, a revoke, a new rate). */
export function useReloadable<T>(url: string): { remote: Remote<T>; reload: () => void } {
  const [round, setRound] = useState(0);
  // The round is a fragment: it makes a new key for useRemote and never reaches the server.
  const remote = useJson<T>(round === 0 ? url : `${url}#${round}`);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { remote, reload };
}

/** What a change answered: its JSON, or the problem's detail with every field error it lists. */
export type ChangeResult<T> =
  | { readonly ok: true; readonly data: T }
  | {
      readonly ok: false;
      readonly status: number;
      readonly detail: string;
      readonly errors: readonly FieldProblem[];
    };

/** Sends a change as JSON (`body`) or as a file (`text`) and answers what the API said, never throwing. */
export async function sendChange<T>(
  method: 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload: { body?: unknown; text?: { readonly type: string; readonly content: string } } = {},
): Promise<ChangeResult<T>> {
  let response: Response;
  const { body, text } = payload;
  try {
    response = await request(
      url,
      text
        ? { method, rawBody: new Blob([text.content]), headers: { 'content-type': text.type } }
        : { method, body },
    );
  } catch (error) {
    return { ok: false, status: 0, detail: detailOf(error), errors: [] };
  }
  const answer: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, data: answer as T };
  if (response.status === 401) goToSignIn();
  const errors = (answer as { errors?: FieldProblem[] } | undefined)?.errors;
  return {
    ok: false,
    status: response.status,
    detail: isProblem(answer) ? answer.detail : `${url} answered ${response.status}`,
    errors: Array.isArray(errors) ? errors : [],
  };
}
