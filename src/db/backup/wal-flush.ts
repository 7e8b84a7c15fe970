import pg from 'pg';

const pollMs = 200;
const timeoutMs = 120_000;

/**
 * Closes the current WAL segment (pg_switch_wal) and waits until the archiver reports it archived,
 * so that everything committed before the call is in the archive. A failing archive_command
 * times out with the archiver's last failure.
 */
export async function flushWalArchive(url: string): Promise<{ lsn: string; wal_file: string }> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const switched = await client.query<{ lsn: string; file: string }>(
      'SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS file FROM pg_switch_wal() AS lsn',
    );
    const { lsn, file } = switched.rows[0] as { lsn: string; file: string };
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = await client.query<{ last: string | null; failed: string | null }>(
        'SELECT last_archived_wal AS last, last_failed_wal AS failed FROM pg_stat_archiver',
      );
      const last = status.rows[0]?.last ?? '';
      // Segment names sort in WAL order within a timeline.
      if (last.length === 24 && last.slice(8) >= file.slice(8)) return { lsn, wal_file: file };
      if (Date.now() > deadline) {
        throw new Error(
          `WAL segment ${file} was not archived within ${timeoutMs / 1000} s (last archived ${last || 'none'}, last failed ${status.rows[0]?.failed ?? 'none'}); check AIDGRID_WAL_ARCHIVE_DIR and postgres.log`,
        );
      }
      await new Promise((done) => setTimeout(done, pollMs));
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
