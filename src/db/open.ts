import type { Config } from '../config.js';
import { prepareWalArchive, walArchiveSettings } from './backup/wal-archive.js';
import { connectDatabase, type DatabaseHandle } from './connection.js';
import { type EmbeddedMode, type EmbeddedServer, openEmbedded } from './embedded.js';
import type { ServerSettings } from './server-settings.js';

export interface OpenedDatabase extends DatabaseHandle {
  /** The embedded server, when no DATABASE_URL was given. */
  readonly embedded: EmbeddedServer | undefined;
  /** Closes the pool, then stops the embedded server if this process started it. */
  shutdown(): Promise<void>;
}

/** The configured database: DATABASE_URL when set, otherwise the embedded server in the data directory. */
export async function openConfiguredDatabase(
  config: Config,
  mode: EmbeddedMode,
  label: string,
  log: (line: string) => void = () => undefined,
): Promise<OpenedDatabase> {
  const embedded = config.databaseUrl
    ? undefined
    : await openEmbedded({
        dataDir: config.dataDir,
        mode,
        label,
        log,
        settings: await archiveSettings(config),
      });
  const url = config.databaseUrl ?? embedded?.url;
  if (!url) throw new Error('no database: neither DATABASE_URL nor an embedded server');
  const handle = connectDatabase(url);
  let done: Promise<void> | undefined;
  return {
    ...handle,
    embedded,
    shutdown() {
      done ??= (async () => {
        await handle.close();
        await embedded?.stop();
      })();
      return done;
    },
  };
}

/** Continuous WAL archiving when AIDGRID_WAL_ARCHIVE_DIR is set (the directory is created for PostgreSQL's user). */
export async function archiveSettings(config: Config): Promise<ServerSettings | undefined> {
  if (!config.walArchiveDir) return undefined;
  await prepareWalArchive(config.walArchiveDir);
  return walArchiveSettings(config.walArchiveDir, config.walArchiveTimeoutSeconds);
}
