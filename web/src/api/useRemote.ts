import { useEffect, useState } from 'react';
import { ApiError, detailOf } from './http.js';

/** What a data hook hands to components: exactly one of loading, data or error. */
export type Remote<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly data: T }
  | {
      readonly state: 'error';
      readonly detail: string;
      /** The HTTP status of the API's answer; 0 when it could not be reached or was not asked. */
      readonly status?: number;
    };

/**
 * Runs `load` whenever `key` changes and keeps only the answer for the latest key: the request
 * for a key that is no longer current is aborted.
 */
export function useRemote<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Remote<T> {
  const [result, setResult] = useState<{ key: string; remote: Remote<T> }>({
    key,
    remote: { state: 'loading' },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names the request; `load` is a fresh closure each render.
  useEffect(() => {
    const controller = new AbortController();
    // An answer that arrives after its key was left behind must not replace the current one.
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ key, remote: { state: 'ready', data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) {
          const status = error instanceof ApiError ? error.status : 0;
          setResult({ key, remote: { state: 'error', detail: detailOf(error), status } });
        }
      },
    );
    return () => controller.abort();
  }, [key]);

  return result.key === key ? result.remote : { state: 'loading' };
}
