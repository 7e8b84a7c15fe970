import { type Command, Option } from 'commander';
import type { Kysely } from 'kysely';
import type { GapReport, GapWeeklyReport } from '../core/gaps/gap.schema.js';
import { createGapService } from '../core/gaps/gap.service.js';
import type { DonorFunnel, EventConversion } from '../core/reports/conversion.schema.js';
import { createConversionService } from '../core/reports/conversion.service.js';
import type { Clock } from '../core/shared/clock.js';
import { createResolver, type NamedKind } from '../core/shared/resolve.js';
import type { Database } from '../db/schema.js';
import { formatCsv } from '../interchange/csv.js';
import { dataAsOfLine } from './data-as-of.js';
import { withDatabase } from './database.js';
import { eitherOption } from './options.js';

export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

type Cell = string | number | null;

/** RFC 4180 CSV with the API's field names as header, shared with the HXL exports. */
export { formatCsv };

/** One column of a report: its CSV header (the API's field name), its table header, and its value. */
export interface Column<T> {
  readonly field: string;
  readonly title: string;
  readonly value: (row: T) => Cell;
  /** Longest text shown in a table cell; longer text is cut with an ellipsis. */
  readonly width?: number;
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });

function tableCell(value: Cell, width: number | undefined): string {
  if (value === null) return '–';
  if (typeof value === 'number') return numberFormat.format(value);
  return width !== undefined && value.length > width ? `${value.slice(0, width - 1)}…` : value;
}

/**
 * Aligned columns for a terminal: text to the left, numbers to the right, a rule under the
 * header, and `footer` rows (totals) under a second rule.
 */
export function formatTable<T>(
  columns: readonly Column<T>[],
  rows: readonly T[],
  footer: readonly T[] = [],
): string {
  const render = (row: T) => columns.map((column) => tableCell(column.value(row), column.width));
  const body = rows.map(render);
  const foot = footer.map(render);
  const numeric = columns.map((column) =>
    [...rows, ...footer].some((row) => typeof column.value(row) === 'number'),
  );
  const widths = columns.map((column, i) =>
    Math.max(column.title.length, ...[...body, ...foot].map((cells) => (cells[i] as string).length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i] as number) : cell.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const lines = [line(columns.map((column) => column.title)), rule, ...body.map(line)];
  if (foot.length > 0) lines.push(rule, ...foot.map(line));
  return lines.join('\n');
}

function notesText(notes: readonly string[]): string {
  return notes.length === 0 ? '' : `\n\nNotes:\n${notes.map((note) => `- ${note}`).join('\n')}`;
}

/** A report in the chosen format: the whole JSON document, CSV data, or a table with notes. */
export function renderReport<T>(
  format: ReportFormat,
  report: { notes: readonly string[] },
  columns: readonly Column<T>[],
  rows: readonly T[],
  options: { title: string; footer?: readonly T[] },
): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return formatCsv(columns, rows);
  const asOf = dataAsOfLine();
  const title = asOf === undefined ? options.title : `${options.title}\n${asOf}`;
  return `${title}\n\n${formatTable(columns, rows, options.footer)}${notesText(report.notes)}\n`;
}

type GapRowShape = Omit<GapReport['groups'][number], 'key' | 'label' | 'unit'> & {
  key: string;
  label: string;
  unit: string | null;
};

const ratioPct = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 10);

export const GAP_COLUMNS: readonly Column<GapRowShape>[] = [
  { field: 'key', title: 'key', value: (g) => g.key, width: 0 },
  { field: 'label', title: 'group', value: (g) => g.label, width: 40 },
  { field: 'unit', title: 'unit', value: (g) => g.unit ?? 'mixed' },
  { field: 'needed', title: 'needed', value: (g) => g.needed },
  { field: 'pledged', title: 'pledged', value: (g) => g.pledged },
  { field: 'committed', title: 'committed', value: (g) => g.committed },
  { field: 'allocated', title: 'allocated', value: (g) => g.allocated },
  { field: 'shipped', title: 'shipped', value: (g) => g.shipped },
  { field: 'delivered', title: 'delivered', value: (g) => g.delivered },
  { field: 'unmet', title: 'unmet', value: (g) => g.unmet },
  { field: 'needed_eur', title: 'needed EUR', value: (g) => Number(g.value.needed.amount) },
  { field: 'pledged_eur', title: 'pledged EUR', value: (g) => Number(g.value.pledged.amount) },
  { field: 'delivered_eur', title: 'delivered EUR', value: (g) => Number(g.value.delivered.amount) },
  { field: 'unmet_eur', title: 'unmet EUR', value: (g) => Number(g.value.unmet.amount) },
  {
    field: 'coverage_announced_pct',
    title: 'coverage % (announced)',
    value: (g) => g.coverage.by_announcements_pct,
  },
  {
    field: 'coverage_committed_pct',
    title: 'coverage % (committed)',
    value: (g) => g.coverage.by_commitments_pct,
  },
  { field: 'coverage_basis', title: 'coverage by', value: (g) => g.coverage.basis },
  { field: 'need_count', title: 'needs', value: (g) => g.need_count },
  { field: 'pledge_count', title: 'pledges', value: (g) => g.pledge_count },
];

