import type { Command } from 'commander';
import { systemActor } from '../core/auth/actor.js';
import { createReleaseService, type Release } from '../core/open-data/release.service.js';
import { runAsActor } from '../db/actor-context.js';
import { withDatabase } from './database.js';
import { count, printResult } from './output.js';

interface PublishOptions {
  dryRun?: boolean;
  json?: boolean;
}

/** The release for people: number, day, counts and the changes per table. */
export function describeRelease(release: Release, dryRun: boolean): string {
  const head = dryRun
    ? `dry run: release ${release.number} would be published (nothing stored)`
    : `published release ${release.number}`;
  const lines = [`${head}, data as of ${release.data_as_of}`];
  for (const [table, changes] of Object.entries(release.changelog.tables)) {
    lines.push(
      `  ${table}: ${count(release.counts[table] ?? 0, 'record')} (+${changes.added.length} −${changes.removed.length} ~${changes.changed.length})`,
    );
  }
  if (!dryRun)
    lines.push(
      `  files: /api/v1/open-data/${release.number}/datapackage.json and ${release.files.length - 1} more`,
    );
  return lines.join('\n');
}

export function registerPublishCommand(program: Command): void {
  program
    .command('publish')
    .description('publish an open data release: what is public now, as a data package with a changelog')
    .option('--dry-run', 'show what would be published and store nothing')
    .option('--json', 'print the release as JSON')
    .action(async (options: PublishOptions, command: Command) => {
      const dryRun = Boolean(options.dryRun);
      const release = await withDatabase(command, 'publish', (db, clock) =>
        runAsActor(systemActor('cli'), () => createReleaseService({ db, clock }).publish({ dryRun })),
      );
      printResult(Boolean(options.json), release, () => describeRelease(release, dryRun));
    });
}
