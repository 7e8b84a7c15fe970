import type { Command } from 'commander';
import { systemActor } from '../core/auth/actor.js';
import type { Actor } from '../core/shared/record.service.js';
import { createResolver } from '../core/shared/resolve.js';
import { createReceiptService } from '../core/shipments/receipt.service.js';
import type { ShipmentLineInput } from '../core/shipments/shipment.schema.js';
import { createShipmentService } from '../core/shipments/shipment.service.js';
import { withDatabase } from './database.js';
import { dateArgument, parseQuantity } from './options.js';
import { CliError, count, formatNumber, printResult } from './output.js';

/** Everything the CLI does, it does as 'cli' until accounts exist. */
export const CLI_ACTOR: Actor = systemActor('cli');

/** Collects a repeatable option's values. */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseLine(text: string): ShipmentLineInput {
  const [allocation_id, quantity, ...rest] = text.split(':');
  if (!allocation_id || quantity === undefined || rest.length > 0) {
    throw new CliError(
      `--line ${text}: write it as ALLOCATION_ID:QUANTITY, e.g. 0190f5c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d:40`,
    );
  }
  return { allocation_id, quantity: parseQuantity(quantity, `--line ${text}`) };
}

interface AddOptions {
  reference: string;
  from: string;
  to: string;
  owner: string;
  eta?: string;
  line: string[];
  json?: boolean;
}

export function registerShipmentCommand(program: Command): void {
  const shipment = program.command('shipment').description('consignments from a hub to a region');

  shipment
    .command('add')
    .description('prepare a shipment, with lines against accepted allocations')
    .requiredOption('--reference <reference>', 'the consignment’s own reference (waybill)')
    .requiredOption('--from <hub>', 'logistics hub it leaves from')
    .requiredOption('--to <region>', 'destination region: id, ISO code or name, e.g. UA-30')
    .requiredOption('--owner <organisation>', 'owning organisation: id, name or short name')
    .option('--eta <date>', 'expected arrival, YYYY-MM-DD', dateArgument)
    .option('--line <allocation-id:quantity>', 'a line against an allocation; repeat for more', collect, [])
    .option('--json', 'print the result as JSON')
    .action(async (options: AddOptions, command: Command) => {
      const lines = options.line.map(parseLine);
      await withDatabase(command, 'shipment add', async (db) => {
        const shipments = createShipmentService({ db });
        const resolver = createResolver({ db });
        const region = await resolver.resolve('region', options.to);
        const owner = await resolver.resolve('organisation', options.owner);
        const { entity } = await shipments.create(
          {
            reference: options.reference,
            origin_hub: options.from,
            destination_region_id: region.id,
            owner_org_id: owner.id,
            ...(options.eta ? { eta: options.eta } : {}),
            lines,
          },
          CLI_ACTOR,
        );
        const result = { ...entity, lines: await shipments.lines(entity.id) };
        printResult(
          Boolean(options.json),
          result,
          () =>
            `shipment ${entity.id} ${entity.reference} is ${entity.status}: ${entity.origin_hub} → ` +
            `${region.name}, ${count(result.lines.length, 'line')}`,
        );
      });
    });

  shipment
    .command('dispatch <id>')
    .description('dispatch a prepared shipment: its lines become shipped on allocations and pledges')
    .option('--on <date>', 'dispatch date, YYYY-MM-DD (default: the day the data is as of)', dateArgument)
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { on?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, 'shipment dispatch', async (db, clock) => {
        const entity = await createShipmentService({ db }).dispatch(
          id,
          { dispatched_on: options.on ?? clock.today() },
          CLI_ACTOR,
        );
        printResult(
          Boolean(options.json),
          entity,
          () =>
            `shipment ${entity.id} ${entity.reference} dispatched on ${entity.dispatched_on}: ${entity.status}`,
        );
      });
    });

  shipment
    .command('lose <id>')
    .description('report an in-transit or arrived shipment lost')
    .requiredOption('--note <text>', 'what is known of the loss')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { note: string; json?: boolean }, command: Command) => {
      await withDatabase(command, 'shipment lose', async (db) => {
        const entity = await createShipmentService({ db }).lose(id, { note: options.note }, CLI_ACTOR);
        printResult(Boolean(options.json), entity, () => `shipment ${entity.id} ${entity.reference}: lost`);
      });
    });

  shipment
    .command('close <id>')
    .description('close an arrived shipment as received with what arrived (a short delivery)')
    .option('--note <text>', 'why it is closed short')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { note?: string; json?: boolean }, command: Command) => {
      await withDatabase(command, 'shipment close', async (db) => {
        const entity = await createShipmentService({ db }).close(
          id,
          options.note ? { note: options.note } : {},
          CLI_ACTOR,
        );
        printResult(
          Boolean(options.json),
          entity,
          () => `shipment ${entity.id} ${entity.reference}: received`,
        );
      });
    });

  shipment
    .command('show <id>')
    .description('a shipment with its lines and receipts')
    .option('--json', 'print the result as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      await withDatabase(command, 'shipment show', async (db) => {
        const shipments = createShipmentService({ db });
        const entity = await shipments.get(id);
        const result = {
          ...entity,
          lines: await shipments.lines(id),
          receipts: await createReceiptService({ db }).list(id),
        };
        const region = await createResolver({ db }).nameOf('region', entity.destination_region_id);
        printResult(Boolean(options.json), result, () =>
          [
            `shipment ${entity.id} ${entity.reference}: ${entity.status}`,
            `  ${entity.origin_hub} → ${region}` +
              `, dispatched ${entity.dispatched_on ?? '-'}, eta ${entity.eta ?? '-'}`,
            ...result.lines.map(
              (line) =>
                `  line ${line.id}: ${formatNumber(line.received_quantity)} of ${formatNumber(line.quantity)} received ` +
                `(allocation ${line.allocation_id})`,
            ),
            ...result.receipts.map(
              (receipt) =>
                `  receipt ${receipt.id} on ${receipt.received_on}: ` +
                receipt.lines
                  .map(
                    (l) =>
                      `${formatNumber(l.quantity)}${l.discrepancy_reason ? ` (${l.discrepancy_reason})` : ''}`,
                  )
                  .join(', '),
            ),
          ].join('\n'),
        );
      });
    });
}
