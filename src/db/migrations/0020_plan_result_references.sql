-- Plan results reference live rows through set-based checks instead of per-row foreign keys.
-- Frozen once landed.
--
-- Storing one L-size run writes ~55,000 result rows (plan_allocation, plan_need_result,
-- plan_lot_result). Their 13 foreign keys fired ~220,000 per-row RI triggers — most of the store
-- stage (bench/results/plans-db.md). The same rules are kept, one statement each:
--   * a result row's run, need, pledge, production line, item, region and organisation exist when
--     it is written, and are locked FOR KEY SHARE until commit (as a foreign key locks them), checked
--     once per INSERT/UPDATE statement over its transition table;
--   * deleting a run, need, pledge or production line deletes its result rows (ON DELETE CASCADE),
--     once per DELETE statement;
--   * deleting an item, region or organisation that results still name is refused with SQLSTATE
--     23503 (foreign_key_violation), as before, at the end of the statement.
-- Keys are never updated (ids are immutable), so an UPDATE of a referenced id is not watched.
-- The functions run as the tables' owner (as foreign-key triggers do): row-level security does not
-- hide a referenced row from the check.

ALTER TABLE plan_allocation
  DROP CONSTRAINT plan_allocation_run_id_fkey,
  DROP CONSTRAINT plan_allocation_pledge_id_fkey,
  DROP CONSTRAINT plan_allocation_need_id_fkey,
  DROP CONSTRAINT plan_allocation_item_id_fkey;
ALTER TABLE plan_need_result
  DROP CONSTRAINT plan_need_result_run_id_fkey,
  DROP CONSTRAINT plan_need_result_need_id_fkey,
  DROP CONSTRAINT plan_need_result_item_id_fkey,
  DROP CONSTRAINT plan_need_result_region_id_fkey,
  DROP CONSTRAINT plan_need_result_recipient_org_id_fkey;
ALTER TABLE plan_lot_result
  DROP CONSTRAINT plan_lot_result_run_id_fkey,
  DROP CONSTRAINT plan_lot_result_pledge_id_fkey,
  DROP CONSTRAINT plan_lot_result_production_line_id_fkey,
  DROP CONSTRAINT plan_lot_result_item_id_fkey;

-- Cascades and refusals look result rows up by what they reference.
CREATE INDEX plan_allocation_need_ref_idx ON plan_allocation (need_id) WHERE need_id IS NOT NULL;
CREATE INDEX plan_allocation_pledge_ref_idx ON plan_allocation (pledge_id) WHERE pledge_id IS NOT NULL;
CREATE INDEX plan_need_result_need_ref_idx ON plan_need_result (need_id) WHERE need_id IS NOT NULL;
CREATE INDEX plan_lot_result_pledge_ref_idx ON plan_lot_result (pledge_id) WHERE pledge_id IS NOT NULL;

-- Locks the rows of `parent` whose id is among `ids` (FOR KEY SHARE) and refuses the statement
-- when one is missing. `ids` may hold NULLs and repeats.
CREATE FUNCTION aidgrid_plan_reference_check(child text, child_column text, parent text, ids uuid[])
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  wanted uuid[];
  found integer;
  missing uuid;
BEGIN
  SELECT coalesce(array_agg(DISTINCT id), '{}') INTO wanted FROM unnest(ids) AS u (id) WHERE id IS NOT NULL;
  IF cardinality(wanted) = 0 THEN
    RETURN;
  END IF;
  EXECUTE format('SELECT count(*) FROM (SELECT 1 FROM %I t WHERE t.id = ANY ($1) FOR KEY SHARE OF t) AS locked', parent)
    INTO found USING wanted;
  IF found < cardinality(wanted) THEN
    EXECUTE format('SELECT u.id FROM unnest($1) AS u (id) WHERE NOT EXISTS (SELECT 1 FROM %I t WHERE t.id = u.id) LIMIT 1', parent)
      INTO missing USING wanted;
    RAISE EXCEPTION 'insert or update on table "%" violates foreign key constraint "%_%_fkey"', child, child, child_column
      USING ERRCODE = 'foreign_key_violation',
            DETAIL = format('Key (%s)=(%s) is not present in table "%s".', child_column, missing, parent),
            TABLE = child,
            CONSTRAINT = format('%s_%s_fkey', child, child_column);
  END IF;
END
$$;

