-- Upkeep of a plan's accept: a statement of many allocations (docs/figures.md, "Aggregate cells").
-- Frozen once landed.
--
-- The refresh of migration 0019 called aidgrid_vis_id for every visibility tuple of every fact, one
-- look-up of aggregate_visibility each: accepting a plan of 24,767 allocations (three tuples each,
-- three distinct tuples in all) made 74,301 look-ups. The facts are now read first with their
-- tuples, each distinct tuple is looked up (or added) once, in tuple order (the same order for every
-- writer), and the facts take their ids from that map. Allocated facts, the ones written by the
-- ten thousand, skip the view: their tuples depend on 15 columns whose distinct values are few, so
-- tuples and ids are worked out once per distinct combination (building them took 0.8 s of the
-- refresh, five SQL function calls per fact). Everything else is the refresh of 0019.

CREATE OR REPLACE FUNCTION aidgrid_aggregate_refresh(
  item_ids uuid[] DEFAULT '{}',
  need_ids uuid[] DEFAULT '{}',
  need_self_ids uuid[] DEFAULT '{}',
  pledge_ids uuid[] DEFAULT '{}',
  committed_ids uuid[] DEFAULT '{}',
  allocation_ids uuid[] DEFAULT '{}',
  shipment_ids uuid[] DEFAULT '{}',
  line_ids uuid[] DEFAULT '{}',
  receipt_ids uuid[] DEFAULT '{}',
  receipt_line_ids uuid[] DEFAULT '{}'
) RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
-- One plan per session for the statements below (re-planning them at every call cost more than
-- running them), and that plan must find rows by their indexes: planned while a table is small (the
-- start of a bulk load), a generic plan would scan it whole at every later call as it grows.
SET plan_cache_mode = force_generic_plan SET enable_seqscan = off AS $$
DECLARE
  fresh_rows aggregate_fact[] := '{}';
  -- The facts as their views give them, visibility tuples not yet turned into ids.
  source_rows aggregate_fact_source[] := '{}';
  -- The id of each visibility tuple the facts carry, keyed by the tuple's text.
  vis_ids jsonb;
  -- The visibility ids of allocated facts ('{…}'), keyed by the text of the columns they depend on.
  allocated_vis jsonb;
  -- The writer's shard: 8 by default; the setting aidgrid.aggregate_shards changes it (1 = one row per key).
  shard_no smallint := (pg_backend_pid()
    % GREATEST(1, COALESCE(NULLIF(current_setting('aidgrid.aggregate_shards', true), '')::integer, 8)))::smallint;
