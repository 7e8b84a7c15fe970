-- Hardening (issue 13): derived records keep the classification of their sources, and logins are
-- throttled per account and client address. Frozen once landed.
--
-- The floor (src/core/shared/classification.ts, classificationFloor): a derived record is at least
-- as classified as the most classified of its sources; when that is public, the latest embargo of
-- the sources comes with it. Sources: an allocation's pledge and need; a shipment's allocations
-- (through its lines); a receipt's shipment; a need derived from an incident by a rule, that
-- incident and rule. The rule is written out here once more because a migration never imports
-- application code.

-- Every row of `source_table` with one of `ids`, as (classification, embargo_until), whatever the
-- reader may see of it: the service reads the floor of a derived record through this, so that a
-- writer who sees the derived record but not all of its sources still cannot lower it. It answers
-- levels and dates only, never the rows.
CREATE FUNCTION aidgrid_source_classifications(source_table text, ids uuid[])
RETURNS TABLE (classification classification, embargo_until date)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
  IF source_table NOT IN ('pledge', 'need', 'allocation', 'shipment', 'incident', 'need_rule') THEN
    RAISE EXCEPTION 'aidgrid_source_classifications: % is not a source of derived records', source_table;
  END IF;
  RETURN QUERY EXECUTE format(
    'SELECT t.classification, t.embargo_until FROM %I AS t WHERE t.id = ANY ($1) ORDER BY t.id',
    source_table) USING ids;
END
$$;
REVOKE ALL ON FUNCTION aidgrid_source_classifications(text, uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aidgrid_source_classifications(text, uuid[]) TO aidgrid_app;

-- Existing rows are raised to their floor, sources first: needs derived from incidents, then
-- allocations, shipments, receipts. A raised row gets a new version (a client holding the old one
-- must read it again) and names this migration as its last writer.
WITH floor AS (
  SELECT n.id,
         GREATEST(n.classification, i.classification, r.classification) AS cls,
         GREATEST(i.embargo_until, r.embargo_until) AS embargo
    FROM need n
    JOIN incident i ON i.id = n.incident_id
    JOIN need_rule r ON r.id = n.rule_id
)
UPDATE need AS n
   SET classification = f.cls,
       embargo_until = CASE WHEN f.cls = 'public' THEN GREATEST(n.embargo_until, f.embargo) ELSE n.embargo_until END,
       version = n.version + 1, updated_at = now(), updated_by = 'migration 0010'
  FROM floor f
 WHERE f.id = n.id
   AND (f.cls > n.classification
        OR (f.cls = 'public' AND f.embargo > (now() AT TIME ZONE 'UTC')::date
            AND (n.embargo_until IS NULL OR n.embargo_until < f.embargo)));

WITH floor AS (
  SELECT a.id,
         GREATEST(a.classification, p.classification, n.classification) AS cls,
         GREATEST(p.embargo_until, n.embargo_until) AS embargo
    FROM allocation a
    JOIN pledge p ON p.id = a.pledge_id
    JOIN need n ON n.id = a.need_id
)
UPDATE allocation AS a
   SET classification = f.cls,
       embargo_until = CASE WHEN f.cls = 'public' THEN GREATEST(a.embargo_until, f.embargo) ELSE a.embargo_until END,
       version = a.version + 1, updated_at = now(), updated_by = 'migration 0010'
  FROM floor f
 WHERE f.id = a.id
   AND (f.cls > a.classification
        OR (f.cls = 'public' AND f.embargo > (now() AT TIME ZONE 'UTC')::date
            AND (a.embargo_until IS NULL OR a.embargo_until < f.embargo)));

WITH floor AS (
  SELECT s.id,
         GREATEST(s.classification, max(a.classification)) AS cls,
         max(a.embargo_until) AS embargo
    FROM shipment s
    JOIN shipment_line sl ON sl.shipment_id = s.id
    JOIN allocation a ON a.id = sl.allocation_id
   GROUP BY s.id
)
UPDATE shipment AS s
   SET classification = f.cls,
       embargo_until = CASE WHEN f.cls = 'public' THEN GREATEST(s.embargo_until, f.embargo) ELSE s.embargo_until END,
       version = s.version + 1, updated_at = now(), updated_by = 'migration 0010'
  FROM floor f
 WHERE f.id = s.id
   AND (f.cls > s.classification
        OR (f.cls = 'public' AND f.embargo > (now() AT TIME ZONE 'UTC')::date
            AND (s.embargo_until IS NULL OR s.embargo_until < f.embargo)));

UPDATE receipt AS r
   SET classification = GREATEST(r.classification, s.classification),
       embargo_until = CASE WHEN GREATEST(r.classification, s.classification) = 'public'
                            THEN GREATEST(r.embargo_until, s.embargo_until) ELSE r.embargo_until END,
       version = r.version + 1, updated_at = now(), updated_by = 'migration 0010'
  FROM shipment s
 WHERE s.id = r.shipment_id
   AND (s.classification > r.classification
        OR (s.classification = 'public' AND s.embargo_until > (now() AT TIME ZONE 'UTC')::date
            AND (r.embargo_until IS NULL OR r.embargo_until < s.embargo_until)));

-- Login throttling (OWASP ASVS 5.0 V6.3): failed logins count per (account, client address) with
-- growing delays, plus a cap per client address. Nothing counts per account alone any more, so
-- nobody can lock an account's owner out from elsewhere. account_address keys are
-- '<email in lower case> <address>'; blocked_until is when the next attempt of that key may come.
DELETE FROM login_throttle WHERE scope = 'email';
ALTER TABLE login_throttle DROP CONSTRAINT login_throttle_scope_check;
ALTER TABLE login_throttle ADD CONSTRAINT login_throttle_scope_check CHECK (scope IN ('ip', 'account_address'));
ALTER TABLE login_throttle DROP CONSTRAINT login_throttle_key_check;
ALTER TABLE login_throttle ADD CONSTRAINT login_throttle_key_check CHECK (length(key) BETWEEN 1 AND 400);
ALTER TABLE login_throttle ADD COLUMN blocked_until timestamptz;