CREATE FUNCTION aidgrid_plan_allocation_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM aidgrid_plan_reference_check('plan_allocation', 'run_id', 'plan_run', (SELECT array_agg(DISTINCT run_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_allocation', 'pledge_id', 'pledge', (SELECT array_agg(DISTINCT pledge_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_allocation', 'need_id', 'need', (SELECT array_agg(DISTINCT need_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_allocation', 'item_id', 'item', (SELECT array_agg(DISTINCT item_id) FROM new_rows));
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_plan_need_result_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM aidgrid_plan_reference_check('plan_need_result', 'run_id', 'plan_run', (SELECT array_agg(DISTINCT run_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_need_result', 'need_id', 'need', (SELECT array_agg(DISTINCT need_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_need_result', 'item_id', 'item', (SELECT array_agg(DISTINCT item_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_need_result', 'region_id', 'region', (SELECT array_agg(DISTINCT region_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_need_result', 'recipient_org_id', 'organisation', (SELECT array_agg(DISTINCT recipient_org_id) FROM new_rows));
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_plan_lot_result_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM aidgrid_plan_reference_check('plan_lot_result', 'run_id', 'plan_run', (SELECT array_agg(DISTINCT run_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_lot_result', 'pledge_id', 'pledge', (SELECT array_agg(DISTINCT pledge_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_lot_result', 'production_line_id', 'production_line', (SELECT array_agg(DISTINCT production_line_id) FROM new_rows));
  PERFORM aidgrid_plan_reference_check('plan_lot_result', 'item_id', 'item', (SELECT array_agg(DISTINCT item_id) FROM new_rows));
  RETURN NULL;
END
$$;

CREATE TRIGGER plan_allocation_references_insert AFTER INSERT ON plan_allocation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_allocation_references();
CREATE TRIGGER plan_allocation_references_update AFTER UPDATE ON plan_allocation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_allocation_references();
CREATE TRIGGER plan_need_result_references_insert AFTER INSERT ON plan_need_result
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_need_result_references();
CREATE TRIGGER plan_need_result_references_update AFTER UPDATE ON plan_need_result
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_need_result_references();
CREATE TRIGGER plan_lot_result_references_insert AFTER INSERT ON plan_lot_result
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_lot_result_references();
CREATE TRIGGER plan_lot_result_references_update AFTER UPDATE ON plan_lot_result
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_lot_result_references();

-- ON DELETE CASCADE, once per statement.
CREATE FUNCTION aidgrid_plan_results_cascade() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(id) INTO ids FROM old_rows;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  IF TG_TABLE_NAME = 'plan_run' THEN
    DELETE FROM plan_allocation WHERE run_id = ANY (ids);
    DELETE FROM plan_need_result WHERE run_id = ANY (ids);
    DELETE FROM plan_lot_result WHERE run_id = ANY (ids);
  ELSIF TG_TABLE_NAME = 'need' THEN
    DELETE FROM plan_allocation WHERE need_id = ANY (ids);
    DELETE FROM plan_need_result WHERE need_id = ANY (ids);
  ELSIF TG_TABLE_NAME = 'pledge' THEN
    DELETE FROM plan_allocation WHERE pledge_id = ANY (ids);
    DELETE FROM plan_lot_result WHERE pledge_id = ANY (ids);
  ELSIF TG_TABLE_NAME = 'production_line' THEN
    DELETE FROM plan_lot_result WHERE production_line_id = ANY (ids);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER plan_results_cascade AFTER DELETE ON plan_run
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_results_cascade();
CREATE TRIGGER plan_results_cascade AFTER DELETE ON need
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_results_cascade();
CREATE TRIGGER plan_results_cascade AFTER DELETE ON pledge
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_results_cascade();
CREATE TRIGGER plan_results_cascade AFTER DELETE ON production_line
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_results_cascade();

-- ON DELETE NO ACTION for reference data that results name.
CREATE FUNCTION aidgrid_plan_results_restrict() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  ids uuid[];
  child text;
  child_column text;
  used uuid;
BEGIN
  SELECT array_agg(id) INTO ids FROM old_rows;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  FOR child, child_column IN
    SELECT * FROM (VALUES
      ('plan_allocation', 'item_id'), ('plan_need_result', 'item_id'), ('plan_lot_result', 'item_id'),
      ('plan_need_result', 'region_id'), ('plan_need_result', 'recipient_org_id')) AS v (t, c)
    WHERE (TG_TABLE_NAME = 'item' AND c = 'item_id') OR (TG_TABLE_NAME = 'region' AND c = 'region_id')
       OR (TG_TABLE_NAME = 'organisation' AND c = 'recipient_org_id')
  LOOP
    EXECUTE format('SELECT %I FROM %I WHERE %I = ANY ($1) LIMIT 1', child_column, child, child_column)
      INTO used USING ids;
    IF used IS NOT NULL THEN
      RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "%_%_fkey" on table "%"',
          TG_TABLE_NAME, child, child_column, child
        USING ERRCODE = 'foreign_key_violation',
              DETAIL = format('Key (id)=(%s) is still referenced from table "%s".', used, child),
              TABLE = child,
              CONSTRAINT = format('%s_%s_fkey', child, child_column);
    END IF;
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER plan_results_restrict AFTER DELETE ON item
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_results_restrict();
CREATE TRIGGER plan_results_restrict AFTER DELETE ON region
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_results_restrict();
CREATE TRIGGER plan_results_restrict AFTER DELETE ON organisation
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_plan_results_restrict();
