import type { ProblemLike } from './contract.js';

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

function isProblem(body: unknown): body is { detail: string; code?: string } {
  return (
    typeof body === 'object' && body !== null && typeof (body as { detail?: unknown }).detail === 'string'
  );
}

/**
 * GETs JSON from the API. Statuses in `accept` count as answers (the health check answers 503
 * with a body); anything else becomes an ApiError with the problem's detail.
 */
export async function getJson<T>(
  url: string,
  options: { signal?: AbortSignal; accept?: readonly number[] } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json' }, signal: options.signal });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError({ status: 0, detail: 'the aidgrid API could not be reached' });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok || options.accept?.includes(response.status)) {
    if (body === undefined) {
      throw new ApiError({ status: response.status, detail: `${url} did not answer JSON` });
    }
    return body as T;
  }
  if (isProblem(body)) {
    throw new ApiError({ status: response.status, detail: body.detail, code: body.code });
  }
  throw new ApiError({
    status: response.status,
    detail: `${url} answered ${response.status} ${response.statusText}`.trim(),
  });
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
