import type { FormEvent } from 'react';

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
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** Email and password; the browser's password manager recognises both fields. */
export function LoginForm({ email, password, busy, waitSeconds, onChange, onSubmit }: LoginFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  const waiting = waitSeconds > 0;
  return (
    <form className="record-form login-form" onSubmit={submit} aria-label="Sign in">
      <div className="form-field">
        <label htmlFor="login-email">Email</label>
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
        <label htmlFor="login-password">Password</label>
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
          {busy ? 'Signing in…' : waiting ? `Sign in (wait ${formatWait(waitSeconds)})` : 'Sign in'}
        </button>
      </div>
    </form>
  );
}
