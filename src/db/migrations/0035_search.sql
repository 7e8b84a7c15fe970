-- Search (issue 17): one box over needs, pledges, organisations, items, events, shipments and
-- incidents, and `q` on their lists. A word matches a text when it occurs in it, case folded;
-- src/db/repositories/search.repository.ts states which texts each kind of record is searched in.
--
-- pg_trgm is a trusted extension (PostgreSQL ≥ 13): the database owner may create it. Its GIN
-- indexes serve `LIKE '%word%'` on the folded texts below.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Case folding that does not depend on the database's locale: the embedded cluster is initialised
-- with --locale=C, where lower() leaves Cyrillic alone ('Херсон' stays 'Херсон'). The builtin
-- pg_c_utf8 collation (PostgreSQL ≥ 17) or ICU folds every script; a server with neither falls back
-- to its own locale. IMMUTABLE: the function folds by a fixed collation, so it may be indexed.
DO $$
DECLARE
  folded text := 'lower(t)';
BEGIN
  IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'pg_c_utf8') THEN
    folded := 'lower(t COLLATE pg_c_utf8)';
  ELSIF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
    folded := 'lower(t COLLATE "und-x-icu")';
  END IF;
  EXECUTE format(
    'CREATE FUNCTION aidgrid_search_fold(t text) RETURNS text
       LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
       RETURN %s', folded);
END
$$;

COMMENT ON FUNCTION aidgrid_search_fold(text) IS
  'Search (migration 0035): the text lower-cased by a locale-independent collation, for LIKE ''%word%''.';

-- Trigram indexes on the folded texts that search reads.
CREATE INDEX need_reference_search_idx ON need USING gin (aidgrid_search_fold(reference) gin_trgm_ops);
CREATE INDEX need_justification_search_idx ON need USING gin (aidgrid_search_fold(justification) gin_trgm_ops);
CREATE INDEX pledge_conditions_search_idx ON pledge USING gin (aidgrid_search_fold(conditions) gin_trgm_ops);
CREATE INDEX organisation_name_search_idx ON organisation USING gin (aidgrid_search_fold(name) gin_trgm_ops);
CREATE INDEX organisation_short_name_search_idx ON organisation
  USING gin (aidgrid_search_fold(short_name) gin_trgm_ops);
CREATE INDEX item_code_search_idx ON item USING gin (aidgrid_search_fold(code) gin_trgm_ops);
CREATE INDEX item_name_search_idx ON item USING gin (aidgrid_search_fold(name) gin_trgm_ops);
CREATE INDEX item_name_uk_search_idx ON item USING gin (aidgrid_search_fold(name_uk) gin_trgm_ops);
CREATE INDEX region_code_search_idx ON region USING gin (aidgrid_search_fold(code) gin_trgm_ops);
CREATE INDEX region_name_search_idx ON region USING gin (aidgrid_search_fold(name) gin_trgm_ops);
CREATE INDEX region_name_uk_search_idx ON region USING gin (aidgrid_search_fold(name_uk) gin_trgm_ops);
CREATE INDEX item_category_name_search_idx ON item_category USING gin (aidgrid_search_fold(name) gin_trgm_ops);
CREATE INDEX item_category_name_uk_search_idx ON item_category
  USING gin (aidgrid_search_fold(name_uk) gin_trgm_ops);
CREATE INDEX event_name_search_idx ON event USING gin (aidgrid_search_fold(name) gin_trgm_ops);
CREATE INDEX shipment_reference_search_idx ON shipment USING gin (aidgrid_search_fold(reference) gin_trgm_ops);
CREATE INDEX incident_title_search_idx ON incident USING gin (aidgrid_search_fold(title) gin_trgm_ops);
CREATE INDEX incident_description_search_idx ON incident
  USING gin (aidgrid_search_fold(description) gin_trgm_ops);