/** The table shows no key column (ids are long); CSV keeps it so rows can be joined back. */
const tableColumns = <T>(columns: readonly Column<T>[]) => columns.filter((column) => column.width !== 0);

export function renderGapReport(format: ReportFormat, report: GapReport): string {
  const totals: GapRowShape = { key: '', label: 'total', unit: '', ...report.totals };
  const columns = format === 'table' ? tableColumns(GAP_COLUMNS) : GAP_COLUMNS;
  return renderReport(format, report, columns, report.groups, {
    title: `Gaps by ${report.by} (synthetic demo data is marked so in the database)`,
    footer: [totals],
  });
}

export const WEEKLY_COLUMNS: readonly Column<GapWeeklyReport['weeks'][number]>[] = [
  { field: 'week', title: 'week', value: (w) => w.week },
  { field: 'needed', title: 'needed', value: (w) => w.needed },
  { field: 'pledged', title: 'pledged', value: (w) => w.pledged },
  { field: 'committed', title: 'committed', value: (w) => w.committed },
  { field: 'delivered', title: 'delivered', value: (w) => w.delivered },
];

export function renderWeeklyReport(format: ReportFormat, report: GapWeeklyReport): string {
  const what = report.label === null ? 'everything' : `${report.by} ${report.label}`;
  return renderReport(format, report, WEEKLY_COLUMNS, report.weeks, {
    title: `Cumulative by ISO week, ${what}${report.unit ? ` (${report.unit})` : ''}`,
  });
}

type FunnelShape = Omit<EventConversion, 'event_id' | 'name' | 'starts_on'>;

const funnelColumns = <T extends FunnelShape>(): Column<T>[] => [
  { field: 'pledge_count', title: 'pledges', value: (r) => r.pledge_count },
  { field: 'cancelled_count', title: 'cancelled', value: (r) => r.cancelled_count },
  { field: 'item_count', title: 'items', value: (r) => r.item_count },
  { field: 'unit', title: 'unit', value: (r) => r.unit },
  { field: 'announced', title: 'announced', value: (r) => r.announced },
  { field: 'committed', title: 'committed', value: (r) => r.committed },
  { field: 'allocated', title: 'allocated', value: (r) => r.allocated },
  { field: 'shipped', title: 'shipped', value: (r) => r.shipped },
  { field: 'delivered', title: 'delivered', value: (r) => r.delivered },
  { field: 'in_service', title: 'in service', value: (r) => r.in_service },
  { field: 'committed_ratio', title: 'committed %', value: (r) => r.committed_ratio },
  { field: 'delivered_ratio', title: 'delivered %', value: (r) => r.delivered_ratio },
  { field: 'announced_value_eur', title: 'announced EUR', value: (r) => r.announced_value.amount },
  { field: 'committed_value_eur', title: 'committed EUR', value: (r) => r.committed_value.amount },
  { field: 'allocated_value_eur', title: 'allocated EUR', value: (r) => r.allocated_value.amount },
  { field: 'shipped_value_eur', title: 'shipped EUR', value: (r) => r.shipped_value.amount },
  { field: 'delivered_value_eur', title: 'delivered EUR', value: (r) => r.delivered_value.amount },
  { field: 'unvalued_count', title: 'no value', value: (r) => r.unvalued_count },
  { field: 'delivered_pledge_count', title: 'received', value: (r) => r.delivered_pledge_count },
  { field: 'median_days_to_delivery', title: 'median days', value: (r) => r.median_days_to_delivery },
];

/**
 * The table keeps the figures a reader compares, in this order; CSV has every field. Ratios read as
 * percentages and EUR amounts as whole euros with separators.
 */
function tableOf<T extends FunnelShape>(
  columns: readonly Column<T>[],
  fields: readonly string[],
): Column<T>[] {
  return fields.map((field) => {
    const column = columns.find((c) => c.field === field);
    if (!column) throw new Error(`no column ${field}`);
    if (field.endsWith('_ratio'))
      return { ...column, value: (r: T) => ratioPct(column.value(r) as number | null) };
    if (field.endsWith('_eur')) return { ...column, value: (r: T) => Math.round(Number(column.value(r))) };
    return column;
  });
}

export const EVENT_COLUMNS: readonly Column<EventConversion>[] = [
  { field: 'event_id', title: 'event id', value: (e) => e.event_id },
  { field: 'name', title: 'event', value: (e) => e.name, width: 48 },
  { field: 'starts_on', title: 'date', value: (e) => e.starts_on, width: 10 },
  ...funnelColumns<EventConversion>(),
];

const EVENT_TABLE = [
  'name',
  'starts_on',
  'pledge_count',
  'announced',
  'committed',
  'delivered',
  'committed_ratio',
  'delivered_ratio',
  'announced_value_eur',
  'delivered_value_eur',
  'unvalued_count',
  'median_days_to_delivery',
];

