import type { Command } from 'commander';
import { systemActor } from '../core/auth/actor.js';
import type { DuplicateFlag, DuplicateStatus } from '../core/provenance/duplicate.schema.js';
import { createDuplicateService } from '../core/provenance/duplicate.service.js';
import { actorNames } from '../core/shared/actor-names.js';
import { withDatabase } from './database.js';
import { CliError, count, formatNumber, printResult } from './output.js';

const STATUSES = ['open', 'dismissed', 'confirmed', 'all'] as const;

function describePledge(pledge: DuplicateFlag['pledge']): string {
  const value = pledge.value ? `, ${pledge.value.amount} ${pledge.value.currency}` : '';
  return `${pledge.id}  ${pledge.announced_on}  ${formatNumber(pledge.quantity)} × ${pledge.item_code}  ${pledge.donor_name}  [${pledge.status}${value}]`;
}

/** Who reviewed each flag, by name (a user, a token, the operator's tools). */
async function reviewers(db: Parameters<typeof actorNames>[0], flags: readonly DuplicateFlag[]) {
  return actorNames(
    db,
    flags.flatMap((flag) => (flag.reviewed_by ? [flag.reviewed_by] : [])),
  );
}

function describeFlag(flag: DuplicateFlag, names: ReadonlyMap<string, string>): string {
  const review = flag.reviewed_by
    ? ` by ${names.get(flag.reviewed_by) ?? flag.reviewed_by} at ${flag.reviewed_at}`
    : '';
  return [
    `${flag.id}  ${flag.status}${review}`,
    `  ${describePledge(flag.pledge)}`,
    `  ${describePledge(flag.other_pledge)}`,
    `  ${flag.reason}`,
  ].join('\n');
}

export function registerDuplicatesCommand(program: Command): void {
  const duplicates = program
    .command('duplicates')
    .description('possible duplicate pledges, flagged for review and never merged');

  duplicates
    .command('list')
    .description('list flagged pairs of pledges with the rule that matched')
    .option('--status <status>', `${STATUSES.join(', ')}`, 'open')
    .option('--json', 'print the flags as JSON')
    .action(async (options: { status: string; json?: boolean }, command: Command) => {
      if (!(STATUSES as readonly string[]).includes(options.status)) {
        throw new CliError(`--status must be one of ${STATUSES.join(', ')}, not "${options.status}"`);
      }
      const status = options.status === 'all' ? undefined : (options.status as DuplicateStatus);
      const { flags, names } = await withDatabase(command, 'duplicates list', async (db) => {
        const service = createDuplicateService({ db });
        const all: DuplicateFlag[] = [];
        let cursor: string | undefined;
        do {
          const page = await service.list({ status, cursor, limit: 500 });
          all.push(...page.items);
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        return { flags: all, names: await reviewers(db, all) };
      });
      printResult(Boolean(options.json), flags, () =>
        flags.length === 0
          ? `no ${status ?? ''} flags`.replace('  ', ' ')
          : `${count(flags.length, 'flag')}\n${flags.map((flag) => describeFlag(flag, names)).join('\n')}`,
      );
    });

  for (const verb of ['dismiss', 'confirm'] as const) {
    duplicates
      .command(verb)
      .description(
        verb === 'dismiss'
          ? 'record that a flagged pair is not a duplicate'
          : 'record that a flagged pair is a duplicate (nothing is merged)',
      )
      .argument('<flag-id>', 'id of the flag, from duplicates list')
      .option('--json', 'print the flag as JSON')
      .action(async (id: string, options: { json?: boolean }, command: Command) => {
        if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
          throw new CliError(`"${id}" is not a flag id (a UUID from duplicates list)`);
        }
        const { flag, names } = await withDatabase(command, `duplicates ${verb}`, async (db) => {
          const reviewed = await createDuplicateService({ db })[verb](id, systemActor('cli'));
          return { flag: reviewed, names: await reviewers(db, [reviewed]) };
        });
        printResult(Boolean(options.json), flag, () => describeFlag(flag, names));
      });
  }
}
