-- Plan runs as durable jobs, plan runs classified by what they read, and needs that say until when
-- they are useful. Frozen once landed. The job queue itself (graphile-worker) keeps its own schema,
-- graphile_worker, migrated by the library (src/db/plan-queue.ts) after these migrations.

-- A need stays a need after its due date until useful_until (winter equipment after winter); NULL:
-- useful for as long as the plan looks ahead (docs/planner-model.md, model v2).
ALTER TABLE need ADD COLUMN useful_until date;
ALTER TABLE need ADD CONSTRAINT need_useful_after_due CHECK (useful_until IS NULL OR useful_until >= needed_by);

-- interrupted: the process running it died and the run was not (or could no longer be) resumed.
ALTER TABLE plan_run DROP CONSTRAINT plan_run_status_check;
ALTER TABLE plan_run ADD CONSTRAINT plan_run_status_check
  CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'));

-- runner: the process running it (host, pid, worker) for people; runner_key: the session-level
-- advisory lock that process holds while it lives, so any other process can tell it has died.
-- attempts: how many processes have started it.
ALTER TABLE plan_run ADD COLUMN runner text;
ALTER TABLE plan_run ADD COLUMN runner_key bigint;
ALTER TABLE plan_run ADD COLUMN attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0);

-- What donors should send next (src/planning/send-next.ts), per item: unmet and late by priority in
-- the item's unit, EUR values, what one more lot in week w would change; ranked by critical unmet EUR.
ALTER TABLE plan_run ADD COLUMN send_next jsonb CHECK (send_next IS NULL OR jsonb_typeof(send_next) = 'array');

-- Who may read a run: classification is the highest (effective) classification of every input row;
-- readers_coalition / readers_restricted are the organisations that are owner or party of every
-- input row classified coalition or above / restricted (NULL: there is no such row). A reader sees
-- the run only if they may see every row it used: for each level above their clearance, their
-- organisation is one of the organisations that see every row of that level by ownership.
ALTER TABLE plan_run ADD COLUMN readers_coalition uuid[];
ALTER TABLE plan_run ADD COLUMN readers_restricted uuid[];

-- Existing runs: their inputs are the needs and lots their results name.
WITH inputs AS (
  SELECT r.run_id, 'need:' || n.id AS row_key,
         aidgrid_effective_classification(n.classification, n.embargo_until) AS cls,
         ARRAY[n.owner_org_id, n.recipient_org_id] AS orgs
    FROM plan_need_result r JOIN need n ON n.id = r.need_id
  UNION ALL
  SELECT l.run_id, 'pledge:' || p.id,
         aidgrid_effective_classification(p.classification, p.embargo_until),
         ARRAY[p.owner_org_id, p.donor_org_id, p.recipient_org_id]
    FROM plan_lot_result l JOIN pledge p ON p.id = l.pledge_id
  UNION ALL
  SELECT l.run_id, 'line:' || pl.id,
         aidgrid_effective_classification(pl.classification, pl.embargo_until),
         ARRAY[pl.owner_org_id]
    FROM plan_lot_result l JOIN production_line pl ON pl.id = l.production_line_id
),
levels AS (
  SELECT run_id, max(cls) AS cls,
         count(DISTINCT row_key) FILTER (WHERE cls >= 'coalition') AS above_public,
         count(DISTINCT row_key) FILTER (WHERE cls >= 'restricted') AS above_coalition
    FROM inputs GROUP BY run_id
),
org_rows AS (
  SELECT DISTINCT i.run_id, i.row_key, i.cls, o.org
    FROM inputs i CROSS JOIN LATERAL unnest(i.orgs) AS o (org)
   WHERE o.org IS NOT NULL
),
readers AS (
  SELECT l.run_id, l.cls,
         CASE WHEN l.above_public = 0 THEN NULL ELSE ARRAY(
           SELECT o.org FROM org_rows o WHERE o.run_id = l.run_id AND o.cls >= 'coalition'
            GROUP BY o.org HAVING count(*) = l.above_public ORDER BY o.org) END AS coalition,
         CASE WHEN l.above_coalition = 0 THEN NULL ELSE ARRAY(
           SELECT o.org FROM org_rows o WHERE o.run_id = l.run_id AND o.cls >= 'restricted'
            GROUP BY o.org HAVING count(*) = l.above_coalition ORDER BY o.org) END AS restricted
    FROM levels l
)
UPDATE plan_run SET classification = GREATEST(plan_run.classification, readers.cls),
       readers_coalition = readers.coalition, readers_restricted = readers.restricted
  FROM readers WHERE readers.run_id = plan_run.id;

-- Runs of a process that had no job queue cannot be resumed by anyone.
UPDATE plan_run SET status = 'interrupted', finished_at = now(), progress_note = 'interrupted',
       error = 'the process running it stopped before plan runs were durable jobs (migration 0014)'
 WHERE status IN ('queued', 'running');

CREATE FUNCTION aidgrid_plan_run_visible(readers_coalition uuid[], readers_restricted uuid[])
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT (aidgrid_reader_clearance() >= 'coalition' OR readers_coalition IS NULL
          OR COALESCE(aidgrid_reader_org() = ANY (readers_coalition), false))
     AND (aidgrid_reader_clearance() >= 'restricted' OR readers_restricted IS NULL
          OR COALESCE(aidgrid_reader_org() = ANY (readers_restricted), false))
$$;
GRANT EXECUTE ON FUNCTION aidgrid_plan_run_visible(uuid[], uuid[]) TO aidgrid_app;

-- Not the owner/party/clearance rule of records: the one above (the owner organisation of a run
-- does not see rows of other organisations above its clearance through it).
DROP POLICY visible ON plan_run;
CREATE POLICY visible ON plan_run FOR ALL TO aidgrid_app
  USING (aidgrid_plan_run_visible(readers_coalition, readers_restricted))
  WITH CHECK (aidgrid_plan_run_visible(readers_coalition, readers_restricted));