BEGIN
  IF cardinality(item_ids) > 0 THEN
    need_ids := need_ids || ARRAY(SELECT id FROM need WHERE item_id = ANY (item_ids));
    pledge_ids := pledge_ids || ARRAY(SELECT id FROM pledge WHERE item_id = ANY (item_ids));
  END IF;
  IF cardinality(need_ids) > 0 OR cardinality(pledge_ids) > 0 THEN
    allocation_ids := allocation_ids || ARRAY(
      SELECT id FROM allocation WHERE need_id = ANY (need_ids)
      UNION SELECT id FROM allocation WHERE pledge_id = ANY (pledge_ids));
  END IF;
  IF cardinality(allocation_ids) > 0 THEN
    -- The parties of a shipment come from all its lines' pledges and needs: refresh whole shipments.
    shipment_ids := shipment_ids || ARRAY(
      SELECT DISTINCT shipment_id FROM shipment_line WHERE allocation_id = ANY (allocation_ids));
  END IF;
  IF cardinality(shipment_ids) > 0 THEN
    line_ids := line_ids || ARRAY(SELECT id FROM shipment_line WHERE shipment_id = ANY (shipment_ids));
    receipt_ids := receipt_ids || ARRAY(SELECT id FROM receipt WHERE shipment_id = ANY (shipment_ids));
  END IF;
  IF cardinality(line_ids) > 0 OR cardinality(receipt_ids) > 0 THEN
    receipt_line_ids := receipt_line_ids || ARRAY(
      SELECT id FROM receipt_line WHERE shipment_line_id = ANY (line_ids)
      UNION SELECT id FROM receipt_line WHERE receipt_id = ANY (receipt_ids));
  END IF;
  need_self_ids := need_self_ids || need_ids;
  committed_ids := committed_ids || pledge_ids;
  IF cardinality(need_self_ids) + cardinality(pledge_ids) + cardinality(committed_ids)
     + cardinality(allocation_ids) + cardinality(line_ids) + cardinality(receipt_line_ids) = 0 THEN
    RETURN;
  END IF;

  -- Lock the ledger rows first, so that a concurrent refresh of the same facts waits and then
  -- reads (with a new snapshot, below) what the other committed.
  PERFORM 1 FROM aggregate_fact f
   WHERE (f.kind = 'need' AND f.source_id = ANY (need_self_ids))
      OR (f.kind = 'pledged' AND f.source_id = ANY (pledge_ids))
      OR (f.kind = 'committed' AND f.source_id = ANY (committed_ids))
      OR (f.kind = 'allocated' AND f.source_id = ANY (allocation_ids))
      OR (f.kind = 'shipped' AND f.source_id = ANY (line_ids))
      OR (f.kind = 'delivered' AND f.source_id = ANY (receipt_line_ids))
   ORDER BY f.kind, f.source_id
   FOR UPDATE;

  -- Each kind's facts from its own view: small plans, quick to start at every call.
  IF cardinality(need_self_ids) > 0 THEN
    source_rows := source_rows || ARRAY(
      SELECT ROW(s.*)::aggregate_fact_source FROM aggregate_fact_need s WHERE s.source_id = ANY (need_self_ids));
  END IF;
  IF cardinality(pledge_ids) > 0 THEN
    source_rows := source_rows || ARRAY(
      SELECT ROW(s.*)::aggregate_fact_source FROM aggregate_fact_pledged s WHERE s.source_id = ANY (pledge_ids));
  END IF;
  IF cardinality(committed_ids) > 0 THEN
    source_rows := source_rows || ARRAY(
      SELECT ROW(s.*)::aggregate_fact_source FROM aggregate_fact_committed s WHERE s.source_id = ANY (committed_ids));
  END IF;
  IF cardinality(line_ids) > 0 THEN
    source_rows := source_rows || ARRAY(
      SELECT ROW(s.*)::aggregate_fact_source FROM aggregate_fact_shipped s WHERE s.source_id = ANY (line_ids));
  END IF;
  IF cardinality(receipt_line_ids) > 0 THEN
    source_rows := source_rows || ARRAY(
      SELECT ROW(s.*)::aggregate_fact_source FROM aggregate_fact_delivered s WHERE s.source_id = ANY (receipt_line_ids));
  END IF;

  -- Each distinct visibility tuple looked up (or added) once, in tuple order, then every fact's
  -- tuples turned into their sorted ids from that map: a statement of 25,000 allocations carries
  -- 75,000 tuples but only a handful of distinct ones.
  vis_ids := (
    SELECT jsonb_object_agg(d.t::text, aidgrid_vis_id(d.t))
    FROM (SELECT DISTINCT t FROM unnest(source_rows) AS s CROSS JOIN LATERAL unnest(s.vis) AS t ORDER BY t) d);
  fresh_rows := ARRAY(
    SELECT ROW(s.kind, s.source_id, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week,
               ARRAY(SELECT (vis_ids ->> t::text)::integer FROM unnest(s.vis) AS t ORDER BY 1),
               s.quantity, s.eur, s.count, s.unvalued)::aggregate_fact
    FROM unnest(source_rows) AS s);

  -- Allocated facts, the many (a plan's accept writes tens of thousands in one statement): those of
  -- aggregate_fact_allocated, whose visibility depends on 15 columns of the allocation, its pledge,
  -- need and item that few distinct values share. The tuples and their ids are worked out once per
  -- distinct combination, and each fact finds its ids by its combination's text. (Verify recomputes
  -- every fact from the view: the two must agree.)
  IF cardinality(allocation_ids) > 0 THEN
    allocated_vis := (
      SELECT jsonb_object_agg(
               ROW(d.a_cls, d.a_emb, d.a_own, d.p_donor, d.p_rcpt, d.n_rcpt, d.p_cls, d.p_emb, d.p_own,
                   d.n_cls, d.n_emb, d.n_own, d.i_cls, d.i_emb, d.i_own)::text,
               ARRAY(SELECT aidgrid_vis_id(t) FROM unnest(aidgrid_vis_set(ARRAY[
                 aidgrid_vis_of(d.a_cls, d.a_emb, d.a_own, ARRAY[d.p_donor, d.p_rcpt, d.n_rcpt]),
                 aidgrid_vis_of(d.p_cls, d.p_emb, d.p_own, ARRAY[d.p_donor, d.p_rcpt]),
                 aidgrid_vis_of(d.n_cls, d.n_emb, d.n_own, ARRAY[d.n_rcpt]),
                 aidgrid_vis_of(d.i_cls, d.i_emb, d.i_own, '{}')])) AS t ORDER BY 1)::text)
      FROM (
        SELECT DISTINCT a.classification AS a_cls, a.embargo_until AS a_emb, a.owner_org_id AS a_own,
               p.donor_org_id AS p_donor, p.recipient_org_id AS p_rcpt, n.recipient_org_id AS n_rcpt,
               p.classification AS p_cls, p.embargo_until AS p_emb, p.owner_org_id AS p_own,
               n.classification AS n_cls, n.embargo_until AS n_emb, n.owner_org_id AS n_own,
               i.classification AS i_cls, i.embargo_until AS i_emb, i.owner_org_id AS i_own
        FROM allocation a
        JOIN pledge p ON p.id = a.pledge_id
        JOIN need n ON n.id = a.need_id
        JOIN item i ON i.id = p.item_id
        WHERE a.id = ANY (allocation_ids) AND a.status = 'accepted' AND p.status NOT IN ('cancelled', 'expired')
        ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
      ) d);
    fresh_rows := fresh_rows || ARRAY(
      SELECT ROW('allocated', a.id, p.item_id, n.region_id, p.donor_org_id, p.event_id, NULL::date,
                 (allocated_vis ->> ROW(a.classification, a.embargo_until, a.owner_org_id, p.donor_org_id,
                                        p.recipient_org_id, n.recipient_org_id, p.classification, p.embargo_until,
                                        p.owner_org_id, n.classification, n.embargo_until, n.owner_org_id,
                                        i.classification, i.embargo_until, i.owner_org_id)::text)::integer[],
                 a.quantity, COALESCE(a.quantity * (COALESCE(p.value_eur, p.price_list_eur) / p.quantity), 0),
                 1, 0)::aggregate_fact
      FROM allocation a
      JOIN pledge p ON p.id = a.pledge_id
      JOIN need n ON n.id = a.need_id
      JOIN item i ON i.id = p.item_id
      WHERE a.id = ANY (allocation_ids) AND a.status = 'accepted' AND p.status NOT IN ('cancelled', 'expired'));
  END IF;

  WITH fresh AS MATERIALIZED (
    SELECT * FROM unnest(fresh_rows)
  ),
  old AS MATERIALIZED (
    SELECT f.* FROM aggregate_fact f
     WHERE (f.kind = 'need' AND f.source_id = ANY (need_self_ids))
        OR (f.kind = 'pledged' AND f.source_id = ANY (pledge_ids))
        OR (f.kind = 'committed' AND f.source_id = ANY (committed_ids))
        OR (f.kind = 'allocated' AND f.source_id = ANY (allocation_ids))
        OR (f.kind = 'shipped' AND f.source_id = ANY (line_ids))
        OR (f.kind = 'delivered' AND f.source_id = ANY (receipt_line_ids))
  ),
  upserted AS (
    INSERT INTO aggregate_fact AS f
    SELECT DISTINCT ON (kind, source_id) * FROM fresh ORDER BY kind, source_id
    ON CONFLICT (kind, source_id) DO UPDATE
      SET item_id = excluded.item_id, region_id = excluded.region_id, donor_org_id = excluded.donor_org_id,
          event_id = excluded.event_id, week = excluded.week, vis = excluded.vis,
          quantity = excluded.quantity, eur = excluded.eur, count = excluded.count, unvalued = excluded.unvalued
      WHERE (f.item_id, f.region_id, f.donor_org_id, f.event_id, f.week, f.vis, f.quantity, f.eur, f.count, f.unvalued)
            IS DISTINCT FROM
            (excluded.item_id, excluded.region_id, excluded.donor_org_id, excluded.event_id, excluded.week,
             excluded.vis, excluded.quantity, excluded.eur, excluded.count, excluded.unvalued)
  ),
  removed AS (
    DELETE FROM aggregate_fact f USING old o
     WHERE f.kind = o.kind AND f.source_id = o.source_id
       AND NOT EXISTS (SELECT 1 FROM fresh x WHERE x.kind = o.kind AND x.source_id = o.source_id)
  ),
  delta AS (
    SELECT kind, item_id, region_id, donor_org_id, event_id, week, vis,
           sum(quantity) AS quantity, sum(eur) AS eur, sum(count) AS count, sum(unvalued) AS unvalued
    FROM (
      SELECT DISTINCT ON (kind, source_id) kind, source_id, item_id, region_id, donor_org_id, event_id, week, vis,
             quantity, eur, count, unvalued
      FROM fresh ORDER BY kind, source_id
    ) n
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    UNION ALL
    SELECT kind, item_id, region_id, donor_org_id, event_id, week, vis,
           -sum(quantity), -sum(eur), -sum(count), -sum(unvalued)
    FROM old
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  ),
  net AS (
    SELECT kind, item_id, region_id, donor_org_id, event_id, week, vis,
           sum(quantity) AS quantity, sum(eur) AS eur, sum(count) AS count, sum(unvalued) AS unvalued
    FROM delta
    GROUP BY 1, 2, 3, 4, 5, 6, 7
    HAVING sum(quantity) <> 0 OR sum(eur) <> 0 OR sum(count) <> 0 OR sum(unvalued) <> 0
  )
  INSERT INTO aggregate_cell AS c (kind, item_id, region_id, donor_org_id, event_id, week, vis, shard,
                                   quantity, eur, count, unvalued)
  SELECT kind, item_id, region_id, donor_org_id, event_id, week, vis, shard_no, quantity, eur, count, unvalued
  FROM net
  ORDER BY kind, item_id, region_id, donor_org_id, event_id, week, vis
  ON CONFLICT ON CONSTRAINT aggregate_cell_key DO UPDATE
    SET quantity = c.quantity + excluded.quantity, eur = c.eur + excluded.eur,
        count = c.count + excluded.count, unvalued = c.unvalued + excluded.unvalued;
