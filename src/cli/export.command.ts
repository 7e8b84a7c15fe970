import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import type { TObject } from 'typebox';
import { Value } from 'typebox/value';
import { GapQuerySchema } from '../core/gaps/gap.schema.js';
import { type NeedFilters, NeedFiltersSchema } from '../core/needs/need.schema.js';
import { type PledgeFilters, PledgeFiltersSchema } from '../core/pledges/pledge.schema.js';
import { explainSchemaErrors } from '../core/shared/field-messages.js';
import { createResolver } from '../core/shared/resolve.js';
import {
  createExportService,
  exportDependencies,
  type IatiExportFilters,
} from '../interchange/export.service.js';
import type { GapDimension } from '../interchange/hxl.js';
import { IatiQuerySchema } from '../interchange/iati.js';
import { withDatabase } from './database.js';
import { eitherOption, resolveAll } from './options.js';
import { CliError } from './output.js';

interface OutputOptions {
  hxl: boolean;
  out?: string;
}

/** Query-style filters checked against the API's own schema, so the CLI refuses what the API refuses. */
function checkedFilters<T>(schema: TObject, filters: Record<string, string | undefined>): T {
  const given = Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined));
  const problems = explainSchemaErrors([...Value.Errors(schema, given)]).map(
    (problem) => `--${problem.field.replaceAll('_', '-')}: ${problem.message}`,
  );
  if (problems.length > 0) throw new CliError(problems.join('; '));
  return given as T;
}

/**
 * Writes the chunks to stdout, or to FILE through a temporary file renamed at the end, so that a
 * failed export never leaves a truncated FILE behind (or overwrites a good one).
 */
