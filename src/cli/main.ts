import { Command } from 'commander';
import { AIDGRID_VERSION } from '../version.js';
import { registerAdminCommand } from './admin.command.js';
import { registerAllocationCommand } from './allocation.command.js';
import { registerAuditCommand } from './audit.command.js';
import { registerCapacityCommands } from './capacity.command.js';
import { registerDemoCommand } from './demo.command.js';
import { registerDuplicatesCommand } from './duplicates.command.js';
import { registerExportCommand } from './export.command.js';
import { registerFxCommand } from './fx.command.js';
import { registerIncidentCommand } from './incident.command.js';
import { registerMigrateCommand } from './migrate.command.js';
import { failWith } from './output.js';
import { registerPlanCommand } from './plan.command.js';
import { registerPledgeCommand } from './pledge.command.js';
import { registerReadinessCommand } from './readiness.command.js';
import { registerReceiptCommand } from './receipt.command.js';
import { registerReportCommand } from './report.command.js';
import { registerRulesCommand } from './rules.command.js';
import { registerServeCommand } from './serve.command.js';
import { registerShipmentCommand } from './shipment.command.js';
import { registerTokenCommand } from './token.command.js';
import { registerUserCommand } from './user.command.js';
import { registerWorkerCommand } from './worker.command.js';

const program = new Command()
  .name('aidgrid')
  .description('Coordinates coalition aid: needs, pledges, shipments, capacity and allocation.')
  .version(AIDGRID_VERSION)
  .option(
    '--data-dir <dir>',
    'embedded PostgreSQL data directory (env AIDGRID_DATA_DIR, default ./aidgrid-data)',
  )
  .option('--database-url <url>', 'use this PostgreSQL server instead of the embedded one (env DATABASE_URL)')
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env LOG_LEVEL)')
  .showHelpAfterError('(run aidgrid --help for usage)')
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .exitOverride((error) => {
    // --help and --version end with exit code 0; usage errors were already printed by commander.
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

registerServeCommand(program);
registerMigrateCommand(program);
registerDemoCommand(program);
registerPledgeCommand(program);
registerAllocationCommand(program);
registerFxCommand(program);
registerDuplicatesCommand(program);
registerShipmentCommand(program);
registerReceiptCommand(program);
registerReportCommand(program);
registerIncidentCommand(program);
registerRulesCommand(program);
registerReadinessCommand(program);
registerCapacityCommands(program);
registerExportCommand(program);
registerAdminCommand(program);
registerUserCommand(program);
registerWorkerCommand(program);
registerTokenCommand(program);
registerPlanCommand(program);
registerAuditCommand(program);

program.parseAsync(process.argv).catch(failWith);
