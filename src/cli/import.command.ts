import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type Command, Option } from 'commander';
import { systemActor } from '../core/auth/actor.js';
import { isId } from '../core/shared/resolve.js';
import { UnreadableFile } from '../interchange/import/csv-source.js';
import type { ImportEntity } from '../interchange/import/fields.js';
import {
  findImport,
  type ImportFormat,
  type ImportReport,
  runImport,
} from '../interchange/import/import.service.js';
import { checkMapping, type ImportMapping, MappingError } from '../interchange/import/mapping.js';
import { createSavedMappingService, MAPPING_NAME } from '../interchange/import/saved-mapping.service.js';
import { withDatabase } from './database.js';
import { CliError, EXIT, formatNumber, printResult } from './output.js';

/** The mapping shipped for the Kiel Ukraine Support Tracker layout (docs/import.md). */
const TRACKER_MAPPING = fileURLToPath(new URL('../../docs/mappings/kiel-tracker.json', import.meta.url));

const ENTITIES: Readonly<Record<string, ImportEntity>> = {
  pledges: 'pledge',
  pledge: 'pledge',
  needs: 'need',
  need: 'need',
  organisations: 'organisation',
  organisation: 'organisation',
  items: 'item',
  item: 'item',
  events: 'event',
  event: 'event',
  shipments: 'shipment',
  shipment: 'shipment',
  receipts: 'receipt',
  receipt: 'receipt',
};

interface ImportOptions {
  entity?: string;
  format: ImportFormat;
  mapping?: string;
  apply?: boolean;
  dryRun?: boolean;
  skipInvalid?: boolean;
  rejects?: string;
  sheet?: string;
  json?: boolean;
  show?: string;
}

async function readMappingFile(file: string, option = '--mapping'): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(
      `${option} ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not valid JSON'}`,
    );
  }
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

async function loadMapping(file: string): Promise<ImportMapping> {
  const parsed = await readMappingFile(file);
  const problems = checkMapping(parsed);
  if (problems.length > 0) throw new CliError(`--mapping ${file}: ${problems.join('; ')}`);
  return parsed as ImportMapping;
}

/** A progress bar on stderr when it is a terminal: rows read, then the stage. */
function progressBar(enabled: boolean) {
  let last = 0;
  return {
    update(progress: { rows: number; stage: string }) {
      if (!enabled) return;
      const now = Date.now();
      if (now - last < 100 && progress.stage === 'reading') return;
      last = now;
      process.stderr.write(`\r\x1b[K${progress.stage}: ${formatNumber(progress.rows)} rows`);
    },
    done() {
      if (enabled) process.stderr.write('\r\x1b[K');
    },
  };
}

function describe(report: ImportReport): string {
  const c = report.counts;
  const lines = [
    `${report.status === 'applied' ? 'imported' : report.status === 'failed' ? 'not imported' : 'dry run (nothing written; --apply writes)'}: ` +
      `${report.file.name} (${report.file.encoding}, SHA-256 ${report.file.sha256.slice(0, 16)}…), ${formatNumber(report.rows)} rows of ${report.entity}s`,
    `  created ${formatNumber(c.created)}, updated ${formatNumber(c.updated)}, unchanged ${formatNumber(c.unchanged)}, rejected ${formatNumber(c.rejected)}`,
  ];
  if (report.file.encoding === 'windows-1252') {
    lines.push('  note: the file is Windows-1252 (as Excel saves "CSV"), read as such');
  }
  if (report.unknown_columns.length > 0)
    lines.push(`  columns not imported (unknown): ${report.unknown_columns.join(', ')}`);
  if (report.ignored_columns.length > 0)
    lines.push(`  columns ignored (computed or mapped to nothing): ${report.ignored_columns.join(', ')}`);
  for (const p of report.problems) {
    lines.push(
      `  row ${p.row}${p.column ? `, ${p.column}` : ''}${p.value !== null ? ` "${p.value}"` : ''}: ${p.reason}`,
    );
  }
  if (report.problem_count > report.problems.length) {
    lines.push(`  … ${formatNumber(report.problem_count - report.problems.length)} more problems`);
  }
  if (report.rejects_file) lines.push(`  rejected rows with their reasons: ${report.rejects_file}`);
  if (report.duplicates_flagged > 0)
    lines.push(`  possible duplicate pledges flagged for review: ${report.duplicates_flagged}`);
  if (report.error) lines.push(`  ${report.error}`);
  lines.push(`  import ${report.id}`);
  return lines.join('\n');
}

