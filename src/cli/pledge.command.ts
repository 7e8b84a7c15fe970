import type { Command } from 'commander';
import { systemActor } from '../core/auth/actor.js';
import type { Pledge, PledgeTransition } from '../core/pledges/pledge.schema.js';
import { createPledgeService } from '../core/pledges/pledge.service.js';
import {
  createPledgeTransitionService,
  type PledgeEndpointAction,
} from '../core/pledges/pledge-transition.service.js';
import type { Actor } from '../core/shared/record.service.js';
import { requireId } from '../core/shared/resolve.js';
import { withDatabase } from './database.js';
import { dateArgument, quantityArgument } from './options.js';
import { formatNumber, printResult } from './output.js';

/** Until accounts exist, what the CLI does it does as 'cli'. */
const CLI: Actor = systemActor('cli');

const STEPS: readonly { name: string; action: PledgeEndpointAction; description: string; all: string }[] = [
  {
    name: 'commit',
    action: 'commit',
    description: 'commit (part of) what the pledge promised',
    all: 'default: all that is not committed yet',
  },
  {
    name: 'put-in-service',
    action: 'put_in_service',
    description: 'report (part of) what was delivered as in service',
    all: 'default: all delivered and not yet in service',
  },
  {
    name: 'cancel',
    action: 'cancel',
    description: 'cancel the whole pledge, or withdraw part of its uncommitted remainder',
    all: 'default: the whole pledge (needs nothing allocated)',
  },
  {
    name: 'expire',
    action: 'expire',
    description: 'mark the pledge expired, or let part of its uncommitted remainder lapse',
    all: 'default: the whole pledge (needs nothing allocated)',
  },
];

interface StepOptions {
  quantity?: number;
  source?: string;
  note?: string;
  on?: string;
  json?: boolean;
}

export function registerPledgeCommand(program: Command): void {
  const pledge = program.command('pledge').description('pledges: lifecycle steps and their history');

  for (const step of STEPS) {
    pledge
      .command(`${step.name} <id>`)
      .description(step.description)
      .option('--quantity <n>', `quantity the step moves (${step.all})`, quantityArgument)
      .option('--source <id>', 'id of the source that reports this step')
      .option('--note <text>', 'why, or anything worth keeping in the history')
      .option(
        '--on <date>',
        'the day the step took effect, YYYY-MM-DD (default: the day the data is as of)',
        dateArgument,
      )
      .option('--json', 'print the pledge as JSON')
      .action(async (id: string, options: StepOptions, command: Command) => {
        const pledgeId = requireId('pledge', id);
        const sourceId = options.source === undefined ? undefined : requireId('source', options.source);
        const result = await withDatabase(command, `pledge ${step.name}`, (db, clock) =>
          createPledgeTransitionService({ db, clock }).take(
            pledgeId,
            step.action,
            {
              quantity: options.quantity,
              source_id: sourceId,
              note: options.note,
              effective_on: options.on,
            },
            CLI,
          ),
        );
        printResult(Boolean(options.json), result, () => describePledge(result));
      });
  }

  pledge
    .command('show <id>')
    .description('a pledge with its stage quantities and lifecycle history')
    .option('--json', 'print the pledge and its history as JSON')
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const pledgeId = requireId('pledge', id);
      const result = await withDatabase(command, 'pledge show', async (db) => ({
        pledge: await createPledgeService({ db }).get(pledgeId),
        transitions: await createPledgeTransitionService({ db }).history(pledgeId),
      }));
      printResult(Boolean(options.json), result, () => describeHistory(result.pledge, result.transitions));
    });
}

/** One line: where the pledge stands, stage by stage. */
export function describePledge(pledge: Pledge): string {
  const { committed, allocated, shipped, delivered, in_service } = pledge.stages;
  return (
    `pledge ${pledge.id} is ${pledge.status} (version ${pledge.version}): ${formatNumber(pledge.quantity)} pledged, ` +
    `${formatNumber(committed)} committed, ${formatNumber(allocated)} allocated, ${formatNumber(shipped)} shipped, ` +
    `${formatNumber(delivered)} delivered, ${formatNumber(in_service)} in service`
  );
}

function describeHistory(pledge: Pledge, transitions: readonly PledgeTransition[]): string {
  const { donor_reported_eur, price_list_eur } = pledge.valuation;
  const lines = [
    describePledge(pledge),
    `value in EUR: donor-reported ${donor_reported_eur ?? 'unknown'}, price list ${price_list_eur ?? 'unknown'}`,
    transitions.length === 0 ? 'no lifecycle steps yet' : 'history:',
    ...transitions.map(
      (t) =>
        `  ${t.at}  ${t.action} ${formatNumber(t.quantity)}  ${t.from_status} → ${t.to_status}  by ${t.actor_name ?? t.actor}` +
        (t.source_id ? `  source ${t.source_id}` : '') +
        (t.note ? `  "${t.note}"` : ''),
    ),
  ];
  return lines.join('\n');
}
