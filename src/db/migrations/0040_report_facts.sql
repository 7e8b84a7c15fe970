-- The aggregate ledger readable by the application for reports over many pledges
-- (figure.repository.ts, countedFacts). Frozen once landed.
--
-- A fact (migration 0018) depends on several records, each with its visibility tuple; a reader
-- may read a fact only when it sees every one of them — the rule the cells already follow.
GRANT SELECT ON aggregate_fact TO aidgrid_app;
CREATE POLICY visible ON aggregate_fact FOR SELECT TO aidgrid_app
  USING (NOT EXISTS (SELECT 1 FROM unnest(vis) AS x(id)
                     WHERE x.id NOT IN (SELECT v.id FROM aggregate_visibility v)));

-- The accepted allocations ('allocated'), shipment lines ('shipped') or receipt lines ('delivered')
-- of live pledges that a reader may count — every record each depends on visible to that reader
-- (aidgrid_visible_to, the rule of migration 0008; `everything` for the system and a restricted
-- clearance) — with the quantity as counted. The reports joined the reader's visible tables
-- instead, whose row conditions PostgreSQL estimates at tens of rows where there are thousands: it
-- then chose nested loops over materialised joins, 13–28 s for one report at 100,000 needs and
-- pledges. A PL/pgSQL function is not inlined, so the report plans with its ROWS instead; inside, each
-- fact joins its records by primary key. It runs as its caller: row-level security still applies.
CREATE FUNCTION aidgrid_counted_facts(fact_kind text, reader_org uuid, reader_clearance classification, everything boolean)
RETURNS TABLE (id uuid, allocation_id uuid, pledge_id uuid, need_id uuid, quantity numeric, received_on date)
LANGUAGE plpgsql STABLE ROWS 100000 AS $$
BEGIN
  RETURN QUERY
  WITH admitted AS (
    SELECT f.source_id, f.quantity FROM aggregate_fact f
     WHERE f.kind = fact_kind
       AND (everything OR NOT EXISTS (
             SELECT 1 FROM unnest(f.vis) AS hidden(vid)
              WHERE hidden.vid IN (SELECT v.id FROM aggregate_visibility v
                                    WHERE NOT aidgrid_visible_to(reader_org, reader_clearance, v.owner_org_id,
                                                                 v.classification, v.embargo_until, v.parties))))
  )
  SELECT a.id, a.id, a.pledge_id, a.need_id, f.quantity, NULL::date
    FROM admitted f JOIN allocation a ON a.id = f.source_id
   WHERE fact_kind = 'allocated'
  UNION ALL
  SELECT sl.id, sl.allocation_id, a.pledge_id, a.need_id, f.quantity, NULL::date
    FROM admitted f JOIN shipment_line sl ON sl.id = f.source_id JOIN allocation a ON a.id = sl.allocation_id
   WHERE fact_kind = 'shipped'
  UNION ALL
  SELECT rl.id, sl.allocation_id, a.pledge_id, a.need_id, f.quantity, r.received_on
    FROM admitted f
    JOIN receipt_line rl ON rl.id = f.source_id
    JOIN receipt r ON r.id = rl.receipt_id
    JOIN shipment_line sl ON sl.id = rl.shipment_line_id
    JOIN allocation a ON a.id = sl.allocation_id
   WHERE fact_kind = 'delivered';
END
$$;
GRANT EXECUTE ON FUNCTION aidgrid_counted_facts(text, uuid, classification, boolean) TO aidgrid_app;

-- The row rule of migration 0008 again, with the reader's organisation tested before the parties
-- are: `org = ANY (parties)` is NULL, not false, for a reader without one (anonymous, analysts of
-- no organisation), so PostgreSQL still computed the parties — for shipments and receipts a
-- function of several index look-ups per row — of every row not visible by its classification.
-- For an anonymous reader that was 6 s of a 21 s event report at 100,000 needs and pledges.
CREATE OR REPLACE FUNCTION aidgrid_visible(owner uuid, cls classification, embargo date, parties uuid[])
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT COALESCE(
    owner = NULLIF(current_setting('aidgrid.org_id', true), '')::uuid
    OR aidgrid_effective_classification(cls, embargo)
       <= COALESCE(NULLIF(current_setting('aidgrid.clearance', true), '')::classification, 'public')
    OR (NULLIF(current_setting('aidgrid.org_id', true), '') IS NOT NULL
        AND NULLIF(current_setting('aidgrid.org_id', true), '')::uuid = ANY (parties)),
    false)
$$;
