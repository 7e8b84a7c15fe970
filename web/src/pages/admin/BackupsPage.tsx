import type { BackupRun } from '../../api/contract.js';
import { useBackups } from '../../api/useBackups.js';
import { DetailFields } from '../../components/DetailFields.js';
import { RemoteState } from '../../components/RemoteState.js';

function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

function formatTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

function describeRun(run: BackupRun | null): string {
  if (!run) return 'none yet';
  const what =
    run.kind === 'backup' ? formatBytes(run.size_bytes) : `${(run.duration_ms / 1000).toFixed(1)} s`;
  return `${formatTime(run.finished_at)} · ${what}${run.backup_path ? ` · ${run.backup_path}` : ''}`;
}

/** The admin's view of backups: last backup and its size, last verified restore, WAL archiving, recent runs. */
export default function BackupsPage() {
  const backups = useBackups();
  return (
    <section className="panel" aria-labelledby="backups-title">
      <div className="panel__head">
        <h2 id="backups-title">Backups</h2>
      </div>
      <RemoteState remote={backups} what="the backups">
        {(data) => (
          <>
            <DetailFields
              fields={[
                [
                  'Schedule',
                  data.schedule?.enabled
                    ? `daily at ${data.schedule.daily_at.slice(0, 5)} UTC, keeping ${data.schedule.keep}${data.schedule.restore_test ? ', each restore-tested' : ''}`
                    : 'off (aidgrid backup schedule --daily HH:MM)',
                ],
                ['Last backup', describeRun(data.last_backup)],
                ['Last verified restore', describeRun(data.last_verified_restore)],
                [
                  'WAL archiving',
                  data.wal_archiving.enabled
                    ? `on; newest segment ${data.wal_archiving.last_archived_wal ?? '—'} at ${formatTime(data.wal_archiving.last_archived_at)}; ${data.wal_archiving.failed_count} failed attempts`
                    : 'off: a lost disk loses everything since the last backup (set AIDGRID_WAL_ARCHIVE_DIR)',
                ],
              ]}
            />
            {data.recent.length === 0 ? (
              <p className="state state--empty" role="status">
                No base backup or restore test has run yet.
              </p>
            ) : (
              <table className="data-table">
                <caption>Recent runs</caption>
                <thead>
                  <tr>
                    <th scope="col">Finished</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Trigger</th>
                    <th scope="col">Result</th>
                    <th scope="col">Size</th>
                    <th scope="col">Summary</th>
                  </tr>
                </thead>
                <tbody>
                  {data.recent.map((run) => (
                    <tr key={`${run.kind}-${run.finished_at}-${run.summary}`}>
                      <td>{formatTime(run.finished_at)}</td>
                      <td>{run.kind === 'backup' ? 'base backup' : 'restore test'}</td>
                      <td>{run.trigger}</td>
                      <td>{run.ok ? 'ok' : 'FAILED'}</td>
                      <td>{formatBytes(run.size_bytes)}</td>
                      <td>{run.summary}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </RemoteState>
    </section>
  );
}
