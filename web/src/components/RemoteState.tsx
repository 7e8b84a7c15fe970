import type { ReactNode } from 'react';
import type { Remote } from '../api/useRemote.js';
import { useT } from '../i18n/index.js';
import { SignInLink } from './auth/SignInLink.js';

interface Props<T> {
  readonly remote: Remote<T>;
  /** What is loading, e.g. "the needs". */
  readonly what: string;
  /** Whether a loaded answer has nothing to show. */
  readonly isEmpty?: (data: T) => boolean;
  readonly empty?: ReactNode;
  readonly children: (data: T) => ReactNode;
}

/** Loading, the API problem's detail, an empty state, or the data. */
export function RemoteState<T>({ remote, what, isEmpty, empty, children }: Props<T>) {
  const t = useT();
  switch (remote.state) {
    case 'loading':
      return (
        <p className="state state--loading" role="status">
          {t('lists.loading', { what })}
        </p>
      );
    case 'error':
      // 401: the data needs an account; the reader can sign in and come back.
      if (remote.status === 401) {
        return (
          <p className="state state--signed-out" role="status">
            {t('lists.signedInOnly', { what })} <SignInLink />
          </p>
        );
      }
      return (
        <div className="state state--error" role="alert">
          <p>
            <strong>{t('lists.loadFailed', { what })}</strong>
          </p>
          <p className="state__detail">{remote.detail}</p>
        </div>
      );
    case 'ready':
      if (isEmpty?.(remote.data)) {
        return (
          <p className="state state--empty" role="status">
            {empty ?? t('lists.nothing', { what })}
          </p>
        );
      }
      return <>{children(remote.data)}</>;
  }
}