/** --json given after a subcommand is parsed by `import`, which has the option too. */
function wantsJson(options: { json?: boolean }, command: Command): boolean {
  return Boolean(options.json ?? command.optsWithGlobals<{ json?: boolean }>().json);
}

function registerMappingsCommand(parent: Command): void {
  const mappings = parent
    .command('mappings')
    .description('mappings saved under a name: `aidgrid import FILE --mapping NAME` reuses one');
  const cli = systemActor('cli');
  mappings
    .command('save')
    .description('save a mapping file under a name (replaces one of that name)')
    .argument('<name>', 'the name: letters, digits, dots, dashes, underscores')
    .argument('<file>', 'the JSON mapping file')
    .option('--json', 'print the result as JSON')
    .action(async (name: string, file: string, options: { json?: boolean }, command: Command) => {
      const parsed = await readMappingFile(file, 'mapping file');
      await withDatabase(command, 'import mappings save', async (db) => {
        const { saved, created } = await createSavedMappingService({ db }).save(cli, name, parsed);
        printResult(
          wantsJson(options, command),
          saved,
          () => `${created ? 'saved' : 'replaced'} mapping ${saved.name}`,
        );
      });
    });
  mappings
    .command('list')
    .description('the saved mappings')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withDatabase(command, 'import mappings list', async (db) => {
        const saved = await createSavedMappingService({ db }).list(cli);
        printResult(wantsJson(options, command), saved, () =>
          saved.length === 0
            ? 'no saved mappings (aidgrid import mappings save NAME FILE)'
            : saved
                .map(
                  (m) =>
                    `${m.name}  ${m.mapping.entity ?? ''}  saved ${m.updated_at.slice(0, 10)} by ${m.updated_by}`,
                )
                .join('\n'),
        );
      });
    });
  mappings
    .command('show')
    .description('print a saved mapping (JSON, as --mapping FILE reads it)')
    .argument('<name>', 'its name')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withDatabase(command, 'import mappings show', async (db) => {
        const saved = await createSavedMappingService({ db }).get(cli, name);
        process.stdout.write(`${JSON.stringify(saved.mapping, null, 2)}\n`);
      });
    });
  mappings
    .command('delete')
    .description('delete a saved mapping')
    .argument('<name>', 'its name')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withDatabase(command, 'import mappings delete', async (db) => {
        await createSavedMappingService({ db }).remove(cli, name);
        process.stdout.write(`deleted mapping ${name}\n`);
      });
    });
}

