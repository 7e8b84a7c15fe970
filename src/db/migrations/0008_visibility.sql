-- Visibility in the database: the application's role, embargoes, and row-level security on every
-- record. Frozen once landed. The rule (docs/security.md, DESIGN.md "Classification and visibility"):
-- a record is visible to its owner organisation, to the organisations it names as parties, and
-- otherwise only if its classification is at or below the reader's clearance. A public record with
-- an embargo counts as coalition until the embargo day (UTC): public from embargo_until onwards.
--
-- Requests run as aidgrid_app (NOLOGIN, no BYPASSRLS): src/db/connection.ts switches each checked
-- out connection to it and sets aidgrid.org_id and aidgrid.clearance for the reader. The operator's
-- own tools (CLI, demo loader, migrations) stay the session user, who owns the tables and so is
-- not subject to the policies (no FORCE ROW LEVEL SECURITY, on purpose).

-- Roles are cluster-wide: databases migrated concurrently in one cluster race to create it.
DO $$
BEGIN
  CREATE ROLE aidgrid_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

-- A migrating user that is not a superuser must be a member of the role to SET ROLE to it.
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    EXECUTE format('GRANT aidgrid_app TO %I', current_user);
  END IF;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO aidgrid_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO aidgrid_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO aidgrid_app;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO aidgrid_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO aidgrid_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO aidgrid_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT EXECUTE ON FUNCTIONS TO aidgrid_app;

-- The audit log is append-only for the application; the migration bookkeeping is not its business.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM aidgrid_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migration FROM aidgrid_app;

-- Embargo: on every record table (the tables with owner_org_id and classification).
DO $$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'owner_org_id' AND tb.table_type = 'BASE TABLE'
      AND EXISTS (SELECT 1 FROM information_schema.columns k
                  WHERE k.table_schema = 'public' AND k.table_name = c.table_name AND k.column_name = 'classification')
  LOOP
    EXECUTE format('ALTER TABLE %I ADD COLUMN IF NOT EXISTS embargo_until date', t);
  END LOOP;
END
$$;

-- The reader of this connection, as set by src/db/connection.ts. No setting: nobody's organisation
-- and public clearance, so a forgotten setting shows public records only.
CREATE FUNCTION aidgrid_reader_org() RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT NULLIF(current_setting('aidgrid.org_id', true), '')::uuid
$$;

CREATE FUNCTION aidgrid_reader_clearance() RETURNS classification LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT COALESCE(NULLIF(current_setting('aidgrid.clearance', true), '')::classification, 'public')
$$;

-- The classification a reader who is neither owner nor party sees: an embargoed public record
-- counts as coalition before its embargo day (UTC).
CREATE FUNCTION aidgrid_effective_classification(cls classification, embargo date)
RETURNS classification LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN cls = 'public' AND embargo IS NOT NULL AND embargo > (now() AT TIME ZONE 'UTC')::date
      THEN 'coalition'::classification
    ELSE cls
  END
$$;

-- The rule for one reader; the parties argument is evaluated only when ownership and clearance
-- do not already decide (OR evaluates left to right), so the usual case costs no party look-up.
CREATE FUNCTION aidgrid_visible_to(
  reader_org uuid, reader_clearance classification,
  owner uuid, cls classification, embargo date, parties uuid[]
) RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT COALESCE(
    (reader_org IS NOT NULL AND owner = reader_org)
    OR aidgrid_effective_classification(cls, embargo) <= reader_clearance
    OR (reader_org IS NOT NULL AND reader_org = ANY (parties)),
    false)
$$;

-- The rule for the reader of this connection, written out (not through aidgrid_visible_to) so that
-- PostgreSQL can inline it into the policies: each argument is used once and the settings are cheap.
CREATE FUNCTION aidgrid_visible(owner uuid, cls classification, embargo date, parties uuid[])
RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT COALESCE(
    owner = NULLIF(current_setting('aidgrid.org_id', true), '')::uuid
    OR aidgrid_effective_classification(cls, embargo)
       <= COALESCE(NULLIF(current_setting('aidgrid.clearance', true), '')::classification, 'public')
    OR NULLIF(current_setting('aidgrid.org_id', true), '')::uuid = ANY (parties),
    false)
$$;

-- Parties that live in other tables. SECURITY DEFINER: the parties of a record are part of its
-- own visibility, whether or not the reader may see the pledge or need they come from; the
-- functions return organisation ids only, never the rows.
CREATE FUNCTION aidgrid_allocation_parties(pledge uuid, need uuid) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT ARRAY(
    SELECT p.donor_org_id FROM pledge p WHERE p.id = pledge
    UNION SELECT p.recipient_org_id FROM pledge p WHERE p.id = pledge AND p.recipient_org_id IS NOT NULL
    UNION SELECT n.recipient_org_id FROM need n WHERE n.id = need
  )
$$;

CREATE FUNCTION aidgrid_shipment_parties(shipment uuid) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT ARRAY(
    SELECT p.donor_org_id FROM shipment_line sl JOIN pledge p ON p.id = sl.pledge_id WHERE sl.shipment_id = shipment
    UNION SELECT p.recipient_org_id FROM shipment_line sl JOIN pledge p ON p.id = sl.pledge_id
          WHERE sl.shipment_id = shipment AND p.recipient_org_id IS NOT NULL
    UNION SELECT n.recipient_org_id FROM shipment_line sl JOIN need n ON n.id = sl.need_id WHERE sl.shipment_id = shipment
  )
