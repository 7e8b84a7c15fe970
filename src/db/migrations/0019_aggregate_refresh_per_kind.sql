-- Aggregate cells, cheaper upkeep (docs/figures.md, "Aggregate cells"). Frozen once landed.
--
-- The refresh of migration 0018 read every fact kind through one view of six branches, six times
-- over: a plan of some 200 relations that PostgreSQL had to start at every call (about 10 ms per
-- written row, of which 1.5 ms ran the queries). Each kind now has its own view, read only when the
-- statement touched facts of that kind; aggregate_fact_source (rebuild, verify) is their union.
-- Its one generic plan per session now always reads by index (enable_seqscan off in the function).

CREATE VIEW aggregate_fact_need (kind, source_id, item_id, region_id, donor_org_id, event_id, week, vis, quantity, eur, count, unvalued) AS
SELECT 'need'::text AS kind, n.id AS source_id, n.item_id, n.region_id, NULL::uuid AS donor_org_id,
       NULL::uuid AS event_id, date_trunc('week', n.needed_by)::date AS week,
       aidgrid_vis_set(ARRAY[
         aidgrid_vis_of(n.classification, n.embargo_until, n.owner_org_id, ARRAY[n.recipient_org_id]),
         aidgrid_vis_of(i.classification, i.embargo_until, i.owner_org_id, '{}')]) AS vis,
       n.quantity::numeric AS quantity,
       COALESCE(n.quantity * u.unit_eur, 0)::numeric AS eur,
       1 AS count, (u.unit_eur IS NULL)::integer AS unvalued
FROM need n
JOIN item i ON i.id = n.item_id
CROSS JOIN LATERAL (
  SELECT i.reference_price_amount
         * CASE WHEN i.reference_price_currency = 'EUR' THEN 1
                ELSE (SELECT fx.eur_per_unit FROM fx_rate fx
                      WHERE fx.currency = i.reference_price_currency AND fx.rate_on <= n.needed_by
                      ORDER BY fx.rate_on DESC LIMIT 1) END AS unit_eur
) u
WHERE n.status <> 'cancelled';
CREATE VIEW aggregate_fact_pledged (kind, source_id, item_id, region_id, donor_org_id, event_id, week, vis, quantity, eur, count, unvalued) AS
SELECT 'pledged', p.id, p.item_id, NULL::uuid, p.donor_org_id, p.event_id, date_trunc('week', p.announced_on)::date,
       aidgrid_vis_set(ARRAY[
         aidgrid_vis_of(p.classification, p.embargo_until, p.owner_org_id, ARRAY[p.donor_org_id, p.recipient_org_id]),
         aidgrid_vis_of(i.classification, i.embargo_until, i.owner_org_id, '{}')]),
       p.quantity, COALESCE(p.quantity * (COALESCE(p.value_eur, p.price_list_eur) / p.quantity), 0),
       1, (COALESCE(p.value_eur, p.price_list_eur) IS NULL)::integer
FROM pledge p JOIN item i ON i.id = p.item_id
WHERE p.status NOT IN ('cancelled', 'expired');
CREATE VIEW aggregate_fact_committed (kind, source_id, item_id, region_id, donor_org_id, event_id, week, vis, quantity, eur, count, unvalued) AS
SELECT 'committed', p.id, p.item_id, NULL::uuid, p.donor_org_id, p.event_id,
       date_trunc('week', COALESCE(
         (SELECT min(COALESCE(t.effective_on, (t.at AT TIME ZONE 'UTC')::date)) FROM pledge_transition t
          WHERE t.pledge_id = p.id AND t.action = 'commit'),
         p.announced_on))::date,
       aidgrid_vis_set(ARRAY[
         aidgrid_vis_of(p.classification, p.embargo_until, p.owner_org_id, ARRAY[p.donor_org_id, p.recipient_org_id]),
         aidgrid_vis_of(i.classification, i.embargo_until, i.owner_org_id, '{}')]),
       p.committed_quantity, COALESCE(p.committed_quantity * (COALESCE(p.value_eur, p.price_list_eur) / p.quantity), 0),
       0, 0
