import { useEffect, useState } from 'react';
import { type SignInResult, safeNext, signIn, useSession } from '../../api/useSession.js';
import { formatWait, LoginForm } from '../../components/auth/LoginForm.js';
import { formatLocale } from '../../format.js';
import { T, useT } from '../../i18n/index.js';
import { Link, navigate, useLocation } from '../../router.js';

type Failure = Exclude<SignInResult, { ok: true }>;

function useSecondsUntil(at: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (at === undefined) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [at]);
  return at === undefined ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

function FailureMessage({ failure, waitSeconds }: { failure: Failure; waitSeconds: number }) {
  const t = useT();
  switch (failure.kind) {
    case 'invalid':
      // The same words whether or not an account exists for the address.
      return <p>{t('login.invalid')}</p>;
    case 'throttled':
      return waitSeconds > 0 ? (
        <p>
          {t('login.throttled', {
            wait: formatWait(waitSeconds),
            until: new Date(failure.retryAt).toLocaleTimeString(formatLocale()),
          })}
        </p>
      ) : (
        <p>{t('login.tryAgain')}</p>
      );
    case 'other':
      return <p>{t('login.failed', { detail: failure.detail })}</p>;
  }
}

/** /login?next=/path: email and password, then back to where the reader was. */
export default function LoginPage() {
  const t = useT();
  const { search } = useLocation();
  const next = safeNext(new URLSearchParams(search).get('next'));
  const { state } = useSession();
  const [values, setValues] = useState({ email: '', password: '' });
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | undefined>(undefined);
  const waitSeconds = useSecondsUntil(failure?.kind === 'throttled' ? failure.retryAt : undefined);

  const submit = async () => {
    setBusy(true);
    const result = await signIn(values.email.trim(), values.password);
    setBusy(false);
    if (result.ok) {
      navigate(next, { replace: true });
      return;
    }
    setFailure(result);
    setValues((current) => ({ ...current, password: '' }));
  };

  return (
    <section className="panel login-page" aria-labelledby="login-title">
      <div className="panel__head">
        <h2 id="login-title">{t('auth.signIn')}</h2>
      </div>
      {state.status === 'signed-out' && state.reason === 'expired' && !failure ? (
        <p className="notice notice--warn" role="status">
          {t('login.expired')}
        </p>
      ) : null}
      {state.status === 'signed-out' && state.reason === 'ended' && !failure ? (
        <p className="notice notice--warn" role="status">
          {t('login.ended')}
        </p>
      ) : null}
      {state.status === 'signed-in' ? (
        <p className="notice" role="status">
          {t('login.signedIn', { name: state.user.display_name })}{' '}
          <Link to={next}>{t('login.continue')}</Link>
        </p>
      ) : null}
      {failure ? (
        <div className="form-problem" role="alert">
          <FailureMessage failure={failure} waitSeconds={waitSeconds} />
        </div>
      ) : null}
      <LoginForm
        email={values.email}
        password={values.password}
        busy={busy}
        waitSeconds={waitSeconds}
        onChange={(field, value) => setValues((current) => ({ ...current, [field]: value }))}
        onSubmit={() => void submit()}
      />
      <p className="muted login-page__public">
        <T id="login.public" values={{ link: (text) => <Link to="/">{text}</Link> }} />
      </p>
    </section>
  );
}