export function renderEventReport(
  format: ReportFormat,
  report: { events: EventConversion[]; notes: string[] },
) {
  const columns = format === 'table' ? tableOf(EVENT_COLUMNS, EVENT_TABLE) : EVENT_COLUMNS;
  return renderReport(format, report, columns, report.events, {
    title:
      'Promises kept per event: of what was announced, how much was committed and delivered, and how fast',
  });
}

export const DONOR_COLUMNS: readonly Column<DonorFunnel>[] = [
  { field: 'donor_org_id', title: 'donor id', value: (d) => d.donor_org_id },
  { field: 'name', title: 'donor', value: (d) => d.name, width: 36 },
  ...funnelColumns<DonorFunnel>(),
];

const DONOR_TABLE = [
  'name',
  'announced',
  'committed',
  'allocated',
  'shipped',
  'delivered',
  'delivered_ratio',
  'announced_value_eur',
  'committed_value_eur',
  'delivered_value_eur',
  'unvalued_count',
  'median_days_to_delivery',
];

export function renderDonorReport(format: ReportFormat, report: { donors: DonorFunnel[]; notes: string[] }) {
  const columns = format === 'table' ? tableOf(DONOR_COLUMNS, DONOR_TABLE) : DONOR_COLUMNS;
  return renderReport(format, report, columns, report.donors, {
    title: 'Per donor: announced → committed → allocated → shipped → delivered',
  });
}

function formatOption() {
  return new Option('--format <format>', 'table, csv or json').choices(REPORT_FORMATS).default('table');
}

/** Runs a report on the configured database and prints what it renders. */
async function printReport(
  command: Command,
  work: (db: Kysely<Database>, clock: Clock) => Promise<string>,
): Promise<void> {
  process.stdout.write(await withDatabase(command, 'report', work));
}

const DIMENSIONS = ['category', 'item', 'region', 'donor'] as const;

export function registerReportCommand(program: Command): void {
  const report = program
    .command('report')
    .description('reports: gaps with stages, promises kept per event and donor');

  report
    .command('gaps')
    .description('needed, pledged, committed, allocated, shipped, delivered and unmet, with totals')
    .addOption(new Option('--by <dimension>', 'group by').choices(DIMENSIONS).default('category'))
    .option('--category <path>', 'only items in this category or below')
    .option('--region <region>', 'only needs in this region and what is placed there: id, ISO code or name')
    .addOption(new Option('--region-id <id>', 'the same as --region').hideHelp())
    .addOption(formatOption())
    .action(
      async (
        options: {
          by: (typeof DIMENSIONS)[number];
          category?: string;
          region?: string;
          regionId?: string;
          format: ReportFormat;
        },
        command: Command,
      ) =>
        printReport(command, async (db) => {
          const region = eitherOption('--region', options.region, '--region-id', options.regionId);
          const result = await createGapService({ db }).report(options.by, {
            category: options.category,
            region_id:
              region === undefined ? undefined : (await createResolver({ db }).resolve('region', region)).id,
          });
          return renderGapReport(options.format, result);
        }),
    );

  report
    .command('weekly')
    .description('cumulative needed, pledged, committed and delivered per ISO week')
    .addOption(new Option('--by <dimension>', 'the grouping of --key').choices(DIMENSIONS))
    .option(
      '--key <key>',
      'a group of --by: a category path, or the item, region or donor by id, code or name (e.g. UA-30)',
    )
    .option('--from <week>', 'first ISO week, e.g. 2022-W40')
    .option('--to <week>', 'last ISO week (default: the last with data, at most the week the data is as of)')
    .addOption(formatOption())
    .action(
      async (
        options: {
          by?: (typeof DIMENSIONS)[number];
          key?: string;
          from?: string;
          to?: string;
          format: ReportFormat;
        },
        command: Command,
      ) =>
        printReport(command, async (db, clock) => {
          const { by, from, to } = options;
          const kind: NamedKind | undefined =
            by === 'donor' ? 'organisation' : by === 'item' || by === 'region' ? by : undefined;
          const key =
            kind !== undefined && options.key !== undefined
              ? (await createResolver({ db }).resolve(kind, options.key)).id
              : options.key;
          const result = await createGapService({ db, clock }).weekly({ by, key, from, to });
          return renderWeeklyReport(options.format, result);
        }),
    );

  report
    .command('events')
    .description('promises kept per event: announced, committed, delivered, EUR, median days to delivery')
    .option('--category <path>', 'only items in this category or below')
    .addOption(formatOption())
    .action(async (options: { category?: string; format: ReportFormat }, command: Command) =>
      printReport(command, async (db) =>
        renderEventReport(
          options.format,
          await createConversionService({ db }).events({ category: options.category }),
        ),
      ),
    );

  report
    .command('donors')
    .description('per donor: announced → committed → allocated → shipped → delivered')
    .option('--category <path>', 'only items in this category or below')
    .addOption(formatOption())
    .action(async (options: { category?: string; format: ReportFormat }, command: Command) =>
      printReport(command, async (db) =>
        renderDonorReport(
          options.format,
          await createConversionService({ db }).donors({ category: options.category }),
        ),
      ),
    );
}
