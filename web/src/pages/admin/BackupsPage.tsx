import type { BackupRun } from '../../api/contract.js';
import { useBackups } from '../../api/useBackups.js';
import { DetailFields } from '../../components/DetailFields.js';
import { RemoteState } from '../../components/RemoteState.js';
import { formatMoment, formatQuantity } from '../../format.js';
import { tr, useT } from '../../i18n/index.js';
import { AdminTabs } from './AdminTabs.js';

function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024 * 1024) return tr('backups.kib', { size: formatQuantity(Math.round(bytes / 1024)) });
  if (bytes < 1024 ** 3)
    return tr('backups.mib', { size: formatQuantity(Math.round(bytes / 1024 / 102.4) / 10) });
  return tr('backups.gib', { size: formatQuantity(Math.round((bytes / 1024 ** 3) * 100) / 100) });
}

function formatTime(iso: string | null): string {
  return iso ? formatMoment(iso) : '—';
}

const TRIGGER_IDS: Readonly<Record<string, string>> = {
  schedule: 'backups.trigger.schedule',
  command: 'backups.trigger.command',
};

function describeRun(run: BackupRun | null): string {
  if (!run) return tr('backups.noneYet');
  const what =
    run.kind === 'backup'
      ? formatBytes(run.size_bytes)
      : tr('backups.seconds', { seconds: formatQuantity(Math.round(run.duration_ms / 100) / 10) });
  return `${formatTime(run.finished_at)} · ${what}${run.backup_path ? ` · ${run.backup_path}` : ''}`;
}

/** The admin's view of backups: last backup and its size, last verified restore, WAL archiving, recent runs. */
export default function BackupsPage() {
  const backups = useBackups();
  const t = useT();
  return (
    <>
      <AdminTabs current="/admin/backups" />
      <section className="panel" aria-labelledby="backups-title">
        <div className="panel__head">
          <h2 id="backups-title">{t('backups.title')}</h2>
        </div>
        <RemoteState remote={backups} what={t('backups.what')}>
          {(data) => (
            <>
              <DetailFields
                fields={[
                  [
                    t('backups.schedule'),
                    data.schedule?.enabled
                      ? data.schedule.restore_test
                        ? t('backups.scheduleOnTested', {
                            time: data.schedule.daily_at.slice(0, 5),
                            keep: data.schedule.keep,
                          })
                        : t('backups.scheduleOn', {
                            time: data.schedule.daily_at.slice(0, 5),
                            keep: data.schedule.keep,
                          })
                      : t('backups.scheduleOff', { command: 'aidgrid backup schedule --daily HH:MM' }),
                  ],
                  [t('backups.lastBackup'), describeRun(data.last_backup)],
                  [t('backups.lastRestore'), describeRun(data.last_verified_restore)],
                  [
                    t('backups.wal'),
                    data.wal_archiving.enabled
                      ? t('backups.walOn', {
                          segment: data.wal_archiving.last_archived_wal ?? '—',
                          time: formatTime(data.wal_archiving.last_archived_at),
                          failed: data.wal_archiving.failed_count,
                        })
                      : t('backups.walOff', { variable: 'AIDGRID_WAL_ARCHIVE_DIR' }),
                  ],
                ]}
              />
              {data.recent.length === 0 ? (
                <p className="state state--empty" role="status">
                  {t('backups.empty')}
                </p>
              ) : (
                <table className="data-table">
                  <caption>{t('backups.recent')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('backups.colFinished')}</th>
                      <th scope="col">{t('backups.colKind')}</th>
                      <th scope="col">{t('backups.colTrigger')}</th>
                      <th scope="col">{t('backups.colResult')}</th>
                      <th scope="col">{t('backups.colSize')}</th>
                      <th scope="col">{t('backups.colSummary')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.recent.map((run) => (
                      <tr key={`${run.kind}-${run.finished_at}-${run.summary}`}>
                        <td>{formatTime(run.finished_at)}</td>
                        <td>{run.kind === 'backup' ? t('backups.kindBackup') : t('backups.kindRestore')}</td>
                        <td>{TRIGGER_IDS[run.trigger] ? t(TRIGGER_IDS[run.trigger] ?? '') : run.trigger}</td>
                        <td>{run.ok ? t('backups.ok') : t('backups.failed')}</td>
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
    </>
  );
}
