import { type Command, InvalidArgumentError, Option } from 'commander';
import type { ApiToken } from '../core/auth/account.schema.js';
import { createAccountService } from '../core/auth/account.service.js';
import { CLASSIFICATIONS, type Classification, ROLES, type Role, systemActor } from '../core/auth/actor.js';
import { createTokenService } from '../core/auth/token.service.js';
import { createResolver } from '../core/shared/resolve.js';
import { withDatabase } from './database.js';
import { printResult } from './output.js';

/** `30d`, `12h` or a bare number of days, as days (fractions allowed for hours). */
function durationArgument(text: string): number {
  const match = /^(\d{1,4})([dh]?)$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError('write a duration such as 30d (days) or 12h (hours)');
  const amount = Number(match[1]);
  const days = match[2] === 'h' ? amount / 24 : amount;
  if (days <= 0) throw new InvalidArgumentError('the duration must be longer than zero');
  return days;
}

function describeToken(token: ApiToken, orgName: string): string {
  const state = token.revoked_at ? `revoked ${token.revoked_at}` : `expires ${token.expires_at}`;
  return `${token.id}  ${token.prefix}…  ${token.name}  ${token.role}  ${token.clearance}  of ${orgName}  ${state}`;
}

interface CreateOptions {
  org: string;
  role: Role;
  expires: number;
  name?: string;
  clearance?: Classification;
  createOrg?: boolean;
  json?: boolean;
}

export function registerTokenCommand(program: Command): void {
  const token = program.command('token').description('API tokens for programs (Authorization: Bearer …)');
  token
    .command('create')
    .description('create a token and print it once; only its hash is kept')
    .requiredOption('--org <org>', 'organisation the token acts for: id, name or short name')
    .addOption(new Option('--role <role>', 'role the token acts in').choices(ROLES).makeOptionMandatory())
    .option('--expires <duration>', 'lifetime, e.g. 30d or 12h (at most 366d)', durationArgument, 30)
    .option('--name <name>', 'what the token is for', 'cli')
    .addOption(
      new Option('--clearance <level>', 'highest classification it reads (default by role)').choices(
        CLASSIFICATIONS,
      ),
    )
    .option(
      '--create-org',
      'create the organisation (kind other) when none has that name, as on a fresh instance',
    )
    .option('--json', 'print {id, token, org_id, role, clearance, expires_at} as JSON')
    .action(async (options: CreateOptions, command: Command) => {
      const { created, org } = await withDatabase(command, 'token create', async (db) => {
        const org = await createAccountService({ db }).resolveOrganisation(options.org, {
          create: Boolean(options.createOrg),
        });
        const token = await createTokenService({ db }).create(
          {
            name: options.name ?? 'cli',
            orgId: org.id,
            role: options.role,
            clearance: options.clearance,
            expiresAt: new Date(Date.now() + options.expires * 86_400_000),
          },
          systemActor('cli'),
        );
        return { created: token, org };
      });
      const { id, token: secret, org_id, role, clearance, expires_at } = created;
      printResult(
        Boolean(options.json),
        { id, token: secret, org_id, role, clearance, expires_at },
        () =>
          `${secret}\n(token ${id} of ${org.name}: ${role}, clearance ${clearance}, expires ${expires_at}; it is shown only this once)`,
      );
    });

  token
    .command('list')
    .description('list the tokens (never their secrets)')
    .option('--json', 'print the tokens as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { tokens, orgs } = await withDatabase(command, 'token list', async (db) => {
        const found = await createTokenService({ db }).list(systemActor('cli'));
        const names = createResolver({ db });
        const orgIds = [...new Set(found.map((t) => t.org_id))];
        const named = await Promise.all(
          orgIds.map(async (id) => [id, await names.nameOf('organisation', id)] as const),
        );
        return { tokens: found, orgs: new Map(named) };
      });
      printResult(Boolean(options.json), tokens, () =>
        tokens.length === 0
          ? 'no tokens'
          : tokens.map((t) => describeToken(t, orgs.get(t.org_id) ?? t.org_id)).join('\n'),
      );
    });

  token
    .command('revoke <id>')
    .description('revoke a token: its next request answers 401')
    .option('--json', 'print the token as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const revoked = await withDatabase(command, 'token revoke', (db) =>
        createTokenService({ db }).revoke(id, systemActor('cli')),
      );
      printResult(Boolean(options.json), revoked, () => `revoked ${revoked.prefix}… (${revoked.id})`);
    });
}
