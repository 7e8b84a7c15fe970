import type { Command } from 'commander';
import type { Kysely } from 'kysely';
import type { Allocation, AllocationFilters } from '../core/allocations/allocation.schema.js';
import { createAllocationService } from '../core/allocations/allocation.service.js';
import { systemActor } from '../core/auth/actor.js';
import type { Actor } from '../core/shared/record.service.js';
import { createResolver, pledgeNames, requireId } from '../core/shared/resolve.js';
import type { Database } from '../db/schema.js';
import { withDatabase } from './database.js';
import { dateArgument, quantityArgument } from './options.js';
import { count, printResult } from './output.js';

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
    .requiredOption('--need <need>', 'the need it goes to: its reference (e.g. N-000123) or id')
    .requiredOption('--quantity <n>', 'quantity to allocate', quantityArgument)
    .requiredOption('--week <week>', 'ISO week it is meant for, e.g. 2022-W50')
    .option('--accept', 'accept it at once, in the same transaction')
    .option('--json', 'print the allocation as JSON')
    .action(async (options: AddOptions, command: Command) => {
      const pledgeId = requireId('pledge', options.pledge);
      const { result, names } = await withDatabase(command, 'allocation add', async (db, clock) => {
        const input = {
          pledge_id: pledgeId,
          need_id: (await createResolver({ db }).resolve('need', options.need)).id,
          quantity: options.quantity,
          week: options.week,
          accept: Boolean(options.accept),
        };
        const entity = (await createAllocationService({ db, clock }).create(input, CLI)).entity;
        return { result: entity, names: await allocationNames(db, [entity]) };
      });
      printResult(Boolean(options.json), result, () => describeAllocation(result, names));
    });

  for (const decision of DECISIONS) {
    allocation
      .command(`${decision.name} <id>`)
      .description(decision.description)
      .option('--note <text>', 'why; kept in the pledge’s history')
      .option(
        '--on <date>',
        'the day the decision took effect, YYYY-MM-DD (default: the day the data is as of)',
        dateArgument,
      )
      .option('--json', 'print the allocation as JSON')
      .action(async (id: string, options: DecisionOptions, command: Command) => {
        const allocationId = requireId('allocation', id);
        const { result, names } = await withDatabase(
          command,
          `allocation ${decision.name}`,
          async (db, clock) => {
            const entity = await createAllocationService({ db, clock })[decision.name](
              allocationId,
              { note: options.note, effective_on: options.on },
              CLI,
            );
            return { result: entity, names: await allocationNames(db, [entity]) };
          },
        );
        printResult(Boolean(options.json), result, () => describeAllocation(result, names));
      });
  }

  allocation
    .command('list')
    .description('allocations, newest last (at most 500)')
    .option('--pledge <id>', 'only of this pledge')
    .option('--need <need>', 'only to this need: its reference (e.g. N-000123) or id')
    .option('--status <status>', 'only proposed, accepted or rejected ones')
    .option('--week <week>', 'only for this ISO week')
    .option('--json', 'print the page as JSON')
    .action(async (options: ListOptions, command: Command) => {
      const pledgeId = options.pledge === undefined ? undefined : requireId('pledge', options.pledge);
      const { page, names } = await withDatabase(command, 'allocation list', async (db) => {
        const filters: AllocationFilters = {
          pledge_id: pledgeId,
          need_id:
            options.need === undefined
              ? undefined
              : (await createResolver({ db }).resolve('need', options.need)).id,
          status: options.status,
          week: options.week,
        };
        const found = await createAllocationService({ db }).list(filters, { limit: 500 });
        return { page: found, names: await allocationNames(db, found.items) };
      });
      printResult(Boolean(options.json), page, () =>
        page.items.length === 0
          ? 'no allocations'
          : page.items.map((allocation) => describeAllocation(allocation, names)).join('\n'),
      );
    });
}

/** The names an allocation is told with: its pledge (donor, item, day) and its need (reference, item, region, due day). */
export interface AllocationNames {
  readonly pledges: Map<string, { label: string; unit: string }>;
  readonly needs: Map<string, string>;
}

export async function allocationNames(
  db: Kysely<Database>,
  allocations: readonly Allocation[],
): Promise<AllocationNames> {
  const resolver = createResolver({ db });
  const needIds = [...new Set(allocations.map((a) => a.need_id))];
  const needs = new Map(
    await Promise.all(needIds.map(async (id) => [id, await resolver.nameOf('need', id)] as const)),
  );
  return {
    pledges: await pledgeNames(
      db,
      allocations.map((a) => a.pledge_id),
    ),
    needs,
  };
}

/** One line per allocation; its id first (to accept, reject or release it), then what it moves, in words. */
export function describeAllocation(allocation: Allocation, names: AllocationNames): string {
  const pledge = names.pledges.get(allocation.pledge_id);
  const need = names.needs.get(allocation.need_id) ?? `need ${allocation.need_id}`;
  const moved = (quantity: number) => (pledge ? count(quantity, pledge.unit) : count(quantity, 'unit'));
  return (
    `allocation ${allocation.id} is ${allocation.status}: ${moved(allocation.quantity)} from ` +
    `${pledge?.label ?? `pledge ${allocation.pledge_id}`} to ${need} in ${allocation.week}` +
    (allocation.decided_on ? `, ${allocation.status} on ${allocation.decided_on}` : '') +
    (allocation.shipped_quantity > 0 ? ` (${moved(allocation.shipped_quantity)} shipped)` : '')
  );
}
