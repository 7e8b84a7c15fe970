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

-- The records derived directly from one source row, whatever the reader may see of them (ids only):
-- when a source is raised, the service raises what was derived from it (src/core/shared/derived.ts).
CREATE FUNCTION aidgrid_derived_records(source_table text, source_id uuid)
RETURNS TABLE (entity_type text, entity_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT 'allocation', a.id FROM allocation a
   WHERE (source_table = 'pledge' AND a.pledge_id = source_id) OR (source_table = 'need' AND a.need_id = source_id)
  UNION
  SELECT 'need', n.id FROM need n
   WHERE (source_table = 'incident' AND n.incident_id = source_id) OR (source_table = 'need_rule' AND n.rule_id = source_id)
  UNION
  SELECT 'shipment', sl.shipment_id FROM shipment_line sl WHERE source_table = 'allocation' AND sl.allocation_id = source_id
  UNION
  SELECT 'receipt', r.id FROM receipt r WHERE source_table = 'shipment' AND r.shipment_id = source_id
  ORDER BY 1, 2
$$;

-- A derived record's own level and those of its sources ('self' first, then 'source' rows).
CREATE FUNCTION aidgrid_derived_levels(entity_type text, entity_id uuid)
RETURNS TABLE (role text, classification classification, embargo_until date)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
  SELECT 'self', a.classification, a.embargo_until FROM allocation a WHERE entity_type = 'allocation' AND a.id = entity_id
  UNION ALL SELECT 'source', p.classification, p.embargo_until FROM allocation a JOIN pledge p ON p.id = a.pledge_id
   WHERE entity_type = 'allocation' AND a.id = entity_id
  UNION ALL SELECT 'source', n.classification, n.embargo_until FROM allocation a JOIN need n ON n.id = a.need_id
   WHERE entity_type = 'allocation' AND a.id = entity_id
  UNION ALL SELECT 'self', n.classification, n.embargo_until FROM need n WHERE entity_type = 'need' AND n.id = entity_id
  UNION ALL SELECT 'source', i.classification, i.embargo_until FROM need n JOIN incident i ON i.id = n.incident_id
   WHERE entity_type = 'need' AND n.id = entity_id
  UNION ALL SELECT 'source', r.classification, r.embargo_until FROM need n JOIN need_rule r ON r.id = n.rule_id
   WHERE entity_type = 'need' AND n.id = entity_id
  UNION ALL SELECT 'self', s.classification, s.embargo_until FROM shipment s WHERE entity_type = 'shipment' AND s.id = entity_id
  UNION ALL SELECT 'source', a.classification, a.embargo_until FROM shipment_line sl JOIN allocation a ON a.id = sl.allocation_id
   WHERE entity_type = 'shipment' AND sl.shipment_id = entity_id
  UNION ALL SELECT 'self', r.classification, r.embargo_until FROM receipt r WHERE entity_type = 'receipt' AND r.id = entity_id
  UNION ALL SELECT 'source', s.classification, s.embargo_until FROM receipt r JOIN shipment s ON s.id = r.shipment_id
   WHERE entity_type = 'receipt' AND r.id = entity_id
$$;

-- Raises a derived record to the level the service computed from its sources, whatever its writer
-- may see of it. It can only raise: a lower classification or an earlier embargo is ignored, so
-- the application role cannot use it to expose anything. Answers the new version, or NULL when
-- nothing changed.
CREATE FUNCTION aidgrid_raise_derived(entity_type text, entity_id uuid, cls classification, embargo date, actor text)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  new_version integer;
BEGIN
  IF entity_type NOT IN ('allocation', 'need', 'shipment', 'receipt') THEN
    RAISE EXCEPTION 'aidgrid_raise_derived: % is not a derived record', entity_type;
  END IF;
  EXECUTE format(
    'UPDATE %I AS t SET classification = GREATEST(t.classification, $2),
        embargo_until = CASE WHEN GREATEST(t.classification, $2) = ''public''
                             THEN GREATEST(t.embargo_until, $3) ELSE t.embargo_until END,
        version = t.version + 1, updated_at = now(), updated_by = $4
      WHERE t.id = $1
        AND ($2 > t.classification
             OR ($2 = ''public'' AND t.classification = ''public'' AND $3 IS NOT NULL
                 AND (t.embargo_until IS NULL OR t.embargo_until < $3)))
      RETURNING t.version', entity_type)
    INTO new_version USING entity_id, cls, embargo, actor;
  RETURN new_version;
END
$$;
REVOKE ALL ON FUNCTION aidgrid_derived_records(text, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION aidgrid_derived_levels(text, uuid) FROM PUBLIC;
REVOKE ALL ON FUNCTION aidgrid_raise_derived(text, uuid, classification, date, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION aidgrid_derived_records(text, uuid), aidgrid_derived_levels(text, uuid),
  aidgrid_raise_derived(text, uuid, classification, date, text) TO aidgrid_app;

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

-- A source's link to a record is visible only with both: the source, and the record it names (a
-- public source cited by a restricted pledge must not show that pledge's id). Each EXISTS reads the
-- record under its own policy.
DROP POLICY visible ON source_link;
CREATE POLICY visible ON source_link FOR ALL TO aidgrid_app
  USING (EXISTS (SELECT 1 FROM source s WHERE s.id = source_link.source_id) AND (
    (entity_type = 'organisation' AND EXISTS (SELECT 1 FROM organisation t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'region' AND EXISTS (SELECT 1 FROM region t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'item' AND EXISTS (SELECT 1 FROM item t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'event' AND EXISTS (SELECT 1 FROM event t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'need' AND EXISTS (SELECT 1 FROM need t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'pledge' AND EXISTS (SELECT 1 FROM pledge t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'allocation' AND EXISTS (SELECT 1 FROM allocation t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'shipment' AND EXISTS (SELECT 1 FROM shipment t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'receipt' AND EXISTS (SELECT 1 FROM receipt t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'incident' AND EXISTS (SELECT 1 FROM incident t WHERE t.id = source_link.entity_id))
    OR (entity_type = 'need_rule' AND EXISTS (SELECT 1 FROM need_rule t WHERE t.id = source_link.entity_id))));

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
