-- Imports of needs and pledges from files (issue 14, docs/import.md). Frozen once landed.
--
-- One import_run per file imported. Its rows are first copied (COPY) into a staging table of their
-- own, import_stage_<id without dashes>, UNLOGGED and dropped when the import ends; validation,
-- name resolution and the writes are set-based SQL from there (src/db/repositories/import.repository.ts).
CREATE TABLE import_run (
  id              uuid PRIMARY KEY,
  entity          text NOT NULL CHECK (entity IN ('pledge', 'need')),
  format          text NOT NULL CHECK (format IN ('csv', 'hxl', 'tracker', 'xlsx', 'iati')),
  file_name       text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 500),
  file_sha256     text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
  file_bytes      bigint CHECK (file_bytes >= 0),
  -- 'utf-8', 'utf-8 (BOM)', 'windows-1252': as detected, and reported.
  encoding        text,
  -- all_or_nothing: one invalid row and nothing is written; skip_invalid: the valid rows are written.
  mode            text NOT NULL CHECK (mode IN ('all_or_nothing', 'skip_invalid')),
  -- staging → checked (a dry run: counted and checked, nothing written) → applying → applied; failed (nothing written: invalid
  -- rows under all_or_nothing, or an error); interrupted (the process died: nothing was written).
  status          text NOT NULL CHECK (status IN ('staging', 'checked', 'applying', 'applied', 'failed', 'interrupted')),
  rows_total      bigint NOT NULL DEFAULT 0 CHECK (rows_total >= 0),
  rows_done       bigint NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
  -- {"created": n, "updated": n, "unchanged": n, "rejected": n}
  counts          jsonb,
  -- The first 100 problems: [{row, column, value, reason}]; problem_count: all of them.
  problems        jsonb CHECK (problems IS NULL OR jsonb_typeof(problems) = 'array'),
  problem_count   bigint NOT NULL DEFAULT 0,
  mapping         jsonb,
  source_id       uuid REFERENCES source (id),
  error           text,
  -- The process staging or applying it, and the session-level advisory lock it holds while it lives
  -- (as plan runs, migration 0014): a free key means that process died.
  runner          text,
  runner_key      bigint,
  -- Who imports: what they may create is what they could create one by one.
  actor           text NOT NULL,
  actor_org_id    uuid REFERENCES organisation (id),
  actor_role      text,
  actor_clearance classification NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  applied_at      timestamptz
);
CREATE INDEX import_run_status_idx ON import_run (status) WHERE status IN ('staging', 'applying');
CREATE INDEX import_run_org_idx ON import_run (actor_org_id, created_at);

-- A record's id in the file it was imported from (tracker row id, IATI identifier + transaction
-- ref, or a hash of the key columns): importing the file again updates it and never duplicates it.
-- Unique per owner organisation: two organisations' files may use the same row numbers. import_id:
-- the import that last wrote it (no foreign key: a check per row of a million-row import).
ALTER TABLE pledge
  ADD COLUMN external_id text CHECK (length(external_id) BETWEEN 1 AND 300),
  ADD COLUMN import_id uuid;
CREATE UNIQUE INDEX pledge_external_id_key ON pledge (owner_org_id, external_id) WHERE external_id IS NOT NULL;

ALTER TABLE need
  ADD COLUMN external_id text CHECK (length(external_id) BETWEEN 1 AND 300),
  ADD COLUMN import_id uuid;
CREATE UNIQUE INDEX need_external_id_key ON need (owner_org_id, external_id) WHERE external_id IS NOT NULL;
