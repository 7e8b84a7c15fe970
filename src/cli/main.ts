import { Command } from 'commander';
import { AIDGRID_VERSION } from '../version.js';
import { registerCommands } from './commands.js';
import { CLI_OUTPUT, EXIT_CODES_HELP, failWith, USAGE_HINT } from './output.js';

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
  .showHelpAfterError(USAGE_HINT)
  .configureOutput(CLI_OUTPUT)
  .addHelpText('after', EXIT_CODES_HELP)
  .exitOverride((error) => {
    // --help and --version end with exit code 0; usage errors were already printed by commander.
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

// Only the command asked for is loaded with its dependencies; the others are listed by name.
await registerCommands(program, process.argv.slice(2));
program.parseAsync(process.argv).catch(failWith);
