-- Plan results (issue 18): a run's input snapshot and each need's explanation are written once
-- and only ever read back whole, never searched by key. Stored as json — checked and kept as the
-- planner wrote it — rather than jsonb, which parses every document into a tree on the way in.
-- Measured on PostgreSQL 15 with 20,000 explanations like L's (21 MB): COPY into jsonb 290 ms,
-- into json 165–205 ms; at L a run also stores a 4 MB snapshot (bench/results/plans-db.md).
ALTER TABLE plan_need_result DROP CONSTRAINT plan_need_result_explanation_check;
ALTER TABLE plan_need_result ALTER COLUMN explanation TYPE json USING explanation::json;
ALTER TABLE plan_need_result
  ADD CONSTRAINT plan_need_result_explanation_check CHECK (json_typeof(explanation) = 'object');

ALTER TABLE plan_run DROP CONSTRAINT plan_run_snapshot_check;
ALTER TABLE plan_run ALTER COLUMN snapshot TYPE json USING snapshot::json;
ALTER TABLE plan_run
  ADD CONSTRAINT plan_run_snapshot_check CHECK (snapshot IS NULL OR json_typeof(snapshot) = 'object');
