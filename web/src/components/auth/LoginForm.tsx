import type { FormEvent } from 'react';
import { tr, useT } from '../../i18n/index.js';

export interface LoginFormProps {
  readonly email: string;
  readonly password: string;
  readonly busy: boolean;
  /** Seconds still to wait after too many attempts; 0 when signing in is allowed. */
  readonly waitSeconds: number;
  readonly onChange: (field: 'email' | 'password', value: string) => void;
  readonly onSubmit: () => void;
}

/** Formats a wait as "45 s" or "4 min 10 s". */
export function formatWait(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return tr('login.wait', { minutes, seconds: rest });
}

/** Email and password; the browser's password manager recognises both fields. */
export function LoginForm({ email, password, busy, waitSeconds, onChange, onSubmit }: LoginFormProps) {
  const t = useT();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const waiting = waitSeconds > 0;
  return (
    <form className="record-form login-form" onSubmit={submit} aria-label={t('auth.signIn')}>
      <div className="form-field">
        <label htmlFor="login-email">{t('login.email')}</label>
        <input
          id="login-email"
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => onChange('email', event.target.value)}
        />
      </div>
      <div className="form-field">
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => onChange('password', event.target.value)}
        />
      </div>
      <div className="record-form__actions">
        <button type="submit" disabled={busy || waiting}>
          {busy
            ? t('login.signingIn')
            : waiting
              ? t('login.signInWait', { wait: formatWait(waitSeconds) })
              : t('auth.signIn')}
        </button>
      </div>
    </form>
  );
}
