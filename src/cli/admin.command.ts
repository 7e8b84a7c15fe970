import type { Command } from 'commander';
import { createAccountService } from '../core/auth/account.service.js';
import { systemActor } from '../core/auth/actor.js';
import { checkPasswordPolicy } from '../core/auth/password.js';
import { withDatabase } from './database.js';
import { CliError, printResult } from './output.js';

/** Reads a whole password from stdin (a pipe or a file), without its final line break. */
export async function readPasswordFromStdin(): Promise<string> {
  let text = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, '');
}

/** Asks for a line on the terminal without echoing it. */
function askHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          finish();
          reject(new Error('cancelled'));
          return;
        }
        value = char === '\u007f' || char === '\b' ? [...value].slice(0, -1).join('') : value + char;
      }
    };
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** The new password: from stdin with --password-stdin, else asked twice on the terminal. */
export async function readNewPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readPasswordFromStdin();
  if (!process.stdin.isTTY) {
    throw new Error('no terminal to ask for the password: pipe it in with --password-stdin');
  }
  const first = await askHidden('password (12 characters or more): ');
  const second = await askHidden('the same password again: ');
  if (first !== second) throw new CliError('the two passwords differ');
  return first;
}

interface AdminCreateOptions {
  email: string;
  org: string;
  name?: string;
  passwordStdin?: boolean;
  createOrg?: boolean;
  json?: boolean;
}

export function registerAdminCommand(program: Command): void {
  const admin = program.command('admin').description('administrator accounts');
  admin
    .command('create')
    .description('create an admin account (there is no default account: this makes the first one)')
    .requiredOption('--email <email>', 'email address, the login name')
    .requiredOption('--org <org>', 'organisation the admin belongs to: id, name or short name')
    .option('--name <name>', 'name shown to people (default: the part of the email before @)')
    .option('--password-stdin', 'read the password from stdin instead of asking on the terminal')
    .option(
      '--create-org',
      'create the organisation (kind other) when none has that name, as on a fresh instance',
    )
    .option('--json', 'print the account as JSON')
    .action(async (options: AdminCreateOptions, command: Command) => {
      const displayName = options.name ?? options.email.split('@')[0] ?? options.email;
      const password = await readNewPassword(Boolean(options.passwordStdin));
      // Refuse a weak password before touching the database, in one line.
      const weak = checkPasswordPolicy(password, { email: options.email, displayName });
      if (weak[0]) throw new CliError(`the password ${weak[0].message}`);
      const user = await withDatabase(command, 'admin create', async (db) => {
        const accounts = createAccountService({ db });
        const org = await accounts.resolveOrganisation(options.org, { create: Boolean(options.createOrg) });
        return accounts.create(
          { email: options.email, display_name: displayName, org_id: org.id, role: 'admin', password },
          systemActor('cli'),
        );
      });
      printResult(Boolean(options.json), user, () => `created admin ${user.email} (${user.id})`);
    });
}
