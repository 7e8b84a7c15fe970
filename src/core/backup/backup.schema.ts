import { type Static, Type } from 'typebox';

const Time = (description: string) => Type.String({ format: 'date-time', description });
const NullableTime = (description: string) =>
  Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description });

export const BackupRunSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('backup'), Type.Literal('restore_test')], {
      description:
        'backup: a base backup; restore_test: a backup restored into a scratch directory and checked',
    }),
    trigger: Type.Union([Type.Literal('schedule'), Type.Literal('command')], {
      description: 'Whether the server ran it on schedule or an operator ran the command',
    }),
    started_at: Time('When it started'),
    finished_at: Time('When it finished'),
    ok: Type.Boolean({
      description: 'Whether it succeeded (for a restore test: every post-restore check passed)',
    }),
    backup_path: Type.Union([Type.String(), Type.Null()], {
      description: 'The backup directory, on the server',
    }),
    size_bytes: Type.Union([Type.Integer(), Type.Null()], { description: 'Size of a base backup, in bytes' }),
    end_lsn: Type.Union([Type.String(), Type.Null()], {
      description: 'WAL location where a base backup ends',
    }),
    duration_ms: Type.Integer({ description: 'How long it took, in milliseconds' }),
    summary: Type.String({ description: 'What happened, in one line' }),
  },
  { description: 'One base backup or restore test' },
);
export type BackupRun = Static<typeof BackupRunSchema>;

export const BackupStatusSchema = Type.Object(
  {
    schedule: Type.Union(
      [
        Type.Object({
          enabled: Type.Boolean({ description: 'Whether the server takes the daily base backup' }),
          daily_at: Type.String({ description: 'UTC time of day of the backup, HH:MM:SS' }),
          keep: Type.Integer({ description: 'Base backups kept; archived WAL is kept back to the oldest' }),
          restore_test: Type.Boolean({ description: 'Whether each scheduled backup is test-restored' }),
        }),
        Type.Null(),
      ],
      { description: 'The schedule set by `aidgrid backup schedule`; null when never set' },
    ),
    last_backup: Type.Union([BackupRunSchema, Type.Null()], {
      description: 'The newest successful base backup',
    }),
    last_verified_restore: Type.Union([BackupRunSchema, Type.Null()], {
      description: 'The newest restore test whose checks all passed',
    }),
    wal_archiving: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Whether PostgreSQL archives WAL (archive_mode)' }),
        last_archived_wal: Type.Union([Type.String(), Type.Null()], {
          description: 'Newest archived WAL segment',
        }),
        last_archived_at: NullableTime('When it was archived: changes before it can be restored'),
        failed_count: Type.Integer({ description: 'Failed archive attempts since statistics were reset' }),
        last_failed_at: NullableTime('When archiving last failed'),
      },
      { description: 'Continuous archiving, which bounds how much a lost disk can cost (RPO)' },
    ),
    recent: Type.Array(BackupRunSchema, { description: 'The 20 newest runs, newest first' }),
  },
  { description: 'Backups, verified restores and WAL archiving of this instance' },
);
export type BackupStatus = Static<typeof BackupStatusSchema>;