export function registerImportCommand(program: Command): void {
  const command = program
    .command('import')
    .description(
      'import needs, pledges, organisations, items, events, shipments or receipts from CSV, HXL-tagged CSV, XLSX workbooks, IATI activity XML or a tracker layout (dry run unless --apply)',
    )
    .argument('[file]', 'the file to import')
    .option(
      '--entity <entity>',
      "what the rows are: pledges, needs, organisations, items, events, shipments or receipts (default: the mapping's, else pledges)",
    )
    .addOption(
      new Option(
        '--format <format>',
        'csv, hxl (the hashtag row maps the columns), xlsx (a workbook), iati (IATI 2.03 activity XML: commitments → pledges) or tracker (the shipped Kiel tracker mapping; CSV or XLSX); workbooks and IATI files given as csv are recognised',
      )
        .choices(['csv', 'hxl', 'xlsx', 'iati', 'tracker'])
        .default('csv'),
    )
    .option(
      '--mapping <file>',
      'a JSON mapping file (columns, value dictionaries, decimal mark, date order: docs/import.md), or the name of a saved one',
    )
    .option(
      '--dry-run',
      'count what would be created, updated, unchanged and rejected; write nothing (the default)',
    )
    .option('--apply', 'write the rows: all or nothing unless --skip-invalid')
    .option('--skip-invalid', 'write the valid rows and put the rejected ones in a rejects file')
    .option('--rejects <file>', 'where --skip-invalid writes the rejected rows (default: FILE.rejects.csv)')
    .option('--sheet <name>', 'XLSX: the sheet to read (default: the first)')
    .option('--show <id>', 'show an import by its id instead (its status, counts and problems)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string | undefined, options: ImportOptions, command: Command) => {
      const json = Boolean(options.json);
      if (options.show !== undefined) {
        if (!isId(options.show)) throw new CliError(`--show: "${options.show}" is not an import id`);
        await withDatabase(command, 'import', async (db) => {
          const run = await findImport(db, options.show as string);
          if (!run) throw new CliError(`no import with id ${options.show}`, EXIT.notFound);
          printResult(json, run, () =>
            [
              `import ${run.id}: ${run.status}  ${run.entity}s from ${run.file_name} (${run.encoding ?? '?'})`,
              `  counts ${JSON.stringify(run.counts)}`,
              ...(run.error ? [`  ${run.error}`] : []),
            ].join('\n'),
          );
        });
        return;
      }
      if (file === undefined) throw new CliError('give the FILE to import (or --show ID)');
      if (options.apply && options.dryRun) throw new CliError('--dry-run and --apply exclude each other');
      if (options.skipInvalid && !options.apply) {
        // A dry run with --skip-invalid still reports; the rejects file is written too.
      }
      try {
        if (!(await stat(file)).isFile()) throw new CliError(`${file} is not a file`, EXIT.notFound);
      } catch (error) {
        if (error instanceof CliError) throw error;
        throw new CliError(`no file ${file}`, EXIT.notFound);
      }
      const named =
        options.mapping !== undefined &&
        !(await isFile(options.mapping)) &&
        MAPPING_NAME.test(options.mapping)
          ? options.mapping
          : undefined;
      const fromFile =
        named !== undefined
          ? undefined
          : options.mapping
            ? await loadMapping(options.mapping)
            : options.format === 'tracker'
              ? await loadMapping(TRACKER_MAPPING)
              : {};
      const bar = progressBar(process.stderr.isTTY === true && !json);
      const report = await withDatabase(command, 'import', async (db, _clock, handle) => {
        // --mapping NAME: a mapping saved with `aidgrid import mappings save` (there is no such file).
        const mapping =
          fromFile ??
          (await createSavedMappingService({ db })
            .get(systemActor('cli'), named as string)
            .then(
              (saved) => saved.mapping,
              () => {
                throw new CliError(
                  `--mapping ${named}: no such file, and no saved mapping of that name`,
                  EXIT.notFound,
                  'aidgrid import mappings list shows the saved ones',
                );
              },
            ));
        const entityName = options.entity ?? (mapping.entity ? `${mapping.entity}s` : 'pledges');
        const entity = ENTITIES[entityName];
        if (!entity)
          throw new CliError(
            `--entity must be pledges, needs, organisations, items, events, shipments or receipts, not "${entityName}"`,
          );
        try {
          return await runImport(handle.url, {
            path: file,
            entity,
            format: options.format,
            mapping,
            mode: options.skipInvalid ? 'skip_invalid' : 'all_or_nothing',
            apply: Boolean(options.apply),
            actor: systemActor('cli'),
            sheet: options.sheet,
            rejectsPath: options.skipInvalid ? (options.rejects ?? `${file}.rejects.csv`) : undefined,
            onProgress: (p) => bar.update(p),
          });
        } catch (error) {
          if (error instanceof MappingError)
            throw new CliError(
              error.message,
              EXIT.usage,
              'map the columns with --mapping FILE (docs/import.md)',
            );
          if (error instanceof UnreadableFile) throw new CliError(error.message, EXIT.usage, error.hint);
          throw error;
        } finally {
          bar.done();
        }
      });
      printResult(json, report, () => describe(report));
      if (report.status === 'failed') process.exitCode = EXIT.failure;
    });
  registerMappingsCommand(command);
}
