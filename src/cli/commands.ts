import { Command } from 'commander';

/**
 * Every top-level command, with what `aidgrid --help` lists for it and how to load it. A command's
 * module (and what it imports: the database, Fastify, the solver) is imported only when that command
 * runs, so `--help` and a usage error answer at once. commands.test.ts checks that each module
 * registers the names and descriptions written here.
 */
export interface LazyCommand {
  readonly name: string;
  readonly description: string;
  readonly load: () => Promise<(program: Command) => void>;
}

export const COMMANDS: readonly LazyCommand[] = [
  {
    name: 'serve',
    description: 'migrate, load the demo into an empty database, and serve the API and web UI',
    load: async () => (await import('./serve.command.js')).registerServeCommand,
  },
  {
    name: 'migrate',
    description: 'apply pending database migrations (exits non-zero if one fails)',
    load: async () => (await import('./migrate.command.js')).registerMigrateCommand,
  },
  {
    name: 'demo',
    description: 'the synthetic demo scenario "winter 2022–23"',
    load: async () => (await import('./demo.command.js')).registerDemoCommand,
  },
  {
    name: 'assets',
    description: 'grid assets: substations, transformers, lines, plants, pumps',
    load: async () => (await import('./assets.command.js')).registerAssetsCommand,
  },
  {
    name: 'repairs',
    description: 'repair projects: milestones, missing equipment and money, ranking, progress',
    load: async () => (await import('./repairs.command.js')).registerRepairsCommand,
  },
  {
    name: 'pledge',
    description: 'pledges: lifecycle steps and their history',
    load: async () => (await import('./pledge.command.js')).registerPledgeCommand,
  },
  {
    name: 'allocation',
    description: 'allocations of pledges to needs',
    load: async () => (await import('./allocation.command.js')).registerAllocationCommand,
  },
  {
    name: 'fx',
    description: 'exchange rates to EUR, which value pledges in EUR',
    load: async () => (await import('./fx.command.js')).registerFxCommand,
  },
  {
    name: 'publish',
    description: 'publish an open data release: what is public now, as a data package with a changelog',
    load: async () => (await import('./publish.command.js')).registerPublishCommand,
  },
  {
    name: 'import',
    description:
      'import needs, pledges, organisations, items, events, shipments or receipts from CSV, HXL-tagged CSV, XLSX workbooks, IATI activity XML or a tracker layout (dry run unless --apply)',
    load: async () => (await import('./import.command.js')).registerImportCommand,
  },
  {
    name: 'duplicates',
    description: 'possible duplicate pledges, flagged for review and never merged',
    load: async () => (await import('./duplicates.command.js')).registerDuplicatesCommand,
  },
  {
    name: 'shipment',
    description: 'consignments from a hub to a region',
    load: async () => (await import('./shipment.command.js')).registerShipmentCommand,
  },
  {
    name: 'receipt',
    description: 'what arrived with a shipment',
    load: async () => (await import('./receipt.command.js')).registerReceiptCommand,
  },
  {
    name: 'report',
    description: 'reports: gaps with stages, promises kept per event and donor',
    load: async () => (await import('./report.command.js')).registerReportCommand,
  },
  {
    name: 'incident',
    description: 'strikes and failures; each one derives its needs through the need rules',
    load: async () => (await import('./incident.command.js')).registerIncidentCommand,
  },
  {
    name: 'rules',
    description: 'need rules: data that sizes the needs incidents call for',
    load: async () => (await import('./rules.command.js')).registerRulesCommand,
  },
  {
    name: 'readiness',
    description:
      'regions ranked by winter risk: outages now, derived needs and deliveries, days to first frost',
    load: async () => (await import('./readiness.command.js')).registerReadinessCommand,
  },
  {
    name: 'forecast',
    description:
      'shortfall forecast of an item by month: demand against pledges and production, first shortfall and cause',
    load: async () => (await import('./capacity.command.js')).registerCapacityCommands,
  },
  {
    name: 'risk',
    description: 'supply-chain risk: input graph, HHI per input, country exposure, single points of failure',
    load: async () => (await import('./capacity.command.js')).registerCapacityCommands,
  },
  {
    name: 'export',
    description:
      'HXL-tagged CSV of needs, pledges or the gap report, for HDX and other HXL tools; IATI 2.03 XML of pledges',
    load: async () => (await import('./export.command.js')).registerExportCommand,
  },
  {
    name: 'admin',
    description: 'administrator accounts',
    load: async () => (await import('./admin.command.js')).registerAdminCommand,
  },
  {
    name: 'user',
    description: 'accounts of people',
    load: async () => (await import('./user.command.js')).registerUserCommand,
  },
  {
    name: 'token',
    description: 'API tokens for programs (Authorization: Bearer …)',
    load: async () => (await import('./token.command.js')).registerTokenCommand,
  },
  {
    name: 'plan',
    description: 'the allocation planner: runs, explanations, acceptance',
    load: async () => (await import('./plan.command.js')).registerPlanCommand,
  },
  {
    name: 'aggregates',
    description: 'the aggregate cells the gap report reads: rebuild them from the rows, or verify them',
    load: async () => (await import('./aggregates.command.js')).registerAggregatesCommand,
  },
  {
    name: 'audit',
    description: 'the tamper-evident audit log: checkpoints of its head and verification of its chain',
    load: async () => (await import('./audit.command.js')).registerAuditCommand,
  },
  {
    name: 'backup',
    description: 'base backups of the embedded PostgreSQL, their verification and schedule',
    load: async () => (await import('./backup.command.js')).registerBackupCommand,
  },
  {
    name: 'restore',
    description:
      'restore a base backup into the (empty) data directory, replaying archived WAL up to --to / --to-lsn or to its end, then run the post-restore checks',
    load: async () => (await import('./backup.command.js')).registerBackupCommand,
  },
  {
    name: 'export-dump',
    description:
      'logical export of the whole database at one snapshot (any PostgreSQL ≥ 15, embedded or DATABASE_URL): the way across major versions and servers',
    load: async () => (await import('./dump.command.js')).registerDumpCommands,
  },
  {
    name: 'import-dump',
    description:
      'load a dump written by export-dump into a fresh database (a new --data-dir, or an empty DATABASE_URL database), then run the post-restore checks',
    load: async () => (await import('./dump.command.js')).registerDumpCommands,
  },
  {
    name: 'worker',
    description:
      'run plan jobs without serving the API (any number of servers and workers share one database)',
    load: async () => (await import('./worker.command.js')).registerWorkerCommand,
  },
];

