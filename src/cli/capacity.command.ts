import { type Command, Option } from 'commander';
import type { ForecastResult, OutageResult, RiskResult } from '../core/capacity/analysis.schema.js';
import { createCapacityAnalysisService } from '../core/capacity/analysis.service.js';
import { createResolver } from '../core/shared/resolve.js';
import { formatCsv } from '../interchange/csv.js';
import { withDatabase } from './database.js';
import { CliError, count } from './output.js';
import {
  type Column,
  formatTable,
  REPORT_FORMATS,
  type ReportFormat,
  renderReport,
} from './report.command.js';

type MonthRow = ForecastResult['months'][number];

const FORECAST_COLUMNS: readonly Column<MonthRow>[] = [
  { field: 'month', title: 'month', value: (r) => r.month },
  { field: 'demand_needs', title: 'needs', value: (r) => r.demand_needs },
  { field: 'demand_consumption', title: 'consumption', value: (r) => r.demand_consumption },
  { field: 'supply_pledges', title: 'pledges', value: (r) => r.supply_pledges },
  { field: 'supply_production', title: 'production', value: (r) => r.supply_production },
  { field: 'opening_stock', title: 'stock', value: (r) => r.opening_stock },
  { field: 'shortfall', title: 'shortfall', value: (r) => r.shortfall },
  { field: 'cause', title: 'cause', value: (r) => r.cause },
];

interface RiskRow {
  readonly item: string;
  readonly input: string;
  readonly path: string;
  readonly per_item_unit: number;
  readonly hhi: number;
  readonly top_country: string | null;
  readonly top_share: number | null;
  readonly single_point: string;
}

const RISK_COLUMNS: readonly Column<RiskRow>[] = [
  { field: 'item', title: 'item', value: (r) => r.item },
  { field: 'input', title: 'input', value: (r) => r.input },
  { field: 'path', title: 'path', value: (r) => r.path, width: 48 },
  { field: 'per_item_unit', title: 'per unit', value: (r) => r.per_item_unit },
  { field: 'hhi', title: 'HHI', value: (r) => r.hhi },
  { field: 'top_country', title: 'top country', value: (r) => r.top_country },
  { field: 'top_share', title: 'share', value: (r) => r.top_share },
  { field: 'single_point', title: 'single point of failure', value: (r) => r.single_point, width: 40 },
];

function riskRows(risk: RiskResult): RiskRow[] {
  return risk.items.flatMap((entry) =>
    entry.inputs.map((input) => {
      const [top] = input.country_shares;
      return {
        item: entry.item.code,
        input: input.code,
        path: input.path.join(' > '),
        per_item_unit: input.per_item_unit,
        hhi: input.hhi,
        top_country: top?.country_code ?? null,
        top_share: top?.share ?? null,
        single_point: entry.single_points
          .filter((p) => p.material_code === input.code)
          .map((p) =>
            p.kind === 'single_supplier' ? 'one supplier' : `${p.country_code} ${p.share * 100} %`,
          )
          .join(', '),
      };
    }),
  );
}

interface OutageRow {
  readonly item: string;
  readonly available_share: number;
  readonly total_capacity_lost: number;
  readonly shortfall_added: number;
  readonly first_shortfall_month: string | null;
  readonly first_shortfall_month_with_outage: string | null;
  readonly needs_unmet: number;
}

const OUTAGE_COLUMNS: readonly Column<OutageRow>[] = [
  { field: 'item', title: 'item', value: (r) => r.item },
  { field: 'available_share', title: 'output left', value: (r) => r.available_share },
  { field: 'total_capacity_lost', title: 'capacity lost', value: (r) => r.total_capacity_lost },
  { field: 'shortfall_added', title: 'shortfall added', value: (r) => r.shortfall_added },
  { field: 'first_shortfall_month', title: 'first shortfall', value: (r) => r.first_shortfall_month },
  {
    field: 'first_shortfall_month_with_outage',
    title: 'with outage',
    value: (r) => r.first_shortfall_month_with_outage,
  },
  { field: 'needs_unmet', title: 'needs unmet', value: (r) => r.needs_unmet },
];

function outageRows(result: OutageResult): OutageRow[] {
  return result.items.map((entry) => ({
    item: entry.item.code,
    available_share: entry.available_share,
    total_capacity_lost: entry.total_capacity_lost,
    shortfall_added: entry.shortfall_added,
    first_shortfall_month: entry.first_shortfall_month,
    first_shortfall_month_with_outage: entry.first_shortfall_month_with_outage,
    needs_unmet: entry.needs_unmet.length,
  }));
}

const formatOption = () =>
  new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('table');

function parseMonths(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const months = Number(text);
  if (!Number.isInteger(months) || months < 1 || months > 120)
    throw new CliError('--months must be a whole number from 1 to 120, e.g. 24');
  return months;
}

