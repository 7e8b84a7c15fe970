import type { DemoAccount } from '../core/auth/demo-accounts.js';
import type { ClockSource } from '../core/shared/clock.js';

export interface StartBanner {
  /** The address the server listens on, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  /** Where the data is: the embedded PostgreSQL's directory, or the server of DATABASE_URL. */
  readonly data: string;
  readonly asOf: string;
  readonly asOfSource: ClockSource;
  /** Demo accounts created by this start, with their passwords; undefined when none were. */
  readonly accounts?: readonly DemoAccount[] | undefined;
  /** Whether every account has the password given (--demo-password), which is then not printed. */
  readonly sharedPassword?: boolean;
}

/** Lines framed by a box, padded to the widest. */
export function boxed(lines: readonly string[]): string[] {
  const width = Math.max(...lines.map((line) => [...line].length));
  const pad = (line: string) => line + ' '.repeat(width - [...line].length);
  return [
    `┌${'─'.repeat(width + 2)}┐`,
    ...lines.map((line) => `│ ${pad(line)} │`),
    `└${'─'.repeat(width + 2)}┘`,
  ];
}

/** A database URL without its password, for the console. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the server named by DATABASE_URL';
  }
}

/**
 * What a person needs after `aidgrid serve` has started, printed last so that it does not scroll
 * away: where to go, where the data is, what day it is as of, and the demo accounts created now
 * with their passwords (shown this once).
 */
export function startBanner(banner: StartBanner): string {
  const base = banner.url.replace(/\/$/, '');
  const asOf =
    banner.asOfSource === 'data_set'
      ? `${banner.asOf} (the day stored with the data)`
      : `${banner.asOf} (today)`;
  const lines = [
    '',
    `  web UI       ${base}/`,
    `  API docs     ${base}/api/docs`,
    `  data         ${banner.data}`,
    `  data as of   ${asOf}`,
    '',
  ];
  const accounts = banner.accounts ?? [];
  if (accounts.length > 0) {
    const header = banner.sharedPassword
      ? 'Demo accounts (password: the one given by --demo-password / AIDGRID_DEMO_PASSWORD)'
      : 'Demo accounts: passwords shown only now, keep them';
    const emailWidth = Math.max(...accounts.map((account) => account.email.length));
    const passwordWidth = banner.sharedPassword
      ? 0
      : Math.max(...accounts.map((account) => account.password.length));
    const rows = accounts.map((account) => {
      const password = banner.sharedPassword ? '' : `  ${account.password.padEnd(passwordWidth)}`;
      return `${account.email.padEnd(emailWidth)}${password}  ${account.role} of ${account.org_name}`;
    });
    lines.push(...boxed([header, '', ...rows]), '');
  }
  return `${lines.join('\n')}\n`;
}