/** Global options that take a value: their value is not a command name. */
const OPTIONS_WITH_VALUE = new Set(['--data-dir', '--database-url', '--log-level']);

/**
 * The command `args` (the arguments after `aidgrid`) asks for: the first word that is not an option
 * or an option's value; for `help <command>`, that command. Undefined when there is none or it is
 * not a command (commander then prints the help or the error, with suggestions).
 */
export function findCommand(args: readonly string[]): LazyCommand | undefined {
  const words: string[] = [];
  for (let i = 0; i < args.length && words.length < 2; i++) {
    const arg = args[i] as string;
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      if (OPTIONS_WITH_VALUE.has(arg)) i++;
      continue;
    }
    words.push(arg);
  }
  const name = words[0] === 'help' ? words[1] : words[0];
  return COMMANDS.find((command) => command.name === name);
}

/**
 * Registers the command `args` asks for with its full definition, and every other one by name and
 * description only (for the help and for suggestions after a typo).
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const wanted = findCommand(args);
  const register = wanted ? await wanted.load() : undefined;
  // A module may register several commands (capacity: forecast and risk): learn which, on a scratch program.
  const scratch = new Command();
  register?.(scratch);
  const ownNames = new Set(scratch.commands.map((command) => command.name()));
  let registered = false;
  for (const command of COMMANDS) {
    if (!ownNames.has(command.name)) program.command(command.name).description(command.description);
    else if (!registered) {
      register?.(program);
      registered = true;
    }
  }
}