END
$$;

-- Allocation references, set-based, as migration 0020 made those of the plan results: the three
-- foreign keys of allocation fired 74,301 row triggers (about 0.3 s) for the L accept. The rules
-- stay, one statement each:
--   * an allocation's pledge, need and owner organisation exist when it is written (or when an
--     update changes one of them), and are locked FOR KEY SHARE until commit, as a foreign key locks
--     them; a missing one fails the statement with the foreign key's error (SQLSTATE 23503,
--     constraint allocation_<column>_fkey, 'Key (…)=(…) is not present in table …');
--   * deleting a pledge, need or organisation that an allocation names is refused at the end of the
--     statement with SQLSTATE 23503 ('… is still referenced from table "allocation"'), as before.
-- Ids never change once written, so an update of a referenced record's id is not watched. As for the
-- plan results since 0020, TRUNCATE … CASCADE of a pledge, need or organisation no longer reaches
-- allocation (nothing but tests truncates these tables; name allocation too).
ALTER TABLE allocation
  DROP CONSTRAINT allocation_pledge_id_fkey,
  DROP CONSTRAINT allocation_need_id_fkey,
  DROP CONSTRAINT allocation_owner_org_id_fkey;

CREATE FUNCTION aidgrid_allocation_references() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM aidgrid_plan_reference_check('allocation', 'pledge_id', 'pledge', (SELECT array_agg(DISTINCT pledge_id) FROM new_rows));
    PERFORM aidgrid_plan_reference_check('allocation', 'need_id', 'need', (SELECT array_agg(DISTINCT need_id) FROM new_rows));
    PERFORM aidgrid_plan_reference_check('allocation', 'owner_org_id', 'organisation', (SELECT array_agg(DISTINCT owner_org_id) FROM new_rows));
  ELSE
    -- As a foreign key does: only rows whose reference changed are checked.
    PERFORM aidgrid_plan_reference_check('allocation', 'pledge_id', 'pledge', (
      SELECT array_agg(DISTINCT n.pledge_id) FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.pledge_id IS DISTINCT FROM o.pledge_id));
    PERFORM aidgrid_plan_reference_check('allocation', 'need_id', 'need', (
      SELECT array_agg(DISTINCT n.need_id) FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.need_id IS DISTINCT FROM o.need_id));
    PERFORM aidgrid_plan_reference_check('allocation', 'owner_org_id', 'organisation', (
      SELECT array_agg(DISTINCT n.owner_org_id) FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE n.owner_org_id IS DISTINCT FROM o.owner_org_id));
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER allocation_references_insert AFTER INSERT ON allocation
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_allocation_references();
CREATE TRIGGER allocation_references_update AFTER UPDATE ON allocation
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_allocation_references();