async function writeChunks(chunks: AsyncGenerator<string>, out: string | undefined): Promise<void> {
  if (out === undefined) {
    for await (const chunk of chunks) {
      if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
    }
    return;
  }
  const partial = `${out}.partial-${process.pid}`;
  try {
    await pipeline(Readable.from(chunks), createWriteStream(partial));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

const DIMENSIONS = ['category', 'item', 'region', 'donor'] as const;

/** The id-only option a name option replaced, kept working but out of --help. */
const alias = (flags: string, description: string) => new Option(flags, description).hideHelp();

function outputOptions(command: Command): Command {
  return command
    .option('--no-hxl', 'leave out the HXL hashtag row (one header row of field names)')
    .option('--out <file>', 'write to this file instead of stdout');
}

export function registerExportCommand(program: Command): void {
  const exporter = program
    .command('export')
    .description(
      'HXL-tagged CSV of needs, pledges or the gap report, for HDX and other HXL tools; IATI 2.03 XML of pledges',
    );

  exporter
    .command('iati')
    .description(
      'pledges as IATI 2.03 activities (one per pledge) with their transactions in original currency',
    )
    .option('--donor <organisation>', 'only the pledges of this donor organisation: id, name or short name')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { donor?: string; out?: string }, command: Command) => {
      await withDatabase(command, 'export', async (db) => {
        const named = await resolveAll(createResolver({ db }), { donor: ['organisation', options.donor] });
        const filters = checkedFilters<IatiExportFilters>(IatiQuerySchema, named);
        await writeChunks(createExportService(exportDependencies(db)).iati(filters), options.out);
      });
    });

  outputOptions(
    exporter
      .command('needs')
      .description('needs, every page, with item, region and recipient spelled out')
      .option('--category <path>', 'only items in this category or below')
      .option('--region <region>', 'only needs in this region: id, ISO code or name, e.g. UA-30')
      .option('--item <item>', 'only needs for this item: id, code or name, e.g. GEN-100KVA')
      .option('--recipient <organisation>', 'only needs posted by this recipient: id, name or short name')
      .addOption(alias('--region-id <id>', 'the same as --region'))
      .addOption(alias('--item-id <id>', 'the same as --item'))
      .addOption(alias('--recipient-org-id <id>', 'the same as --recipient'))
      .option('--status <status>', 'open, partially_met, met or cancelled')
      .option('--priority <priority>', 'critical, high, medium or low'),
  ).action(
    async (
      options: OutputOptions & {
        category?: string;
        region?: string;
        regionId?: string;
        item?: string;
        itemId?: string;
        recipient?: string;
        recipientOrgId?: string;
        status?: string;
        priority?: string;
      },
      command: Command,
    ) => {
      const wanted = {
        region_id: ['region', eitherOption('--region', options.region, '--region-id', options.regionId)],
        item_id: ['item', eitherOption('--item', options.item, '--item-id', options.itemId)],
        recipient_org_id: [
          'organisation',
          eitherOption('--recipient', options.recipient, '--recipient-org-id', options.recipientOrgId),
        ],
      } as const;
      const plain = { category: options.category, status: options.status, priority: options.priority };
      checkedFilters<NeedFilters>(NeedFiltersSchema, plain);
      await withDatabase(command, 'export', async (db) => {
        const named = await resolveAll(createResolver({ db }), wanted);
        const filters = checkedFilters<NeedFilters>(NeedFiltersSchema, { ...plain, ...named });
        await writeChunks(
          createExportService(exportDependencies(db)).needs(filters, { hxl: options.hxl }),
          options.out,
        );
      });
    },
  );

  outputOptions(
    exporter
      .command('pledges')
      .description('pledges, every page, with donor, recipient, item and event spelled out')
      .option('--category <path>', 'only items in this category or below')
      .option('--donor <organisation>', 'only pledges of this donor: id, name or short name')
      .option('--event <event>', 'only pledges announced at this event: id or name')
      .option('--region <region>', 'only pledges made against needs in this region: id, ISO code or name')
      .addOption(alias('--donor-org-id <id>', 'the same as --donor'))
      .addOption(alias('--event-id <id>', 'the same as --event'))
      .addOption(alias('--region-id <id>', 'the same as --region'))
      .option('--status <status>', 'announced, committed, …, cancelled or expired'),
  ).action(
    async (
      options: OutputOptions & {
        category?: string;
        donor?: string;
        donorOrgId?: string;
        event?: string;
        eventId?: string;
        region?: string;
        regionId?: string;
        status?: string;
      },
      command: Command,
    ) => {
      const wanted = {
        donor_org_id: [
          'organisation',
          eitherOption('--donor', options.donor, '--donor-org-id', options.donorOrgId),
        ],
        event_id: ['event', eitherOption('--event', options.event, '--event-id', options.eventId)],
        region_id: ['region', eitherOption('--region', options.region, '--region-id', options.regionId)],
      } as const;
      const plain = { category: options.category, status: options.status };
      checkedFilters<PledgeFilters>(PledgeFiltersSchema, plain);
      await withDatabase(command, 'export', async (db) => {
        const named = await resolveAll(createResolver({ db }), wanted);
        const filters = checkedFilters<PledgeFilters>(PledgeFiltersSchema, { ...plain, ...named });
        await writeChunks(
          createExportService(exportDependencies(db)).pledges(filters, { hxl: options.hxl }),
          options.out,
        );
      });
    },
  );

  outputOptions(
    exporter
      .command('gaps')
      .description('the gap report’s groups (no totals row)')
      .addOption(new Option('--by <dimension>', 'group by').choices(DIMENSIONS).default('category'))
      .option('--category <path>', 'only items in this category or below')
      .option('--region <region>', 'only needs in this region and what is placed there: id, ISO code or name')
      .addOption(alias('--region-id <id>', 'the same as --region')),
  ).action(
    async (
      options: OutputOptions & { by: GapDimension; category?: string; region?: string; regionId?: string },
      command: Command,
    ) => {
      const region = eitherOption('--region', options.region, '--region-id', options.regionId);
      checkedFilters(GapQuerySchema, { category: options.category });
      await withDatabase(command, 'export', async (db) => {
        const named = await resolveAll(createResolver({ db }), { region_id: ['region', region] });
        const scope = checkedFilters<{ category?: string; region_id?: string }>(GapQuerySchema, {
          category: options.category,
          ...named,
        });
        await writeChunks(
          createExportService(exportDependencies(db)).gaps(options.by, scope, { hxl: options.hxl }),
          options.out,
        );
      });
    },
  );
}