$$;

CREATE FUNCTION aidgrid_receipt_parties(shipment uuid, received_by uuid) RETURNS uuid[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT array_append(aidgrid_shipment_parties(shipment), received_by)
$$;

REVOKE ALL ON FUNCTION aidgrid_allocation_parties(uuid, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION aidgrid_shipment_parties(uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION aidgrid_receipt_parties(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aidgrid_allocation_parties(uuid, uuid) TO aidgrid_app;
GRANT EXECUTE ON FUNCTION aidgrid_shipment_parties(uuid) TO aidgrid_app;
GRANT EXECUTE ON FUNCTION aidgrid_receipt_parties(uuid, uuid) TO aidgrid_app;
GRANT EXECUTE ON FUNCTION aidgrid_reader_org(), aidgrid_reader_clearance(),
  aidgrid_effective_classification(classification, date),
  aidgrid_visible_to(uuid, classification, uuid, classification, date, uuid[]),
  aidgrid_visible(uuid, classification, date, uuid[]) TO aidgrid_app;

-- Row-level security on every record table. One policy for the application's role covers reads
-- (USING) and writes (WITH CHECK: nobody writes a row they could not read back). Other roles get
-- no policy, so they see nothing unless they own the tables.
DO $$
DECLARE
  t text;
  parties text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'owner_org_id' AND tb.table_type = 'BASE TABLE'
      AND EXISTS (SELECT 1 FROM information_schema.columns k
                  WHERE k.table_schema = 'public' AND k.table_name = c.table_name AND k.column_name = 'classification')
  LOOP
    parties := CASE t
      WHEN 'organisation' THEN 'ARRAY[id]'
      WHEN 'need' THEN 'ARRAY[recipient_org_id]'
      WHEN 'pledge' THEN 'ARRAY[donor_org_id, recipient_org_id]'
      WHEN 'allocation' THEN 'aidgrid_allocation_parties(pledge_id, need_id)'
      WHEN 'shipment' THEN 'aidgrid_shipment_parties(id)'
      WHEN 'receipt' THEN 'aidgrid_receipt_parties(shipment_id, received_by_org_id)'
      ELSE 'NULL::uuid[]'
    END;
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format(
      'CREATE POLICY visible ON %I FOR ALL TO aidgrid_app '
      'USING (aidgrid_visible(owner_org_id, classification, embargo_until, %s)) '
      'WITH CHECK (aidgrid_visible(owner_org_id, classification, embargo_until, %s))',
      t, parties, parties);
  END LOOP;
END
$$;

-- Rows that belong to a record: visible with their record. The EXISTS reads the parent under its
-- own policy, so a join through a child can never reach a row of a record the reader may not see.
DO $$
DECLARE
  child record;
BEGIN
  FOR child IN
    SELECT * FROM (VALUES
      ('pledge_transition', 'EXISTS (SELECT 1 FROM pledge p WHERE p.id = pledge_transition.pledge_id)'),
      ('shipment_line', 'EXISTS (SELECT 1 FROM shipment s WHERE s.id = shipment_line.shipment_id)'),
      ('receipt_line', 'EXISTS (SELECT 1 FROM receipt r WHERE r.id = receipt_line.receipt_id)'),
      ('source_link', 'EXISTS (SELECT 1 FROM source s WHERE s.id = source_link.source_id)'),
      ('duplicate_flag',
       'EXISTS (SELECT 1 FROM pledge p WHERE p.id = duplicate_flag.entity_id) '
       'AND EXISTS (SELECT 1 FROM pledge p WHERE p.id = duplicate_flag.other_id)'),
      ('lead_time', 'EXISTS (SELECT 1 FROM hub h WHERE h.id = lead_time.hub_id)'),
      ('plan_allocation', 'EXISTS (SELECT 1 FROM plan_run r WHERE r.id = plan_allocation.run_id)'),
      ('plan_need_result', 'EXISTS (SELECT 1 FROM plan_run r WHERE r.id = plan_need_result.run_id)'),
      ('plan_lot_result', 'EXISTS (SELECT 1 FROM plan_run r WHERE r.id = plan_lot_result.run_id)')
    ) AS v (table_name, condition)
  LOOP
    IF to_regclass(format('public.%I', child.table_name)) IS NOT NULL THEN
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', child.table_name);
      EXECUTE format('CREATE POLICY visible ON %I FOR ALL TO aidgrid_app USING (%s) WITH CHECK (%s)',
        child.table_name, child.condition, child.condition);
    END IF;
  END LOOP;
END
$$;

-- Views, should any exist, read with the rights of their reader, not of their owner.
DO $$
DECLARE
  v text;
BEGIN
  FOR v IN SELECT table_name FROM information_schema.views WHERE table_schema = 'public' LOOP
    EXECUTE format('ALTER VIEW %I SET (security_invoker = true)', v);
  END LOOP;
END
$$;