/** `aidgrid forecast` and `aidgrid risk [outage]`: the capacity views on the command line. */
export function registerCapacityCommands(program: Command): void {
  program
    .command('forecast')
    .description(
      'shortfall forecast of an item by month: demand against pledges and production, first shortfall and cause',
    )
    .requiredOption('--item <item>', 'the item: catalogue code, name or id, e.g. AMMO-155')
    .option('--as-of <month>', 'first month (default this month), e.g. 2023-01')
    .option('--months <n>', 'horizon in months (default 24)')
    .addOption(formatOption())
    .action(
      async (
        options: { item: string; asOf?: string; months?: string; format: ReportFormat },
        command: Command,
      ) => {
        const months = parseMonths(options.months);
        const forecast = await withDatabase(command, 'forecast', async (db, clock) => {
          const service = createCapacityAnalysisService({ db, now: clock.now });
          const itemId = (await createResolver({ db }).resolve('item', options.item)).id;
          return service.forecast({ item_id: itemId, as_of: options.asOf, months });
        });
        const summary =
          forecast.first_shortfall_month === null
            ? 'no shortfall over the horizon'
            : `first shortfall ${forecast.first_shortfall_month}, main cause ${forecast.main_cause}, total ${count(forecast.total_shortfall, forecast.item.unit)}`;
        process.stdout.write(
          renderReport(options.format, forecast, FORECAST_COLUMNS, forecast.months, {
            title: `Forecast of ${forecast.item.code} (${forecast.item.unit}) from ${forecast.as_of}: ${summary}`,
          }),
        );
      },
    );

  const risk = program
    .command('risk')
    .description('supply-chain risk: input graph, HHI per input, country exposure, single points of failure')
    .option('--item <item>', 'only this item: code, name or id')
    .option('--country <cc>', 'only items exposed to this country, e.g. CN')
    .option(
      '--threshold <share>',
      'country share above which an input is a single point of failure (default 0.7)',
    )
    .addOption(formatOption())
    .action(
      async (
        options: { item?: string; country?: string; threshold?: string; format: ReportFormat },
        command: Command,
      ) => {
        const result = await withDatabase(command, 'risk', async (db, clock) => {
          const service = createCapacityAnalysisService({ db, now: clock.now });
          const itemId = options.item
            ? (await createResolver({ db }).resolve('item', options.item)).id
            : undefined;
          return service.risk({
            item_id: itemId,
            country: options.country,
            threshold: options.threshold === undefined ? undefined : Number(options.threshold),
          });
        });
        const rows = riskRows(result);
        if (options.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else if (options.format === 'csv') process.stdout.write(formatCsv(RISK_COLUMNS, rows));
        else {
          const points = result.items.flatMap((i) =>
            i.single_points.map((p) => `- ${i.item.code}: ${p.detail}`),
          );
          process.stdout.write(
            `Supply-chain risk${result.country ? ` (exposed to ${result.country})` : ''}\n\n${formatTable(RISK_COLUMNS, rows)}\n` +
              (points.length > 0 ? `\nSingle points of failure:\n${points.join('\n')}\n` : ''),
          );
        }
      },
    );

  risk
    .command('outage')
    .description(
      'outage scenario: a country stops supplying (an input), or a plant stops; capacity lost and needs unmet',
    )
    .option('--country <cc>', 'the country that stops supplying, e.g. CN')
    .option('--input <code>', 'only this input (material code), e.g. COTTON-LINTERS')
    .option('--plant <name>', 'the plant that stops, by its name on production lines, e.g. Valleyfield')
    .option('--from <month>', 'first month of the outage (default --as-of)')
    .option('--as-of <month>', 'first forecast month (default this month)')
    .option('--months <n>', 'horizon in months (default 24)')
    .action(async (_local: unknown, command: Command) => {
      // --country and --format are declared once, on `risk`; commander gives them to the parent.
      const options = command.optsWithGlobals<{
        country?: string;
        input?: string;
        plant?: string;
        from?: string;
        asOf?: string;
        months?: string;
        format: ReportFormat;
      }>();
      const months = parseMonths(options.months);
      const result = await withDatabase(command, 'risk outage', async (db, clock) =>
        createCapacityAnalysisService({ db, now: clock.now }).outage({
          country_code: options.country,
          material_code: options.input,
          plant: options.plant && (await createResolver({ db }).resolve('plant', options.plant)).name,
          from: options.from,
          as_of: options.asOf,
          months,
        }),
      );
      const what = options.plant ?? `${options.country}${options.input ? ` ${options.input}` : ''}`;
      process.stdout.write(
        renderReport(options.format, result, OUTAGE_COLUMNS, outageRows(result), {
          title: `Outage of ${what} from ${result.from} (forecast from ${result.as_of})`,
        }),
      );
    });
}