FROM pledge p JOIN item i ON i.id = p.item_id
WHERE p.status NOT IN ('cancelled', 'expired') AND p.committed_quantity > 0;
CREATE VIEW aggregate_fact_allocated (kind, source_id, item_id, region_id, donor_org_id, event_id, week, vis, quantity, eur, count, unvalued) AS
SELECT 'allocated', a.id, p.item_id, n.region_id, p.donor_org_id, p.event_id, NULL::date,
       aidgrid_vis_set(ARRAY[
         aidgrid_vis_of(a.classification, a.embargo_until, a.owner_org_id,
                        ARRAY[p.donor_org_id, p.recipient_org_id, n.recipient_org_id]),
         aidgrid_vis_of(p.classification, p.embargo_until, p.owner_org_id, ARRAY[p.donor_org_id, p.recipient_org_id]),
         aidgrid_vis_of(n.classification, n.embargo_until, n.owner_org_id, ARRAY[n.recipient_org_id]),
         aidgrid_vis_of(i.classification, i.embargo_until, i.owner_org_id, '{}')]),
       a.quantity, COALESCE(a.quantity * (COALESCE(p.value_eur, p.price_list_eur) / p.quantity), 0),
       1, 0
FROM allocation a
JOIN pledge p ON p.id = a.pledge_id
JOIN need n ON n.id = a.need_id
JOIN item i ON i.id = p.item_id
WHERE a.status = 'accepted' AND p.status NOT IN ('cancelled', 'expired');
CREATE VIEW aggregate_fact_shipped (kind, source_id, item_id, region_id, donor_org_id, event_id, week, vis, quantity, eur, count, unvalued) AS
SELECT 'shipped', sl.id, p.item_id, n.region_id, p.donor_org_id, p.event_id, NULL::date,
       aidgrid_vis_set(ARRAY[
         aidgrid_vis_of(s.classification, s.embargo_until, s.owner_org_id, aidgrid_shipment_parties(s.id)),
         aidgrid_vis_of(a.classification, a.embargo_until, a.owner_org_id,
                        ARRAY[p.donor_org_id, p.recipient_org_id, n.recipient_org_id]),
         aidgrid_vis_of(p.classification, p.embargo_until, p.owner_org_id, ARRAY[p.donor_org_id, p.recipient_org_id]),
         aidgrid_vis_of(n.classification, n.embargo_until, n.owner_org_id, ARRAY[n.recipient_org_id]),
         aidgrid_vis_of(i.classification, i.embargo_until, i.owner_org_id, '{}')]),
       q.shipped, COALESCE(q.shipped * (COALESCE(p.value_eur, p.price_list_eur) / p.quantity), 0),
       1, 0
FROM shipment_line sl
JOIN shipment s ON s.id = sl.shipment_id
JOIN allocation a ON a.id = sl.allocation_id
JOIN pledge p ON p.id = a.pledge_id
JOIN need n ON n.id = a.need_id
JOIN item i ON i.id = p.item_id
CROSS JOIN LATERAL (
  SELECT CASE s.status WHEN 'preparing' THEN 0 WHEN 'lost' THEN sl.received_quantity ELSE sl.quantity END::numeric
    AS shipped
) q
WHERE a.status = 'accepted' AND p.status NOT IN ('cancelled', 'expired');
CREATE VIEW aggregate_fact_delivered (kind, source_id, item_id, region_id, donor_org_id, event_id, week, vis, quantity, eur, count, unvalued) AS
SELECT 'delivered', rl.id, p.item_id, n.region_id, p.donor_org_id, p.event_id, date_trunc('week', r.received_on)::date,
       aidgrid_vis_set(ARRAY[
         aidgrid_vis_of(r.classification, r.embargo_until, r.owner_org_id,
                        aidgrid_receipt_parties(r.shipment_id, r.received_by_org_id)),
         aidgrid_vis_of(s.classification, s.embargo_until, s.owner_org_id, aidgrid_shipment_parties(s.id)),
         aidgrid_vis_of(a.classification, a.embargo_until, a.owner_org_id,
                        ARRAY[p.donor_org_id, p.recipient_org_id, n.recipient_org_id]),
         aidgrid_vis_of(p.classification, p.embargo_until, p.owner_org_id, ARRAY[p.donor_org_id, p.recipient_org_id]),
         aidgrid_vis_of(n.classification, n.embargo_until, n.owner_org_id, ARRAY[n.recipient_org_id]),
         aidgrid_vis_of(i.classification, i.embargo_until, i.owner_org_id, '{}')]),
       rl.quantity, COALESCE(rl.quantity * (COALESCE(p.value_eur, p.price_list_eur) / p.quantity), 0),
       1, 0
