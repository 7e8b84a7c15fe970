import type { Command } from 'commander';
import { createResolver } from '../core/shared/resolve.js';
import type { ReceiptLineInput } from '../core/shipments/receipt.schema.js';
import { createReceiptService } from '../core/shipments/receipt.service.js';
import { createShipmentService } from '../core/shipments/shipment.service.js';
import { DISCREPANCY_REASONS, type DiscrepancyReason } from '../core/shipments/shipment-status.js';
import { withDatabase } from './database.js';
import { dateArgument, parseQuantity } from './options.js';
import { CliError, count, printResult } from './output.js';
import { CLI_ACTOR, collect } from './shipment.command.js';

function parseLine(text: string): ReceiptLineInput {
  const [shipment_line_id, quantity, reason, ...rest] = text.split(':');
  if (!shipment_line_id || quantity === undefined || rest.length > 0) {
    throw new Error(`--line ${text}: write it as SHIPMENT_LINE_ID:QUANTITY[:REASON]`);
  }
  if (reason !== undefined && !(DISCREPANCY_REASONS as readonly string[]).includes(reason)) {
    throw new CliError(`--line ${text}: the reason must be one of ${DISCREPANCY_REASONS.join(', ')}`);
  }
  return {
    shipment_line_id,
    quantity: parseQuantity(quantity, `--line ${text}`),
    ...(reason ? { discrepancy_reason: reason as DiscrepancyReason } : {}),
  };
}

interface AddOptions {
  shipment: string;
  by: string;
  on?: string;
  note?: string;
  line: string[];
  json?: boolean;
}

export function registerReceiptCommand(program: Command): void {
  const receipt = program.command('receipt').description('what arrived with a shipment');

  receipt
    .command('add')
    .description('record what arrived: delivered on allocations and pledges, met on needs')
    .requiredOption('--shipment <id>', 'id of the in-transit or arrived shipment')
    .requiredOption('--by <organisation>', 'the organisation that received the goods: id, name or short name')
    .option('--on <date>', 'date received, YYYY-MM-DD (default: the day the data is as of)', dateArgument)
    .option('--note <text>', 'remarks on the receipt')
    .option(
      '--line <line-id:quantity[:reason]>',
      `what arrived on a shipment line, with a discrepancy reason (${DISCREPANCY_REASONS.join(', ')}); repeat for more`,
      collect,
      [],
    )
    .option('--json', 'print the result as JSON')
    .action(async (options: AddOptions, command: Command) => {
      const lines = options.line.map(parseLine);
      if (lines.length === 0)
        throw new CliError('give at least one --line SHIPMENT_LINE_ID:QUANTITY[:REASON]');
      await withDatabase(command, 'receipt add', async (db, clock) => {
        const receiver = await createResolver({ db }).resolve('organisation', options.by);
        const { entity } = await createReceiptService({ db }).receive(
          options.shipment,
          {
            received_on: options.on ?? clock.today(),
            received_by_org_id: receiver.id,
            ...(options.note ? { note: options.note } : {}),
            lines,
          },
          CLI_ACTOR,
        );
        const shipment = await createShipmentService({ db }).get(options.shipment);
        printResult(
          Boolean(options.json),
          { ...entity, shipment_status: shipment.status },
          () =>
            `receipt ${entity.id} on ${entity.received_on}: ${count(entity.lines.length, 'line')} received; ` +
            `shipment ${shipment.reference} is now ${shipment.status}`,
        );
      });
    });
}
