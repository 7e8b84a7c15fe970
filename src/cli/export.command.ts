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
import {
  createExportService,
  exportDependencies,
  type IatiExportFilters,
} from '../interchange/export.service.js';
import type { GapDimension } from '../interchange/hxl.js';
import { IatiQuerySchema } from '../interchange/iati.js';
import { withDatabase } from './database.js';
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
    .option('--donor <id>', 'only the pledges of this donor organisation')
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (options: { donor?: string; out?: string }, command: Command) => {
      const filters = checkedFilters<IatiExportFilters>(IatiQuerySchema, { donor: options.donor });
      await withDatabase(command, 'export', (db) =>
        writeChunks(createExportService(exportDependencies(db)).iati(filters), options.out),
      );
    });

  outputOptions(
    exporter
      .command('needs')
      .description('needs, every page, with item, region and recipient spelled out')
      .option('--category <path>', 'only items in this category or below')
      .option('--region-id <id>', 'only needs in this region')
      .option('--item-id <id>', 'only needs for this item')
      .option('--recipient-org-id <id>', 'only needs posted by this recipient')
      .option('--status <status>', 'open, partially_met, met or cancelled')
      .option('--priority <priority>', 'critical, high, medium or low'),
  ).action(
    async (
      options: OutputOptions & {
        category?: string;
        regionId?: string;
        itemId?: string;
        recipientOrgId?: string;
        status?: string;
        priority?: string;
      },
      command: Command,
    ) => {
      const filters = checkedFilters<NeedFilters>(NeedFiltersSchema, {
        category: options.category,
        region_id: options.regionId,
        item_id: options.itemId,
        recipient_org_id: options.recipientOrgId,
        status: options.status,
        priority: options.priority,
      });
      await withDatabase(command, 'export', (db) =>
        writeChunks(
          createExportService(exportDependencies(db)).needs(filters, { hxl: options.hxl }),
          options.out,
        ),
      );
    },
  );

  outputOptions(
    exporter
      .command('pledges')
      .description('pledges, every page, with donor, recipient, item and event spelled out')
      .option('--category <path>', 'only items in this category or below')
      .option('--donor-org-id <id>', 'only pledges of this donor')
      .option('--event-id <id>', 'only pledges announced at this event')
      .option('--region-id <id>', 'only pledges made against needs in this region')
      .option('--status <status>', 'announced, committed, …, cancelled or expired'),
  ).action(
    async (
      options: OutputOptions & {
        category?: string;
        donorOrgId?: string;
        eventId?: string;
        regionId?: string;
        status?: string;
      },
      command: Command,
    ) => {
      const filters = checkedFilters<PledgeFilters>(PledgeFiltersSchema, {
        category: options.category,
        donor_org_id: options.donorOrgId,
        event_id: options.eventId,
        region_id: options.regionId,
        status: options.status,
      });
      await withDatabase(command, 'export', (db) =>
        writeChunks(
          createExportService(exportDependencies(db)).pledges(filters, { hxl: options.hxl }),
          options.out,
        ),
      );
    },
  );

  outputOptions(
    exporter
      .command('gaps')
      .description('the gap report’s groups (no totals row)')
      .addOption(new Option('--by <dimension>', 'group by').choices(DIMENSIONS).default('category'))
      .option('--category <path>', 'only items in this category or below')
      .option('--region-id <id>', 'only needs in this region and what is placed there'),
  ).action(
    async (
      options: OutputOptions & { by: GapDimension; category?: string; regionId?: string },
      command: Command,
    ) => {
      const scope = checkedFilters<{ category?: string; region_id?: string }>(GapQuerySchema, {
        category: options.category,
        region_id: options.regionId,
      });
      await withDatabase(command, 'export', (db) =>
        writeChunks(
          createExportService(exportDependencies(db)).gaps(options.by, scope, { hxl: options.hxl }),
          options.out,
        ),
      );
    },
  );
}
