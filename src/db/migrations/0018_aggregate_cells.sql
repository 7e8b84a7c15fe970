-- Aggregate cells: the read model of the gap report (docs/figures.md, "Aggregate cells"). Frozen
-- once landed.
--
-- Every row the gap report adds is a fact of one kind (a need, a pledge's announced and committed
-- quantities, an accepted allocation, a shipment line, a receipt line). A fact depends on several
-- records at once (a receipt line is counted for a reader who sees its receipt, the shipment, the
-- allocation, its pledge, its need and the item), and each of them is visible by its own
-- classification, embargo, owner and parties. Those four are the fact's visibility tuples, stored
-- once in aggregate_visibility; a cell is keyed by the fact kind, the report dimensions and the set
-- of visibility tuples of its facts, so a reader is admitted to a cell iff every tuple of its key
-- is visible to the reader, iff every row summed into the cell is.
--
-- Maintenance: statement-level AFTER triggers with transition tables on every source table call
-- aidgrid_aggregate_refresh with the ids of the facts a statement may have changed; it recomputes
-- those facts from the rows, diffs them with the ledger aggregate_fact (one row per fact), and adds
-- the differences to the cells with INSERT … ON CONFLICT DO UPDATE, in the writer's own shard so
-- that concurrent writers on one cell do not queue on one row.

-- One visibility tuple. embargo_until is '-infinity' when it does not matter (no embargo, or not a
-- public record), owner_org_id the nil uuid when there is none; parties sorted, without nulls.
CREATE TYPE aidgrid_vis AS (
  classification classification,
  embargo_until  date,
  owner_org_id   uuid,
  parties        uuid[]
);

CREATE TABLE aggregate_visibility (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  classification classification NOT NULL,
  embargo_until  date NOT NULL,
  owner_org_id   uuid NOT NULL,
  parties        uuid[] NOT NULL,
  UNIQUE (classification, embargo_until, owner_org_id, parties)
);

-- The ledger: what each fact adds now, under which key.
CREATE TABLE aggregate_fact (
  kind         text NOT NULL CHECK (kind IN ('need', 'pledged', 'committed', 'allocated', 'shipped', 'delivered')),
  source_id    uuid NOT NULL,
  item_id      uuid NOT NULL,
  region_id    uuid,
  donor_org_id uuid,
  event_id     uuid,
  week         date,
  vis          integer[] NOT NULL,
  quantity     numeric NOT NULL,
  eur          numeric NOT NULL,
  count        integer NOT NULL,
  unvalued     integer NOT NULL,
  PRIMARY KEY (kind, source_id)
);

-- The cells. week is the Monday of the ISO week; shard spreads concurrent writers of one key.
CREATE TABLE aggregate_cell (
  kind         text NOT NULL,
  item_id      uuid NOT NULL,
  region_id    uuid,
  donor_org_id uuid,
  event_id     uuid,
  week         date,
  vis          integer[] NOT NULL,
  shard        smallint NOT NULL,
  quantity     numeric NOT NULL,
  eur          numeric NOT NULL,
  count        bigint NOT NULL,
  unvalued     bigint NOT NULL,
  CONSTRAINT aggregate_cell_key UNIQUE NULLS NOT DISTINCT (kind, item_id, region_id, donor_org_id, event_id, week, vis, shard)
);
CREATE INDEX aggregate_cell_item_idx ON aggregate_cell (item_id, kind);

-- A record's visibility tuple, normalised; NULL when everyone may see the record (public, no
-- embargo), which then constrains no cell.
CREATE FUNCTION aidgrid_vis_of(cls classification, embargo date, owner uuid, parties uuid[])
RETURNS aidgrid_vis LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN cls = 'public' AND embargo IS NULL THEN NULL
    ELSE ROW(cls,
             CASE WHEN cls = 'public' THEN embargo ELSE '-infinity'::date END,
             COALESCE(owner, '00000000-0000-0000-0000-000000000000'::uuid),
             ARRAY(SELECT DISTINCT x FROM unnest(parties) AS x WHERE x IS NOT NULL ORDER BY x))::aidgrid_vis
  END
