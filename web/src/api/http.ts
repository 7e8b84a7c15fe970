import type { ProblemLike } from './contract.js';
import { csrfToken, goToSignIn, noteUnauthenticated } from './session.js';

/** A failed request, carrying the problem's `detail` so the UI can say what went wrong. */
export class ApiError extends Error implements ProblemLike {
  readonly status: number;
  readonly code: string | undefined;
  readonly detail: string;

  constructor(problem: ProblemLike) {
    super(problem.detail);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
  }
}

export function isProblem(body: unknown): body is { detail: string; code?: string } {
  return (
    typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string'
  );
}

/** The methods that change something: the API wants the session's CSRF token with each of them. */
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RequestOptions {
  readonly method?: string;
  readonly body?: unknown;
  /** A body sent as it is (a file), with the content-type given in `headers`. */
  readonly rawBody?: Blob;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/**
 * The one place the UI calls the API: the session cookie goes along (same origin only), a JSON
 * body is encoded, and unsafe methods carry the X-CSRF-Token of the current session. A 401 tells
 * the session store that the session is gone. Network failures become an ApiError with status 0.
 */
export async function request(url: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const token = csrfToken();
  if (UNSAFE.has(method) && token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError({ status: 0, detail: 'the aidgrid API could not be reached' });
  }
  if (response.status === 401) {
    const problem: unknown = await response
      .clone()
      .json()
      .catch(() => undefined);
    noteUnauthenticated(isProblem(problem) ? problem.code : undefined);
  }
  return response;
}

/** The ApiError a failed response stands for: the problem's detail and code, or the status. */
export async function errorOf(url: string, response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => undefined);
  if (isProblem(body)) {
    return new ApiError({ status: response.status, detail: body.detail, code: body.code });
  }
  return new ApiError({
    status: response.status,
    detail: `${url} answered ${response.status} ${response.statusText}`.trim(),
  });
}

/**
 * GETs JSON from the API. Statuses in `accept` count as answers (the health check answers 503
 * with a body); anything else becomes an ApiError with the problem's detail.
 */
export async function getJson<T>(
  url: string,
  options: { signal?: AbortSignal; accept?: readonly number[] } = {},
): Promise<T> {
  const response = await request(url, { signal: options.signal });
  if (response.ok || options.accept?.includes(response.status)) {
    const body: unknown = await response.json().catch(() => undefined);
    if (body === undefined) {
      throw new ApiError({ status: response.status, detail: `${url} did not answer JSON` });
    }
    return body as T;
  }
  throw await errorOf(url, response);
}

/** Sends a change (POST, PUT, PATCH, DELETE) and answers its JSON, or throws its ApiError. */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  body?: unknown,
): Promise<T> {
  const response = await request(url, { method, body });
  // A change without a live session: sign in, then come back to this page.
  if (response.status === 401) goToSignIn();
  if (!response.ok) throw await errorOf(url, response);
  if (response.status === 204) return undefined as T;
  return (await response.json().catch(() => undefined)) as T;
}

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** The detail to show for any failure. */
export function detailOf(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}
