-- Backups and verified restores (issue 20): the schedule the server runs, and a log of every base
-- backup and restore test for the admin view. Operators' data, not records: no owner, no audit
-- chain; closed to the application role like the account tables (0009), read with the owner's rights.

CREATE TABLE backup_schedule (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  enabled      boolean NOT NULL,
  -- UTC time of day of the daily base backup
  daily_at     time NOT NULL,
  -- base backups kept; WAL is kept back to the oldest of them
  keep         integer NOT NULL CHECK (keep BETWEEN 1 AND 365),
  -- restore each scheduled backup into a scratch directory and run the post-restore checks
  restore_test boolean NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE backup_run (
  id           uuid PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('backup', 'restore_test')),
  trigger      text NOT NULL CHECK (trigger IN ('schedule', 'command')),
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz NOT NULL,
  ok           boolean NOT NULL,
  backup_path  text,
  size_bytes   bigint,
  end_lsn      text,
  duration_ms  integer NOT NULL CHECK (duration_ms >= 0),
  summary      text NOT NULL
);
CREATE INDEX backup_run_kind_finished ON backup_run (kind, finished_at DESC);

REVOKE ALL ON backup_schedule, backup_run FROM aidgrid_app;
