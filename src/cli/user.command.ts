import type { Command } from 'commander';
import type { User } from '../core/auth/account.schema.js';
import { createAccountService } from '../core/auth/account.service.js';
import { systemActor } from '../core/auth/actor.js';
import { NotFound } from '../core/errors.js';
import { createResolver } from '../core/shared/resolve.js';
import { withDatabase } from './database.js';
import { printResult } from './output.js';

function describeUser(user: User, orgName: string): string {
  const state = user.disabled ? '  disabled' : '';
  const demo = user.synthetic ? '  (demo)' : '';
  return `${user.id}  ${user.display_name} <${user.email}>  ${user.role}  ${user.clearance}  of ${orgName}${state}${demo}`;
}

export function registerUserCommand(program: Command): void {
  const user = program.command('user').description('accounts of people');
  user
    .command('list')
    .description('list the accounts')
    .option('--json', 'print the accounts as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { users, orgs } = await withDatabase(command, 'user list', async (db) => {
        const found = await createAccountService({ db }).list(systemActor('cli'));
        const resolver = createResolver({ db });
        const ids = [...new Set(found.map((u) => u.org_id))];
        const named = await Promise.all(
          ids.map(async (id) => [id, await resolver.nameOf('organisation', id)] as const),
        );
        return { users: found, orgs: new Map(named) };
      });
      printResult(Boolean(options.json), users, () =>
        users.length === 0
          ? 'no accounts'
          : users.map((u) => describeUser(u, orgs.get(u.org_id) ?? u.org_id)).join('\n'),
      );
    });

  for (const action of ['disable', 'enable'] as const) {
    user
      .command(`${action} <user>`)
      .description(
        action === 'disable'
          ? 'disable an account (email or id): it cannot log in, and its sessions end at once'
          : 'enable a disabled account (email or id)',
      )
      .option('--json', 'print the account as JSON')
      .action(async (ref: string, options: { json?: boolean }, command: Command) => {
        const changed = await withDatabase(command, `user ${action}`, async (db) => {
          const accounts = createAccountService({ db });
          const found = await accounts.find(ref);
          if (!found) throw NotFound('user', ref);
          return accounts[action](found.id, systemActor('cli'));
        });
        printResult(Boolean(options.json), changed, () => `${action}d ${changed.email}`);
      });
  }
}
