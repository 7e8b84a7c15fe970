import { type Command, Option } from 'commander';
import type { RegionReadiness } from '../core/incidents/readiness.schema.js';
import { createReadinessService } from '../core/incidents/readiness.service.js';
import { withDatabase } from './database.js';
import { dateArgument } from './options.js';
import { type Column, REPORT_FORMATS, type ReportFormat, renderReport } from './report.command.js';

const COLUMNS: readonly Column<RegionReadiness>[] = [
  { field: 'rank', title: '#', value: (r) => r.rank },
  { field: 'region_code', title: 'code', value: (r) => r.region_code },
  { field: 'region_name', title: 'region', value: (r) => r.region_name, width: 24 },
  { field: 'risk_score', title: 'risk', value: (r) => r.risk_score },
  { field: 'people_without_power', title: 'no power', value: (r) => r.people_without_power },
  { field: 'people_without_heat', title: 'no heat', value: (r) => r.people_without_heat },
  { field: 'people_without_water', title: 'no water', value: (r) => r.people_without_water },
  { field: 'days_to_first_frost', title: 'frost in (d)', value: (r) => r.days_to_first_frost },
  { field: 'derived_needs', title: 'needs', value: (r) => r.derived_needs },
  { field: 'critical_needs', title: 'critical', value: (r) => r.critical_needs },
  { field: 'needs_for_review', title: 'review', value: (r) => r.needs_for_review },
  { field: 'unit', title: 'unit', value: (r) => r.unit },
  { field: 'pledged', title: 'pledged', value: (r) => r.pledged },
  { field: 'allocated', title: 'allocated', value: (r) => r.allocated },
  { field: 'delivered', title: 'delivered', value: (r) => r.delivered },
  { field: 'needed_eur', title: 'needed EUR', value: (r) => r.value.needed.amount },
  { field: 'delivered_eur', title: 'delivered EUR', value: (r) => r.value.delivered.amount },
  { field: 'unvalued_need_count', title: 'no value', value: (r) => r.unvalued_need_count },
];

export function registerReadinessCommand(program: Command): void {
  program
    .command('readiness')
    .description(
      'regions ranked by winter risk: outages now, derived needs and deliveries, days to first frost',
    )
    .option(
      '--as-of <date>',
      'the day to compute for, YYYY-MM-DD (default: the day the data is as of), e.g. 2022-11-24',
      dateArgument,
    )
    .addOption(new Option('--format <format>', 'output format').choices(REPORT_FORMATS).default('table'))
    .option('--json', 'the same as --format json')
    .action(async (options: { asOf?: string; format: ReportFormat; json?: boolean }, command: Command) => {
      const report = await withDatabase(command, 'readiness', (db, clock) =>
        createReadinessService({ db, today: clock.today }).ranking(options.asOf),
      );
      const format = options.json ? 'json' : options.format;
      process.stdout.write(
        renderReport(format, report, COLUMNS, report.regions, {
          title: `Winter readiness on ${report.as_of}`,
        }),
      );
    });
}
