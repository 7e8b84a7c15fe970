import { Command } from 'commander';
import { AIDGRID_VERSION } from '../version.js';
import { registerCommands } from './commands.js';
import { failWith } from './output.js';

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

// Only the command asked for is loaded with its dependencies; the others are listed by name.
await registerCommands(program, process.argv.slice(2));
program.parseAsync(process.argv).catch(failWith);