-- ON DELETE NO ACTION: a pledge, need or organisation an allocation names stays.
CREATE FUNCTION aidgrid_allocation_restrict() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  ids uuid[];
  child_column text := CASE TG_TABLE_NAME WHEN 'pledge' THEN 'pledge_id' WHEN 'need' THEN 'need_id'
                                          ELSE 'owner_org_id' END;
  used uuid;
BEGIN
  SELECT array_agg(id) INTO ids FROM old_rows;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  EXECUTE format('SELECT %I FROM allocation WHERE %I = ANY ($1) LIMIT 1', child_column, child_column)
    INTO used USING ids;
  IF used IS NOT NULL THEN
    RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "allocation_%_fkey" on table "allocation"',
        TG_TABLE_NAME, child_column
      USING ERRCODE = 'foreign_key_violation',
            DETAIL = format('Key (id)=(%s) is still referenced from table "allocation".', used),
            TABLE = 'allocation',
            CONSTRAINT = format('allocation_%s_fkey', child_column);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER allocation_restrict AFTER DELETE ON pledge
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_allocation_restrict();
CREATE TRIGGER allocation_restrict AFTER DELETE ON need
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_allocation_restrict();
CREATE TRIGGER allocation_restrict AFTER DELETE ON organisation
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_allocation_restrict();