$$;

-- The tuples of a fact: distinct, sorted, without the NULLs of records everyone sees.
CREATE FUNCTION aidgrid_vis_set(tuples aidgrid_vis[])
RETURNS aidgrid_vis[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ARRAY(SELECT DISTINCT t FROM unnest(tuples) AS t
               WHERE t.classification IS NOT NULL ORDER BY t)
$$;

-- Every fact the gap report adds, from the rows (mirrors src/db/repositories/figure.repository.ts
-- countedTables and gap.repository.ts: live pledges only; needs that are not cancelled; accepted
-- allocations; a shipment line ships nothing while preparing and what arrived when lost).
CREATE VIEW aggregate_fact_source AS
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
WHERE n.status <> 'cancelled'
UNION ALL
SELECT 'pledged', p.id, p.item_id, NULL, p.donor_org_id, p.event_id, date_trunc('week', p.announced_on)::date,
       aidgrid_vis_set(ARRAY[
         aidgrid_vis_of(p.classification, p.embargo_until, p.owner_org_id, ARRAY[p.donor_org_id, p.recipient_org_id]),
         aidgrid_vis_of(i.classification, i.embargo_until, i.owner_org_id, '{}')]),
       p.quantity, COALESCE(p.quantity * (COALESCE(p.value_eur, p.price_list_eur) / p.quantity), 0),
       1, (COALESCE(p.value_eur, p.price_list_eur) IS NULL)::integer
FROM pledge p JOIN item i ON i.id = p.item_id
WHERE p.status NOT IN ('cancelled', 'expired')
UNION ALL
SELECT 'committed', p.id, p.item_id, NULL, p.donor_org_id, p.event_id,
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
WHERE p.status NOT IN ('cancelled', 'expired') AND p.committed_quantity > 0
UNION ALL
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
WHERE a.status = 'accepted' AND p.status NOT IN ('cancelled', 'expired')
UNION ALL
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
WHERE a.status = 'accepted' AND p.status NOT IN ('cancelled', 'expired')
UNION ALL
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

-- The id of a visibility tuple, added when new. A concurrent writer adding the same tuple makes
-- the insert wait and do nothing; the next look-up (a new snapshot) finds its row.
CREATE FUNCTION aidgrid_vis_id(t aidgrid_vis) RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  found_id integer;
BEGIN
  LOOP
    SELECT v.id INTO found_id FROM aggregate_visibility v
     WHERE v.classification = t.classification AND v.embargo_until = t.embargo_until
       AND v.owner_org_id = t.owner_org_id AND v.parties = t.parties;
    IF found_id IS NOT NULL THEN
      RETURN found_id;
    END IF;
    INSERT INTO aggregate_visibility (classification, embargo_until, owner_org_id, parties)
    VALUES (t.classification, t.embargo_until, t.owner_org_id, t.parties)
    ON CONFLICT DO NOTHING
    RETURNING id INTO found_id;
    IF found_id IS NOT NULL THEN
      RETURN found_id;
    END IF;
  END LOOP;
END
$$;

-- Recomputes the facts of the given records and of everything below them (a need's or a pledge's
-- allocations, an allocation's shipment lines, a shipment's lines and receipts, a receipt's lines,
-- a shipment line's receipt lines), and adds the differences to the cells. `*_self` ids refresh
-- only the record's own fact (a need's EUR value after a rate change; a pledge's commit week).
CREATE FUNCTION aidgrid_aggregate_refresh(
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
-- One plan per session for the statements below: re-planning them at every call (custom plans for
-- array arguments) cost more than running them.
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
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

  WITH fresh AS MATERIALIZED (
    SELECT s.kind, s.source_id, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week,
           ARRAY(SELECT aidgrid_vis_id(t) FROM unnest(s.vis) AS t ORDER BY 1) AS vis,
           s.quantity, s.eur, s.count, s.unvalued
    FROM (
      SELECT * FROM aggregate_fact_source WHERE kind = 'need' AND source_id = ANY (need_self_ids)
      UNION ALL SELECT * FROM aggregate_fact_source WHERE kind = 'pledged' AND source_id = ANY (pledge_ids)
      UNION ALL SELECT * FROM aggregate_fact_source WHERE kind = 'committed' AND source_id = ANY (committed_ids)
      UNION ALL SELECT * FROM aggregate_fact_source WHERE kind = 'allocated' AND source_id = ANY (allocation_ids)
      UNION ALL SELECT * FROM aggregate_fact_source WHERE kind = 'shipped' AND source_id = ANY (line_ids)
      UNION ALL SELECT * FROM aggregate_fact_source WHERE kind = 'delivered' AND source_id = ANY (receipt_line_ids)
    ) s
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

-- Every cell recomputed from the rows, in the caller's transaction: `aidgrid aggregates rebuild`.
CREATE FUNCTION aidgrid_aggregate_rebuild() RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  cells bigint;
BEGIN
  LOCK TABLE aggregate_fact, aggregate_cell IN EXCLUSIVE MODE;
  DELETE FROM aggregate_cell;
  DELETE FROM aggregate_fact;
  CREATE TEMP TABLE aidgrid_rebuild_source ON COMMIT DROP AS SELECT * FROM aggregate_fact_source;
  INSERT INTO aggregate_visibility (classification, embargo_until, owner_org_id, parties)
  SELECT DISTINCT t.classification, t.embargo_until, t.owner_org_id, t.parties
  FROM aidgrid_rebuild_source s, unnest(s.vis) AS t
  ON CONFLICT DO NOTHING;
  INSERT INTO aggregate_fact
  SELECT s.kind, s.source_id, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week,
         ARRAY(SELECT v.id FROM unnest(s.vis) AS t
               JOIN aggregate_visibility v
                 ON v.classification = t.classification AND v.embargo_until = t.embargo_until
                AND v.owner_org_id = t.owner_org_id AND v.parties = t.parties
               ORDER BY 1),
         s.quantity, s.eur, s.count, s.unvalued
  FROM aidgrid_rebuild_source s;
  INSERT INTO aggregate_cell (kind, item_id, region_id, donor_org_id, event_id, week, vis, shard,
                              quantity, eur, count, unvalued)
  SELECT kind, item_id, region_id, donor_org_id, event_id, week, vis, 0,
         sum(quantity), sum(eur), sum(count), sum(unvalued)
  FROM aggregate_fact
  GROUP BY kind, item_id, region_id, donor_org_id, event_id, week, vis;
  GET DIAGNOSTICS cells = ROW_COUNT;
  DROP TABLE aidgrid_rebuild_source;
  RETURN cells;
END
$$;

-- The cells as stored (shards added up) and as recomputed from the rows, where they differ; keys
-- with all-zero measures on both sides are no difference. `aidgrid aggregates verify`.
CREATE FUNCTION aidgrid_aggregate_differences()
RETURNS TABLE (kind text, item_id uuid, region_id uuid, donor_org_id uuid, event_id uuid, week date,
               vis aidgrid_vis[], stored_quantity numeric, recomputed_quantity numeric,
               stored_eur numeric, recomputed_eur numeric, stored_count bigint, recomputed_count bigint,
               stored_unvalued bigint, recomputed_unvalued bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  WITH stored AS (
    SELECT c.kind, c.item_id, c.region_id, c.donor_org_id, c.event_id, c.week,
           ARRAY(SELECT ROW(v.classification, v.embargo_until, v.owner_org_id, v.parties)::aidgrid_vis
                 FROM unnest(c.vis) AS x(id) JOIN aggregate_visibility v ON v.id = x.id ORDER BY 1) AS vis,
           sum(c.quantity) AS quantity, sum(c.eur) AS eur, sum(c.count)::bigint AS count,
           sum(c.unvalued)::bigint AS unvalued
    FROM aggregate_cell c
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  ),
  recomputed AS (
    SELECT s.kind, s.item_id, s.region_id, s.donor_org_id, s.event_id, s.week, s.vis,
           sum(s.quantity) AS quantity, sum(s.eur) AS eur, sum(s.count)::bigint AS count,
           sum(s.unvalued)::bigint AS unvalued
    FROM aggregate_fact_source s
    GROUP BY 1, 2, 3, 4, 5, 6, 7
  )
  SELECT COALESCE(a.kind, b.kind), COALESCE(a.item_id, b.item_id), COALESCE(a.region_id, b.region_id),
         COALESCE(a.donor_org_id, b.donor_org_id), COALESCE(a.event_id, b.event_id), COALESCE(a.week, b.week),
         COALESCE(a.vis, b.vis),
         COALESCE(a.quantity, 0), COALESCE(b.quantity, 0), COALESCE(a.eur, 0), COALESCE(b.eur, 0),
         COALESCE(a.count, 0), COALESCE(b.count, 0), COALESCE(a.unvalued, 0), COALESCE(b.unvalued, 0)
  FROM stored a
  FULL JOIN recomputed b
    ON a.kind = b.kind AND a.item_id = b.item_id
   AND a.region_id IS NOT DISTINCT FROM b.region_id AND a.donor_org_id IS NOT DISTINCT FROM b.donor_org_id
   AND a.event_id IS NOT DISTINCT FROM b.event_id AND a.week IS NOT DISTINCT FROM b.week AND a.vis = b.vis
  WHERE COALESCE(a.quantity, 0) <> COALESCE(b.quantity, 0) OR COALESCE(a.eur, 0) <> COALESCE(b.eur, 0)
     OR COALESCE(a.count, 0) <> COALESCE(b.count, 0) OR COALESCE(a.unvalued, 0) <> COALESCE(b.unvalued, 0)
  ORDER BY 1, 2, 6 NULLS FIRST, 3 NULLS FIRST, 4 NULLS FIRST, 5 NULLS FIRST
$$;

-- The number of cells stored (shards counted once per key).
CREATE FUNCTION aidgrid_aggregate_cell_count() RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT count(*) FROM (SELECT DISTINCT kind, item_id, region_id, donor_org_id, event_id, week, vis
                        FROM aggregate_cell) k
$$;

-- The triggers: one function per source table, fired once per statement, reading the rows the
-- statement touched from its transition tables. Updates that change nothing a fact depends on (the
-- write-side stage totals, timestamps, versions) refresh nothing.
CREATE FUNCTION aidgrid_aggregate_on_need() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM aidgrid_aggregate_refresh(need_ids => ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM aidgrid_aggregate_refresh(need_ids => ARRAY(SELECT id FROM old_rows));
  ELSE
    PERFORM aidgrid_aggregate_refresh(need_ids => ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (o.item_id, o.region_id, o.quantity, o.needed_by, o.status = 'cancelled', o.recipient_org_id,
              o.owner_org_id, o.classification, o.embargo_until)
             IS DISTINCT FROM
             (n.item_id, n.region_id, n.quantity, n.needed_by, n.status = 'cancelled', n.recipient_org_id,
              n.owner_org_id, n.classification, n.embargo_until)
      UNION SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)
      UNION SELECT n.id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id)));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_pledge() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM aidgrid_aggregate_refresh(pledge_ids => ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM aidgrid_aggregate_refresh(pledge_ids => ARRAY(SELECT id FROM old_rows));
  ELSE
    -- What the pledge's own facts and its allocations', shipments' and receipts' facts depend on;
    -- its committed quantity only its own commitment.
    PERFORM aidgrid_aggregate_refresh(
      pledge_ids => ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (o.item_id, o.quantity, o.status IN ('cancelled', 'expired'), o.donor_org_id, o.recipient_org_id,
                o.event_id, o.announced_on, o.value_eur, o.price_list_eur, o.owner_org_id, o.classification,
                o.embargo_until)
               IS DISTINCT FROM
               (n.item_id, n.quantity, n.status IN ('cancelled', 'expired'), n.donor_org_id, n.recipient_org_id,
                n.event_id, n.announced_on, n.value_eur, n.price_list_eur, n.owner_org_id, n.classification,
                n.embargo_until)
        UNION SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)
        UNION SELECT n.id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id)),
      committed_ids => ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE o.committed_quantity IS DISTINCT FROM n.committed_quantity));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_pledge_transition() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM aidgrid_aggregate_refresh(committed_ids => ARRAY(SELECT DISTINCT pledge_id FROM new_rows WHERE action = 'commit'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM aidgrid_aggregate_refresh(committed_ids => ARRAY(SELECT DISTINCT pledge_id FROM old_rows WHERE action = 'commit'));
  ELSE
    PERFORM aidgrid_aggregate_refresh(committed_ids => ARRAY(
      SELECT pledge_id FROM new_rows WHERE action = 'commit'
      UNION SELECT pledge_id FROM old_rows WHERE action = 'commit'));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_allocation() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM aidgrid_aggregate_refresh(allocation_ids => ARRAY(SELECT id FROM new_rows WHERE status = 'accepted'));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM aidgrid_aggregate_refresh(allocation_ids => ARRAY(SELECT id FROM old_rows));
  ELSE
    PERFORM aidgrid_aggregate_refresh(allocation_ids => ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (o.status, o.quantity, o.pledge_id, o.need_id, o.owner_org_id, o.classification, o.embargo_until)
             IS DISTINCT FROM
             (n.status, n.quantity, n.pledge_id, n.need_id, n.owner_org_id, n.classification, n.embargo_until)
      UNION SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)
      UNION SELECT n.id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id)));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_shipment() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    RETURN NULL; -- a new shipment has no lines yet; its lines' trigger counts them
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM aidgrid_aggregate_refresh(shipment_ids => ARRAY(SELECT id FROM old_rows));
  ELSE
    PERFORM aidgrid_aggregate_refresh(shipment_ids => ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (o.status, o.owner_org_id, o.classification, o.embargo_until)
             IS DISTINCT FROM (n.status, n.owner_org_id, n.classification, n.embargo_until)
      UNION SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_shipment_line() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  -- A line added, removed or moved changes its shipment's parties: the whole shipment is refreshed.
  IF TG_OP = 'INSERT' THEN
    PERFORM aidgrid_aggregate_refresh(shipment_ids => ARRAY(SELECT DISTINCT shipment_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM aidgrid_aggregate_refresh(
      shipment_ids => ARRAY(SELECT DISTINCT shipment_id FROM old_rows),
      line_ids => ARRAY(SELECT id FROM old_rows));
  ELSE
    PERFORM aidgrid_aggregate_refresh(
      shipment_ids => ARRAY(
        SELECT n.shipment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (o.shipment_id, o.allocation_id, o.pledge_id, o.need_id)
               IS DISTINCT FROM (n.shipment_id, n.allocation_id, n.pledge_id, n.need_id)
        UNION SELECT o.shipment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (o.shipment_id, o.allocation_id, o.pledge_id, o.need_id)
               IS DISTINCT FROM (n.shipment_id, n.allocation_id, n.pledge_id, n.need_id)),
      line_ids => ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (o.quantity, o.received_quantity) IS DISTINCT FROM (n.quantity, n.received_quantity)
        UNION SELECT o.id FROM old_rows o WHERE NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id)
        UNION SELECT n.id FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id)));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_receipt() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    RETURN NULL; -- no lines yet
  ELSIF TG_OP = 'DELETE' THEN
    RETURN NULL; -- its lines went with it (ON DELETE CASCADE); their trigger counts them
  ELSE
    PERFORM aidgrid_aggregate_refresh(receipt_ids => ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (o.shipment_id, o.received_on, o.received_by_org_id, o.owner_org_id, o.classification, o.embargo_until)
             IS DISTINCT FROM
             (n.shipment_id, n.received_on, n.received_by_org_id, n.owner_org_id, n.classification, n.embargo_until)));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_receipt_line() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM aidgrid_aggregate_refresh(receipt_line_ids => ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM aidgrid_aggregate_refresh(receipt_line_ids => ARRAY(SELECT id FROM old_rows));
  ELSE
    PERFORM aidgrid_aggregate_refresh(receipt_line_ids => ARRAY(
      SELECT id FROM new_rows UNION SELECT id FROM old_rows));
  END IF;
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_item() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    PERFORM aidgrid_aggregate_refresh(item_ids => ARRAY(
      SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
       WHERE (o.reference_price_amount, o.reference_price_currency, o.owner_org_id, o.classification, o.embargo_until)
             IS DISTINCT FROM
             (n.reference_price_amount, n.reference_price_currency, n.owner_org_id, n.classification, n.embargo_until)));
  END IF;
  RETURN NULL; -- a new item has no needs or pledges; a deleted one had none
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_fx_rate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  currencies text[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    currencies := ARRAY(SELECT DISTINCT currency::text FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    currencies := ARRAY(SELECT DISTINCT currency::text FROM old_rows);
  ELSE
    currencies := ARRAY(SELECT currency::text FROM new_rows UNION SELECT currency::text FROM old_rows);
  END IF;
  -- A need is valued at its item's price at the rate of its needed-by day: needs priced in them.
  PERFORM aidgrid_aggregate_refresh(need_self_ids => ARRAY(
    SELECT n.id FROM need n JOIN item i ON i.id = n.item_id
     WHERE i.reference_price_currency::text = ANY (currencies)));
  RETURN NULL;
END
$$;

CREATE FUNCTION aidgrid_aggregate_on_truncate() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  PERFORM aidgrid_aggregate_rebuild();
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['need', 'pledge', 'pledge_transition', 'allocation', 'shipment', 'shipment_line',
                           'receipt', 'receipt_line', 'item', 'fx_rate'] LOOP
    EXECUTE format('CREATE TRIGGER aggregate_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_aggregate_on_%s()', t, t);
    EXECUTE format('CREATE TRIGGER aggregate_upd AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_aggregate_on_%s()', t, t);
    EXECUTE format('CREATE TRIGGER aggregate_del AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_aggregate_on_%s()', t, t);
    EXECUTE format('CREATE TRIGGER aggregate_truncate AFTER TRUNCATE ON %I '
                   'FOR EACH STATEMENT EXECUTE FUNCTION aidgrid_aggregate_on_truncate()', t);
  END LOOP;
END
$$;

-- The application reads cells and visibility tuples; only the functions above (owned by the
-- tables' owner, SECURITY DEFINER) write them. Row-level security as in migration 0008: a reader
-- sees the visibility tuples visible to it, and the cells whose every tuple it sees.
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON aggregate_visibility, aggregate_fact, aggregate_cell FROM aidgrid_app;
REVOKE ALL ON aggregate_fact_source FROM aidgrid_app;
GRANT SELECT ON aggregate_visibility, aggregate_cell TO aidgrid_app;
REVOKE SELECT ON aggregate_fact FROM aidgrid_app;
ALTER TABLE aggregate_visibility ENABLE ROW LEVEL SECURITY;
ALTER TABLE aggregate_cell ENABLE ROW LEVEL SECURITY;
ALTER TABLE aggregate_fact ENABLE ROW LEVEL SECURITY;
CREATE POLICY visible ON aggregate_visibility FOR SELECT TO aidgrid_app
  USING (aidgrid_visible(owner_org_id, classification, embargo_until, parties));
CREATE POLICY visible ON aggregate_cell FOR SELECT TO aidgrid_app
  USING (NOT EXISTS (SELECT 1 FROM unnest(vis) AS x(id)
                     WHERE x.id NOT IN (SELECT v.id FROM aggregate_visibility v)));
REVOKE ALL ON FUNCTION aidgrid_aggregate_refresh(uuid[], uuid[], uuid[], uuid[], uuid[], uuid[], uuid[], uuid[], uuid[], uuid[]),
  aidgrid_aggregate_rebuild(), aidgrid_vis_id(aidgrid_vis) FROM PUBLIC, aidgrid_app;

-- Cells for what is already stored.
SELECT aidgrid_aggregate_rebuild();