FROM receipt_line rl
JOIN receipt r ON r.id = rl.receipt_id
JOIN shipment_line sl ON sl.id = rl.shipment_line_id
JOIN shipment s ON s.id = sl.shipment_id
JOIN allocation a ON a.id = sl.allocation_id
JOIN pledge p ON p.id = a.pledge_id
JOIN need n ON n.id = a.need_id
JOIN item i ON i.id = p.item_id
WHERE a.status = 'accepted' AND p.status NOT IN ('cancelled', 'expired');

CREATE OR REPLACE VIEW aggregate_fact_source AS
SELECT * FROM aggregate_fact_need
UNION ALL SELECT * FROM aggregate_fact_pledged
UNION ALL SELECT * FROM aggregate_fact_committed
UNION ALL SELECT * FROM aggregate_fact_allocated
UNION ALL SELECT * FROM aggregate_fact_shipped
UNION ALL SELECT * FROM aggregate_fact_delivered;

REVOKE ALL ON aggregate_fact_need, aggregate_fact_pledged, aggregate_fact_committed, aggregate_fact_allocated,
  aggregate_fact_shipped, aggregate_fact_delivered FROM aidgrid_app;

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
    fresh_rows := fresh_rows || ARRAY(
      SELECT ROW(s.kind, s.source_id, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week,
                 ARRAY(SELECT aidgrid_vis_id(t) FROM unnest(s.vis) AS t ORDER BY 1),
                 s.quantity, s.eur, s.count, s.unvalued)::aggregate_fact
      FROM aggregate_fact_need s WHERE s.source_id = ANY (need_self_ids));
  END IF;
  IF cardinality(pledge_ids) > 0 THEN
    fresh_rows := fresh_rows || ARRAY(
      SELECT ROW(s.kind, s.source_id, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week,
                 ARRAY(SELECT aidgrid_vis_id(t) FROM unnest(s.vis) AS t ORDER BY 1),
                 s.quantity, s.eur, s.count, s.unvalued)::aggregate_fact
      FROM aggregate_fact_pledged s WHERE s.source_id = ANY (pledge_ids));
  END IF;
  IF cardinality(committed_ids) > 0 THEN
    fresh_rows := fresh_rows || ARRAY(
      SELECT ROW(s.kind, s.source_id, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week,
                 ARRAY(SELECT aidgrid_vis_id(t) FROM unnest(s.vis) AS t ORDER BY 1),
                 s.quantity, s.eur, s.count, s.unvalued)::aggregate_fact
      FROM aggregate_fact_committed s WHERE s.source_id = ANY (committed_ids));
  END IF;
  IF cardinality(allocation_ids) > 0 THEN
    fresh_rows := fresh_rows || ARRAY(
      SELECT ROW(s.kind, s.source_id, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week,
                 ARRAY(SELECT aidgrid_vis_id(t) FROM unnest(s.vis) AS t ORDER BY 1),
                 s.quantity, s.eur, s.count, s.unvalued)::aggregate_fact
      FROM aggregate_fact_allocated s WHERE s.source_id = ANY (allocation_ids));
  END IF;
  IF cardinality(line_ids) > 0 THEN
    fresh_rows := fresh_rows || ARRAY(
      SELECT ROW(s.kind, s.source_id, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week,
                 ARRAY(SELECT aidgrid_vis_id(t) FROM unnest(s.vis) AS t ORDER BY 1),
                 s.quantity, s.eur, s.count, s.unvalued)::aggregate_fact
      FROM aggregate_fact_shipped s WHERE s.source_id = ANY (line_ids));
  END IF;
  IF cardinality(receipt_line_ids) > 0 THEN
    fresh_rows := fresh_rows || ARRAY(
      SELECT ROW(s.kind, s.source_id, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week,
                 ARRAY(SELECT aidgrid_vis_id(t) FROM unnest(s.vis) AS t ORDER BY 1),
                 s.quantity, s.eur, s.count, s.unvalued)::aggregate_fact
      FROM aggregate_fact_delivered s WHERE s.source_id = ANY (receipt_line_ids));
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
