import type { Command } from 'commander';
import type { Allocation, AllocationFilters } from '../core/allocations/allocation.schema.js';
import { createAllocationService } from '../core/allocations/allocation.service.js';
import { systemActor } from '../core/auth/actor.js';
import type { Actor } from '../core/shared/record.service.js';
import { withDatabase } from './database.js';
import { quantityArgument } from './options.js';
import { printResult } from './output.js';

/** Until accounts exist, what the CLI does it does as 'cli'. */
const CLI: Actor = systemActor('cli');

interface AddOptions {
  pledge: string;
  need: string;
  quantity: number;
  week: string;
  accept?: boolean;
  json?: boolean;
}

interface DecisionOptions {
  note?: string;
  on?: string;
  json?: boolean;
}

interface ListOptions {
  pledge?: string;
  need?: string;
  status?: AllocationFilters['status'];
  week?: string;
  json?: boolean;
}

const DECISIONS = [
  {
    name: 'accept',
    description: 'accept a proposed allocation: the pledge and the need count it as allocated',
  },
  { name: 'reject', description: 'reject a proposed allocation' },
  {
    name: 'release',
    description: 'release an accepted allocation nothing was shipped against; its quantity goes back',
  },
] as const;

export function registerAllocationCommand(program: Command): void {
  const allocation = program.command('allocation').description('allocations of pledges to needs');

  allocation
    .command('add')
    .description('propose an allocation of a pledge to a need of the same item (and accept it with --accept)')
    .requiredOption('--pledge <id>', 'id of the pledge that supplies')
    .requiredOption('--need <id>', 'id of the need it goes to')
    .requiredOption('--quantity <n>', 'quantity to allocate', quantityArgument)
    .requiredOption('--week <week>', 'ISO week it is meant for, e.g. 2022-W50')
    .option('--accept', 'accept it at once, in the same transaction')
    .option('--json', 'print the allocation as JSON')
    .action(async (options: AddOptions, command: Command) => {
      const result = await withDatabase(command, 'allocation add', async (db, clock) => {
        const input = {
          pledge_id: options.pledge,
          need_id: options.need,
          quantity: options.quantity,
          week: options.week,
          accept: Boolean(options.accept),
        };
        return (await createAllocationService({ db, clock }).create(input, CLI)).entity;
      });
      printResult(Boolean(options.json), result, () => describeAllocation(result));
    });

  for (const decision of DECISIONS) {
    allocation
      .command(`${decision.name} <id>`)
      .description(decision.description)
      .option('--note <text>', 'why; kept in the pledge’s history')
      .option(
        '--on <date>',
        'the day the decision took effect, YYYY-MM-DD (default: the day the data is as of)',
      )
      .option('--json', 'print the allocation as JSON')
      .action(async (id: string, options: DecisionOptions, command: Command) => {
        const result = await withDatabase(command, `allocation ${decision.name}`, (db, clock) =>
          createAllocationService({ db, clock })[decision.name](
            id,
            { note: options.note, effective_on: options.on },
            CLI,
          ),
        );
        printResult(Boolean(options.json), result, () => describeAllocation(result));
      });
  }

  allocation
    .command('list')
    .description('allocations, newest last (at most 500)')
    .option('--pledge <id>', 'only of this pledge')
    .option('--need <id>', 'only to this need')
    .option('--status <status>', 'only proposed, accepted or rejected ones')
    .option('--week <week>', 'only for this ISO week')
    .option('--json', 'print the page as JSON')
    .action(async (options: ListOptions, command: Command) => {
      const filters: AllocationFilters = {
        pledge_id: options.pledge,
        need_id: options.need,
        status: options.status,
        week: options.week,
      };
      const page = await withDatabase(command, 'allocation list', (db) =>
        createAllocationService({ db }).list(filters, { limit: 500 }),
      );
      printResult(Boolean(options.json), page, () =>
        page.items.length === 0 ? 'no allocations' : page.items.map(describeAllocation).join('\n'),
      );
    });
}

export function describeAllocation(allocation: Allocation): string {
  return (
    `allocation ${allocation.id} is ${allocation.status}: ${allocation.quantity} of pledge ${allocation.pledge_id} ` +
    `to need ${allocation.need_id} in ${allocation.week}` +
    (allocation.decided_on ? `, ${allocation.status} on ${allocation.decided_on}` : '') +
    (allocation.shipped_quantity > 0 ? ` (${allocation.shipped_quantity} shipped)` : '')
  );
}
